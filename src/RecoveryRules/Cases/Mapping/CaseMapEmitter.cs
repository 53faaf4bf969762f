using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using RecoveryRules.Diagnostics;
using RecoveryRules.Symbols;
using RecoveryRules.Text;
using State = RecoveryRules.CaseReader.State;

namespace RecoveryRules;

/// <summary>
/// Builds the one expression tree of a compiled case map: per mapped fact, the host's expression (made
/// null-safe: a null along a member chain is an absent value), then a write into the fact's slot. A value
/// the case reader's own test on it (<see cref="BuiltCaseValue"/>, as <see cref="CaseReader.ReadValue{TValue}"/>
/// asks it) accepts goes straight into the slot; any other goes through <see cref="CaseReader.ReadValue{TValue}"/>,
/// which gives the case error the same value in a JSON case gets. With <paramref name="record"/>, each accepted value is
/// also kept in <see cref="State.Values"/> (a case made to keep); without, the tree only writes slots.
/// </summary>
internal sealed class CaseMapEmitter(CaseReader reader, ImmutableArray<MappedTarget> targets, bool record)
{
    private static readonly FieldInfo DecimalsField = typeof(State).GetField(nameof(State.Decimals))!;
    private static readonly FieldInfo OrdinalsField = typeof(State).GetField(nameof(State.Ordinals))!;
    private static readonly FieldInfo BooleansField = typeof(State).GetField(nameof(State.Booleans))!;
    private static readonly FieldInfo TextsField = typeof(State).GetField(nameof(State.Texts))!;
    private static readonly FieldInfo GivenField = typeof(State).GetField(nameof(State.Given))!;
    private static readonly FieldInfo IdField = typeof(State).GetField(nameof(State.Id))!;
    private static readonly FieldInfo HasDelayField = typeof(State).GetField(nameof(State.HasDelay))!;
    private static readonly FieldInfo ValuesField = typeof(State).GetField(nameof(State.Values))!;
    private static readonly Expression NoError = Expression.Constant(null, typeof(CaseError));

    /// <summary>The locals that hold the state's slot arrays in the tree being built.</summary>
    private readonly Dictionary<FieldInfo, ParameterExpression> _arrays = [];

    private ParameterExpression Array(FieldInfo field) => _arrays[field];

    /// <summary>
    /// The tree. Its hot path (every value present and accepted by the fast tests) only reads the source and writes slots:
    /// no per-value bookkeeping. A host expression that throws is caught by its own catch, which names its fact (RR0604),
    /// so nothing records which fact is being read; which facts were given (<see cref="State.Given"/>) is written only
    /// when the case needs the reader's completion (a fact without default absent, <c>occurredAt</c> mapped).
    /// </summary>
    public Expression<Func<TSource, State, CaseError?>> Emit<TSource>()
    {
        var source = Expression.Parameter(typeof(TSource), "source");
        var state = Expression.Parameter(typeof(State), "state");
        var error = Expression.Variable(typeof(CaseError), "error");
        var incomplete = Expression.Variable(typeof(bool), "incomplete");
        var done = Expression.Label(typeof(CaseError), "done");
        var variables = new List<ParameterExpression> { error, incomplete };
        var body = new List<Expression> { Expression.Assign(incomplete, Expression.Constant(false)) };

        // The slot arrays, read once (nothing the delegate calls replaces them).
        _arrays.Clear();
        foreach (var field in new[] { DecimalsField, OrdinalsField, BooleansField, TextsField })
        {
            var array = Expression.Variable(field.FieldType, field.Name);
            variables.Add(array);
            body.Add(Expression.Assign(array, Expression.Field(state, field)));
            _arrays[field] = array;
        }

        // Per mapped fact without a default: whether it was absent (then the reader's completion names it missing).
        var absentFlags = new Dictionary<FactSymbol, ParameterExpression>();
        for (var i = 0; i < targets.Length; i++)
        {
            var (mapped, fact) = targets[i];
            var absent = Expression.Label("absent_" + i);
            var value = new NullSafe(mapped.Value.Parameters[0], source, absent).Visit(mapped.Value.Body)!;
            var local = Expression.Variable(value.Type, "value_" + i);
            variables.Add(local);

            // The host's expression in a catch of its own: whatever it throws is this fact's RR0604.
            var thrown = Expression.Variable(typeof(Exception), "thrown_" + i);
            body.Add(Expression.Assign(local, Expression.TryCatch(value, Expression.Catch(thrown,
                Expression.Return(done, Expression.Call(((Func<MappedFact, Exception, CaseError>)MappedWrites.Failed).Method, Expression.Constant(mapped), thrown), value.Type)))));
            Expression present = local;
            if (!local.Type.IsValueType)
            {
                body.Add(Expression.IfThen(Expression.ReferenceEqual(local, Expression.Constant(null, local.Type)), Expression.Goto(absent)));
            }
            else if (Nullable.GetUnderlyingType(local.Type) is { } underlying)
            {
                body.Add(Expression.IfThen(Expression.Not(Expression.TypeIs(local, underlying)), Expression.Goto(absent)));
                present = Expression.Convert(local, underlying);
            }

            // An integer as a decimal: scale 0, never a negative zero, so it needs no test as JSON would read it.
            var integer = present.Type == typeof(int) || present.Type == typeof(long);
            if (integer)
            {
                present = Expression.Convert(present, typeof(decimal));
            }

            var written = Expression.Variable(present.Type, "present_" + i);
            variables.Add(written);
            body.Add(Expression.Assign(written, present));
            body.Add(Expression.Assign(error, Write(mapped, fact, state, written, integer, variables)));
            body.Add(Expression.IfThen(Expression.ReferenceNotEqual(error, NoError), Expression.Return(done, error)));
            var next = Expression.Label("next_" + i);
            body.Add(Expression.Goto(next));
            body.Add(Expression.Label(absent));
            if (fact is not null)
            {
                // Absent: its default, or the reader's completion decides whether it is missing.
                if (fact.HasDefault)
                {
                    body.Add(Default(fact));
                }
                else
                {
                    var flag = Expression.Variable(typeof(bool), "absent_" + i);
                    variables.Add(flag);
                    absentFlags[fact] = flag;
                    body.Insert(0, Expression.Assign(flag, Expression.Constant(false)));
                    body.Add(Expression.Assign(flag, Expression.Constant(true)));
                    body.Add(Expression.Assign(incomplete, Expression.Constant(true)));
                }
            }

            body.Add(Expression.Label(next));
        }

        // The end of the case, as the reader completes a JSON case: a fact without default absent, or delay
        // beside occurredAt, goes through its completion (the missing fact, RR0409), told which facts were given;
        // otherwise the facts the map never gives take their defaults, written as constants.
        var mappedFacts = targets.Where(t => t.Fact is not null).Select(t => t.Fact!).ToHashSet();
        var completion = Completion(state, mappedFacts, absentFlags);
        if (targets.Any(t => t.Mapped.Name == MappedFact.OccurredAtName) || reader.Facts.Any(f => !mappedFacts.Contains(f) && !f.HasDefault))
        {
            body.Add(Expression.Return(done, completion));
        }
        else
        {
            body.Add(Expression.IfThen(incomplete, Expression.Return(done, completion)));
            foreach (var fact in reader.Facts.Where(f => !mappedFacts.Contains(f)))
            {
                body.Add(Default(fact));
            }
        }

        body.Add(Expression.Label(done, NoError));
        return Expression.Lambda<Func<TSource, State, CaseError?>>(Expression.Block(variables, body), "map_" + typeof(TSource).Name, [source, state]);
    }

    /// <summary>
    /// The reader's completion (<see cref="CaseReader.Complete"/>), after writing which facts the case gave: a mapped fact with a
    /// default always counts as given (absent, its default is already in its slot), one without as given unless it was absent,
    /// and a fact the map does not give as not given.
    /// </summary>
    private Expression Completion(ParameterExpression state, HashSet<FactSymbol> mappedFacts, Dictionary<FactSymbol, ParameterExpression> absentFlags)
    {
        var given = Expression.Variable(typeof(bool[]), "given");
        var block = new List<Expression> { Expression.Assign(given, Expression.Field(state, GivenField)) };
        foreach (var fact in reader.Facts)
        {
            Expression value = !mappedFacts.Contains(fact) ? Expression.Constant(false)
                : absentFlags.TryGetValue(fact, out var flag) ? Expression.Not(flag)
                : Expression.Constant(true);
            block.Add(Expression.Assign(Expression.ArrayAccess(given, Expression.Constant(fact.Index)), value));
        }

        block.Add(Expression.Call(Expression.Constant(reader), ((Func<State, CaseError?>)reader.Complete).Method, state));
        return Expression.Block(typeof(CaseError), [given], block);
    }

    /// <summary>Writes a fact's default into its slot (as <see cref="CaseReader.Complete"/> does for a fact a case leaves out).</summary>
    private Expression Default(FactSymbol fact)
    {
        var slot = Expression.Constant(fact.Slot);
        return fact.SlotKind switch
        {
            SlotKind.Decimal => Expression.Assign(Expression.ArrayAccess(Array(DecimalsField), slot), Expression.Constant((decimal)fact.DefaultValue!)),
            SlotKind.Ordinal => Expression.Assign(Expression.ArrayAccess(Array(OrdinalsField), slot), Expression.Constant((int)fact.DefaultValue!)),
            SlotKind.Boolean => Expression.Assign(Expression.ArrayAccess(Array(BooleansField), slot), Expression.Constant((bool)fact.DefaultValue!)),
            _ => Expression.Assign(Expression.ArrayAccess(Array(TextsField), slot), Expression.Constant((string?)fact.DefaultValue, typeof(string))),
        };
    }

    /// <summary>The write of one present value; the expression gives the case error, or null.</summary>
    private Expression Write(MappedFact mapped, FactSymbol? fact, ParameterExpression state, ParameterExpression value, bool integer, List<ParameterExpression> variables)
    {
        var readerConstant = Expression.Constant(reader);
        if (fact is null)
        {
            // The id and occurredAt: read as the same top-level field of a JSON case. An id that is valid text is
            // written in line; any other goes through the reader, which names what is wrong with it.
            return mapped.Name == MappedFact.IdName
                ? Expression.Condition(
                    Expression.Call(((Func<string, bool>)MappedWrites.IsText).Method, value),
                    Expression.Block(
                        Expression.Assign(Expression.Field(state, IdField), value),
                        Recorded(state, Expression.Call(((Action<State, string>)MappedWrites.RecordId).Method, state, value)),
                        NoError),
                    Expression.Call(Method<string>(MappedWrites.Id), readerConstant, state, value))
                : value.Type == typeof(string)
                    ? Expression.Call(Method<string>(MappedWrites.OccurredAt), readerConstant, state, value)
                    : Expression.Call(Method<DateTimeOffset>(MappedWrites.OccurredAt), readerConstant, state, value);
        }

        var factConstant = Expression.Constant(fact);
        if (mapped.Members is { } members)
        {
            return EnumWrite(members, fact, state, value, readerConstant, factConstant, variables);
        }

        // Through the reader: what the fast paths below do not accept (an error, or text read as money or a duration).
        var checkedWrite = Expression.Call(
            value.Type == typeof(decimal) ? Method<decimal>(MappedWrites.Fact)
            : value.Type == typeof(bool) ? Method<bool>(MappedWrites.Fact)
            : value.Type == typeof(TimeSpan) ? Method<TimeSpan>(MappedWrites.Fact)
            : Method<string>(MappedWrites.Fact),
            readerConstant, factConstant, state, value);
        var slot = Expression.Constant(fact.Slot);
        switch (fact.Type.Kind, value.Type)
        {
            case (TypeKind.Number or TypeKind.Money, var type) when type == typeof(decimal) && integer:
                return Written(fact, state, value, Expression.Assign(Expression.ArrayAccess(Array(DecimalsField), slot), value));
            case (TypeKind.Number or TypeKind.Money, var type) when type == typeof(decimal):
                // A JSON number always reads as a decimal: the number as JSON gives it back, which only a
                // negative value (a negative zero) needs asking for.
                return Written(fact, state, value, Expression.Assign(
                    Expression.ArrayAccess(Array(DecimalsField), slot),
                    Expression.Condition(
                        Expression.Call(((Func<decimal, bool>)decimal.IsNegative).Method, value),
                        Expression.Call(((Func<decimal, decimal>)MappedWrites.AsJsonNumber).Method, value),
                        value)));
            case (TypeKind.Bool, var type) when type == typeof(bool):
                return Written(fact, state, value, Expression.Assign(Expression.ArrayAccess(Array(BooleansField), slot), value));
            case (TypeKind.Duration, var type) when type == typeof(TimeSpan):
            {
                var seconds = Expression.Variable(typeof(decimal), "seconds");
                variables.Add(seconds);
                var write = Expression.Assign(Expression.ArrayAccess(Array(DecimalsField), slot), seconds);
                return Expression.Condition(
                    Expression.Call(((TrySeconds)MappedWrites.TryGetSeconds).Method, value, seconds),
                    Written(fact, state, value, fact.Name == "delay" ? Expression.Block(write, Expression.Assign(Expression.Field(state, HasDelayField), Expression.Constant(true))) : write),
                    checkedWrite);
            }

            case (TypeKind.Member, var type) when type == typeof(string):
            {
                var ordinal = Expression.Variable(typeof(int), "ordinal");
                variables.Add(ordinal);
                var membersConstant = Expression.Constant(fact.Type.Vocabulary!.Members.ToArray());
                return Expression.Block(
                    Expression.Assign(ordinal, Expression.Call(((Func<string[], string, int>)MappedWrites.MemberOrdinal).Method, membersConstant, value)),
                    Expression.Condition(
                        Expression.GreaterThanOrEqual(ordinal, Expression.Constant(0)),
                        Written(fact, state, value, Expression.Assign(Expression.ArrayAccess(Array(OrdinalsField), slot), ordinal)),
                        checkedWrite));
            }

            case (TypeKind.Text, var type) when type == typeof(string):
                return Expression.Condition(
                    Expression.Call(((Func<string, bool>)MappedWrites.IsText).Method, value),
                    Written(fact, state, value, Expression.Assign(Expression.ArrayAccess(Array(TextsField), slot), value)),
                    checkedWrite);
            default:
                return checkedWrite;
        }
    }

    /// <summary>A value accepted: its slot written, the value kept when a case is made to keep; no error.</summary>
    private Expression Written(FactSymbol fact, ParameterExpression state, ParameterExpression value, Expression write) =>
        Expression.Block(
            write,
            Recorded(state, Expression.Call(
                value.Type == typeof(decimal) ? Record<decimal>(MappedWrites.Record)
                : value.Type == typeof(bool) ? Record<bool>(MappedWrites.Record)
                : value.Type == typeof(TimeSpan) ? Record<TimeSpan>(MappedWrites.Record)
                : Record<string>(MappedWrites.Record),
                Expression.Constant(fact), state, value)),
            NoError);

    /// <summary>The record of an accepted value when the tree records (a case made to keep), nothing otherwise.</summary>
    private Expression Recorded(ParameterExpression state, Expression recordCall) =>
        record
            ? Expression.IfThen(Expression.ReferenceNotEqual(Expression.Field(state, ValuesField), Expression.Constant(null, typeof(List<BuiltFact>))), recordCall)
            : Expression.Empty();

    /// <summary>
    /// An enum value: its member's ordinal (found when binding) into the fact's slot, looked up in a table by the
    /// value (a switch over the values when they are not all small and non-negative); a value the enum does not
    /// name (<c>(Priority)42</c>) is its text, read as a JSON case reads it.
    /// </summary>
    private Expression EnumWrite(EnumMembers members, FactSymbol fact, ParameterExpression state, Expression value, Expression readerConstant, Expression factConstant,
        List<ParameterExpression> variables)
    {
        var vocabulary = fact.Type.Vocabulary!;
        var ordinals = members.ValueNames.Select(name => CaseMapBinder.MemberOrdinal(vocabulary, name)).ToArray();
        var numbers = members.Values.Select(v => Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var unnamed = Expression.Call(Method<string>(MappedWrites.Fact), readerConstant, factConstant, state,
            Expression.Call(Expression.Convert(value, typeof(object)), ToStringMethod));
        Expression Named(Expression ordinal, Expression member) => Expression.Block(
            Expression.Assign(Expression.ArrayAccess(Array(OrdinalsField), Expression.Constant(fact.Slot)), ordinal),
            Recorded(state, Expression.Call(Record<string>(MappedWrites.Record), factConstant, state, member)),
            NoError);

        if (numbers.Length > 0 && numbers.All(n => n is >= 0 and < 256))
        {
            var table = new int[(int)numbers.Max() + 1];
            System.Array.Fill(table, -1);
            for (var i = 0; i < numbers.Length; i++)
            {
                table[(int)numbers[i]] = ordinals[i];
            }

            var number = Expression.Variable(typeof(long), "enumValue");
            var ordinal = Expression.Variable(typeof(int), "enumOrdinal");
            variables.Add(number);
            variables.Add(ordinal);
            if (table.Select((o, n) => o == n).All(same => same))
            {
                // The enum's values are the members' ordinals (the enum declares the scale in its order): the value is the ordinal.
                return Expression.Block(
                    Expression.Assign(number, Expression.Convert(value, typeof(long))),
                    Expression.Condition(
                        Expression.LessThan(Expression.Convert(number, typeof(ulong)), Expression.Constant((ulong)table.Length)),
                        Named(Expression.Convert(number, typeof(int)), Expression.ArrayIndex(Expression.Constant(vocabulary.Members.ToArray()), Expression.Convert(number, typeof(int)))),
                        unnamed));
            }

            return Expression.Block(
                Expression.Assign(number, Expression.Convert(value, typeof(long))),
                Expression.Assign(ordinal, Expression.Condition(
                    Expression.LessThan(Expression.Convert(number, typeof(ulong)), Expression.Constant((ulong)table.Length)),
                    Expression.ArrayIndex(Expression.Constant(table), Expression.Convert(number, typeof(int))),
                    Expression.Constant(-1))),
                Expression.Condition(
                    Expression.GreaterThanOrEqual(ordinal, Expression.Constant(0)),
                    Named(ordinal, Expression.ArrayIndex(Expression.Constant(vocabulary.Members.ToArray()), ordinal)),
                    unnamed));
        }

        var cases = new List<SwitchCase>(members.Values.Length);
        for (var i = 0; i < members.Values.Length; i++)
        {
            cases.Add(Expression.SwitchCase(
                Named(Expression.Constant(ordinals[i]), Expression.Constant(vocabulary.Members[ordinals[i]])),
                Expression.Constant(members.Values[i], members.UnderlyingType)));
        }

        return cases.Count == 0
            ? unnamed
            : Expression.Switch(typeof(CaseError), Expression.Convert(value, members.UnderlyingType), unnamed, null, cases);
    }

    private delegate bool TrySeconds(TimeSpan duration, out decimal seconds);

    private static readonly MethodInfo ToStringMethod = ((Func<string?>)new object().ToString).Method;

    private static MethodInfo Method<T>(Func<CaseReader, FactSymbol, State, T, CaseError?> write) => write.Method;

    private static MethodInfo Method<T>(Func<CaseReader, State, T, CaseError?> write) => write.Method;

    private static MethodInfo Record<T>(Action<FactSymbol, State, T> record) => record.Method;

    /// <summary>
    /// The host's expression with its parameter replaced by the map's, and made null-safe: a member read or an
    /// instance call on a null object, or <c>.Value</c> of an empty nullable, jumps to <paramref name="absent"/>
    /// (the fact is absent) instead of throwing.
    /// </summary>
    private sealed class NullSafe(ParameterExpression parameter, ParameterExpression source, LabelTarget absent) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? source : base.VisitParameter(node);

        /// <summary>A lambda inside the expression (<c>t.Lines.Sum(l =&gt; l.Amount)</c>) cannot jump out of itself: only its use of the parameter is replaced.</summary>
        protected override Expression VisitLambda<T>(Expression<T> node) => new ParameterReplacer(parameter, source).Visit(node)!;

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression is null)
            {
                return base.VisitMember(node);
            }

            var target = Visit(node.Expression)!;
            if (node.Expression == parameter)
            {
                return node.Update(target);
            }

            if (Nullable.GetUnderlyingType(target.Type) is { } underlying && node.Member.Name == "Value")
            {
                var nullable = Expression.Variable(target.Type, "nullable");
                return Expression.Block([nullable],
                    Expression.Assign(nullable, target),
                    Expression.Condition(Expression.TypeIs(nullable, underlying), Expression.Convert(nullable, underlying), Expression.Goto(absent, underlying)));
            }

            return target.Type.IsValueType ? node.Update(target) : Guarded(target, guarded => node.Update(guarded), node.Type);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Object is null || node.Object == parameter || node.Object.Type.IsValueType)
            {
                return base.VisitMethodCall(node);
            }

            var target = Visit(node.Object)!;
            var arguments = Visit(node.Arguments);
            return Guarded(target, guarded => node.Update(guarded, arguments), node.Type);
        }

        private Expression Guarded(Expression target, Func<Expression, Expression> use, Type type)
        {
            var value = Expression.Variable(target.Type, "target");
            return Expression.Block([value],
                Expression.Assign(value, target),
                Expression.Condition(Expression.ReferenceEqual(value, Expression.Constant(null, target.Type)), Expression.Goto(absent, type), use(value), type));
        }
    }
}

/// <summary>Replaces one parameter by another expression.</summary>
internal sealed class ParameterReplacer(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
{
    protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : base.VisitParameter(node);
}
