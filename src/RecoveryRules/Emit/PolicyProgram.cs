using System.Linq.Expressions;
using System.Reflection;
using RecoveryRules.Binding;

namespace RecoveryRules.Emit;

/// <summary>
/// Compiles a whole bound policy into one delegate: the rules in consideration order, each
/// firing when its conditions hold (stopping at the first false one), computing its amounts
/// and limit, and ending the run when it stops; then <c>otherwise</c> when nothing fired, and
/// the cap. One <see cref="LambdaExpression.Compile()"/> per policy (and one more, lazily, for
/// the explaining variant that also records every condition's value).
/// </summary>
internal static class PolicyProgram
{
    private static readonly MethodInfo ClearArray = typeof(Array).GetMethod(nameof(Array.Clear), [typeof(Array)])!;

    private static readonly MethodInfo ScaleSlots = typeof(Evaluation.ScaledDecimal).GetMethod(nameof(Evaluation.ScaledDecimal.ScaleSlots))!;

    private static readonly MethodInfo TrailingZeroCount = typeof(System.Numerics.BitOperations).GetMethod(nameof(System.Numerics.BitOperations.TrailingZeroCount), [typeof(ulong)])!;

    /// <summary>
    /// Compiles the program; <paramref name="scaleSlots"/> false leaves out the integer comparisons (docs/design.md §24),
    /// <paramref name="branchLight"/> false §33's forms (the conditions joined without short-circuit, the branch-free fired
    /// list, the fallbacks out of line); tests compare against both.
    /// </summary>
    public static Action<CaseFrame> Compile(BoundPolicy policy, bool explain, bool interpret = false, RuleIndexing indexing = RuleIndexing.Auto, bool scaleSlots = true, bool branchLight = true) =>
        Emit(policy, explain, indexing, scaleSlots, branchLight).Compile(interpret);

    /// <summary>Builds the program's expression trees without compiling them: the policy's and one per define it uses.</summary>
    // Expression.Field(frame, name) looks the field up by name: it names only CaseFrame's public fields, kept by the DynamicDependency.
    // Expression.Add/Equal/GreaterThan… on decimal and string find the types' operator methods by reflection: under Native AOT
    // they must be kept as reflectable, or the first comparison throws "The binary operator … is not defined".
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields, typeof(CaseFrame))]
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicMethods, typeof(decimal))]
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicMethods, typeof(string))]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only CaseFrame's public fields are named, and the DynamicDependency keeps them.")]
    public static EmittedProgram Emit(BoundPolicy policy, bool explain, RuleIndexing indexing = RuleIndexing.Auto, bool scaleSlots = true, bool branchLight = true)
    {
        var frame = Expression.Parameter(typeof(CaseFrame), "frame");
        var decimals = Expression.Variable(typeof(decimal[]), "decimals");
        var ordinals = Expression.Variable(typeof(int[]), "ordinals");
        var booleans = Expression.Variable(typeof(bool[]), "booleans");
        var texts = Expression.Variable(typeof(string[]), "texts");
        var fired = Expression.Variable(typeof(int[]), "fired");
        var amounts = Expression.Variable(typeof(decimal[]), "amounts");
        var conditions = Expression.Variable(typeof(sbyte[]), "conditions");
        var count = Expression.Variable(typeof(int), "count");
        var test = Expression.Variable(typeof(bool), "test");
        var end = Expression.Label("end");
        var defines = new DefinePrograms { ScaledSlots = scaleSlots ? [] : null, OutOfLine = !explain && branchLight };
        var (eagerConditions, branchFree) = (0, 0);
        var emitter = new ExpressionEmitter(frame, decimals, ordinals, booleans, texts, defines);

        var body = new List<Expression>
        {
            Expression.Assign(decimals, Expression.Field(frame, nameof(CaseFrame.Decimals))),
            Expression.Assign(ordinals, Expression.Field(frame, nameof(CaseFrame.Ordinals))),
            Expression.Assign(booleans, Expression.Field(frame, nameof(CaseFrame.Booleans))),
            Expression.Assign(texts, Expression.Field(frame, nameof(CaseFrame.Texts))),
            Expression.Assign(fired, Expression.Field(frame, nameof(CaseFrame.Fired))),
            Expression.Assign(amounts, Expression.Field(frame, nameof(CaseFrame.Amounts))),
            Expression.Assign(conditions, Expression.Field(frame, nameof(CaseFrame.Conditions))),
            Expression.Assign(count, Expression.Constant(0)),
        };

        Expression Decide(BoundDecision decision)
        {
            var steps = new List<Expression>();
            foreach (var item in decision.Items.Where(i => i.Amount is not null))
            {
                // A literal amount (voucher: 20) is rounded once, here, not per case (EvaluationChecks.TryConstantAmount).
                steps.Add(Expression.Assign(
                    Expression.ArrayAccess(amounts, Expression.Constant(item.AmountSlot)),
                    EvaluationChecks.TryConstantAmount(item.Amount, policy.MinorUnit, out var constant)
                        ? defines.DecimalConstant(constant)
                        : emitter.EmitAmount(item.Amount!, policy.MinorUnit, item.Site)));
            }

            if (decision.Empowerment is { Limit: not null } empowerment)
            {
                steps.Add(Expression.Assign(
                    Expression.ArrayAccess(amounts, Expression.Constant(empowerment.LimitSlot)),
                    emitter.EmitAmount(empowerment.Limit, policy.MinorUnit, empowerment.Site)));
            }

            steps.Add(Expression.Empty());
            return Expression.Block(steps);
        }

        // A chunk's or range's own locals: the frame's arrays, loaded once at its start (LoadLocals).
        static ParameterExpression[] ChunkLocals() =>
        [
            Expression.Variable(typeof(decimal[]), "decimals"), Expression.Variable(typeof(int[]), "ordinals"),
            Expression.Variable(typeof(bool[]), "booleans"), Expression.Variable(typeof(string[]), "texts"),
            Expression.Variable(typeof(int[]), "fired"), Expression.Variable(typeof(decimal[]), "amounts"),
        ];

        static Expression[] LoadLocals(ParameterExpression chunkFrame, ParameterExpression[] locals) =>
        [
            Expression.Assign(locals[0], Expression.Field(chunkFrame, nameof(CaseFrame.Decimals))),
            Expression.Assign(locals[1], Expression.Field(chunkFrame, nameof(CaseFrame.Ordinals))),
            Expression.Assign(locals[2], Expression.Field(chunkFrame, nameof(CaseFrame.Booleans))),
            Expression.Assign(locals[3], Expression.Field(chunkFrame, nameof(CaseFrame.Texts))),
            Expression.Assign(locals[4], Expression.Field(chunkFrame, nameof(CaseFrame.Fired))),
            Expression.Assign(locals[5], Expression.Field(chunkFrame, nameof(CaseFrame.Amounts))),
        ];

        // A rule of a chunk or range: when its conditions hold, it is added to the fired list and decides; a stop returns
        // ~count. Reads `emitter` and `amounts`, the chunk's own while its rules are emitted.
        Expression Rule(int order, ParameterExpression[] locals, ParameterExpression chunkCount, LabelTarget done)
        {
            var rule = policy.Rules[order];
            var fire = new List<Expression>
            {
                Expression.Assign(Expression.ArrayAccess(locals[4], chunkCount), Expression.Constant(order)),
                Expression.PreIncrementAssign(chunkCount),
                Decide(rule.Decision),
            };
            if (rule.Stop)
            {
                fire.Add(Expression.Return(done, Expression.OnesComplement(chunkCount)));
            }

            Expression action = Expression.Block(fire);
            if (rule.Conditions.IsEmpty)
            {
                return action;
            }

            if (!branchLight)
            {
                return Expression.IfThen(ExpressionEmitter.Balanced(rule.Conditions.Select(c => emitter.Emit(c.Expression)).ToList(), Expression.AndAlso), action);
            }

            // The conditions that cannot fail without a branch each (docs/design.md §33).
            var test = emitter.EmitConditions([.. rule.Conditions.Select(c => c.Expression)], out var eager);
            eagerConditions += eager;
            if (!rule.Stop && fire[2] is BlockExpression { Expressions: [DefaultExpression] })
            {
                // Nothing to compute when it fires: fired[count] = order; count += test ? 1 : 0, no branch on the test.
                branchFree++;
                var one = Expression.Variable(typeof(int), "fires");
                return Expression.Block(
                    [one],
                    Expression.Assign(one, Expression.Condition(test, Expression.Constant(1), Expression.Constant(0))),
                    fire[0],
                    Expression.AddAssign(chunkCount, one));
            }

            return Expression.IfThen(test, action);
        }

        // One chunk of an indexed program: (frame, count, bits) => count, running the rules of the chunk whose bits are set.
        // Decide reads `emitter` and `amounts`: they are the chunk's own while its rules are emitted.
        Expression<Func<CaseFrame, int, ulong, int>> EmitChunk(int chunk)
        {
            var chunkFrame = Expression.Parameter(typeof(CaseFrame), "frame");
            var chunkCount = Expression.Parameter(typeof(int), "count");
            var bits = Expression.Parameter(typeof(ulong), "bits");
            var locals = ChunkLocals();
            var (mainEmitter, mainAmounts) = (emitter, amounts);
            (emitter, amounts) = (new ExpressionEmitter(chunkFrame, locals[0], locals[1], locals[2], locals[3], defines), locals[5]);
            var done = Expression.Label(typeof(int), "done");
            var next = Expression.Label("next");
            var cases = new List<SwitchCase>();
            for (var order = chunk * 64; order < Math.Min(policy.Rules.Length, (chunk + 1) * 64); order++)
            {
                cases.Add(Expression.SwitchCase(Rule(order, locals, chunkCount, done), Expression.Constant(order - (chunk * 64))));
            }

            (emitter, amounts) = (mainEmitter, mainAmounts);
            var chunkBody = Expression.Block(
                locals,
                [
                    .. LoadLocals(chunkFrame, locals),
                    // while (bits != 0) { rule = tzcnt(bits); bits &= bits - 1; switch (rule) { … } } return count;
                    Expression.Label(next),
                    Expression.IfThen(Expression.Equal(bits, Expression.Constant(0UL)), Expression.Return(done, chunkCount)),
                    Expression.Switch(
                        typeof(void),
                        Expression.Call(TrailingZeroCount, bits),
                        null,
                        null,
                        cases),
                    Expression.Assign(bits, Expression.And(bits, Expression.Subtract(bits, Expression.Constant(1UL)))),
                    Expression.Goto(next),
                    Expression.Label(done, chunkCount),
                ]);
            return Expression.Lambda<Func<CaseFrame, int, ulong, int>>(
                chunkBody, "rules_" + chunk.ToString(System.Globalization.CultureInfo.InvariantCulture), [chunkFrame, chunkCount, bits]);
        }

        // One chunk of a long unindexed program: (frame, count) => count, or ~count when a rule stopped; its rules in order.
        Expression<Func<CaseFrame, int, int>> EmitRange(int start, int end)
        {
            var rangeFrame = Expression.Parameter(typeof(CaseFrame), "frame");
            var rangeCount = Expression.Parameter(typeof(int), "count");
            var locals = ChunkLocals();
            var (mainEmitter, mainAmounts) = (emitter, amounts);
            (emitter, amounts) = (new ExpressionEmitter(rangeFrame, locals[0], locals[1], locals[2], locals[3], defines), locals[5]);
            var done = Expression.Label(typeof(int), "done");
            var steps = new List<Expression>(LoadLocals(rangeFrame, locals));
            for (var order = start; order < end; order++)
            {
                steps.Add(Rule(order, locals, rangeCount, done));
            }

            (emitter, amounts) = (mainEmitter, mainAmounts);
            steps.Add(Expression.Label(done, rangeCount));
            return Expression.Lambda<Func<CaseFrame, int, int>>(
                Expression.Block(locals, steps), "rules_" + start.ToString(System.Globalization.CultureInfo.InvariantCulture), [rangeFrame, rangeCount]);
        }

        // The explaining program records every condition of every rule considered: it stays unindexed.
        var ruleIndex = explain || indexing == RuleIndexing.Never ? null : indexing == RuleIndexing.Always ? RuleIndex.Build(policy, minRules: 1, maxExpectedShare: 1.0)
            : RuleIndex.Build(policy);
        var indexed = ruleIndex is null ? null : new RuleIndexProgram(ruleIndex);
        var chunks = new List<Expression<Func<CaseFrame, int, ulong, int>>>();
        if (indexed is not null)
        {
            // count = indexed.Run(frame): the candidate rules, chunk by chunk (RuleIndexProgram); a stop ends it.
            for (var chunk = 0; chunk < ruleIndex!.Words; chunk++)
            {
                chunks.Add(EmitChunk(chunk));
            }

            body.Add(Expression.Assign(count, Expression.Call(Expression.Constant(indexed), RuleIndexProgram.RunInfo, frame)));
        }

        // A long unindexed program runs its rules in chunks (RuleRanges, docs/design.md §29): one method of a 200-rule policy with
        // integer amounts is past the size at which the JIT stops optimizing (it was compiled with MinOpts).
        var ranges = indexed is null && !explain && policy.Rules.Length > RuleRanges.RulesPerRange ? new RuleRanges(policy.Rules.Length) : null;
        var rangeLambdas = new List<Expression<Func<CaseFrame, int, int>>>();
        if (ranges is not null)
        {
            for (var start = 0; start < policy.Rules.Length; start += RuleRanges.RulesPerRange)
            {
                rangeLambdas.Add(EmitRange(start, Math.Min(policy.Rules.Length, start + RuleRanges.RulesPerRange)));
            }

            body.Add(Expression.Assign(count, Expression.Call(Expression.Constant(ranges), RuleRanges.RunInfo, frame)));
        }

        for (var order = 0; indexed is null && ranges is null && order < policy.Rules.Length; order++)
        {
            var rule = policy.Rules[order];
            var fire = new List<Expression>
            {
                Expression.Assign(Expression.ArrayAccess(fired, count), Expression.Constant(order)),
                Expression.PreIncrementAssign(count),
                Decide(rule.Decision),
            };
            if (rule.Stop)
            {
                fire.Add(Expression.Goto(end));
            }

            Expression action = Expression.Block(fire);
            if (explain && !rule.Conditions.IsEmpty)
            {
                // Flat, however many conditions: t = c_i; record; if (!t) goto next; … fire; next:
                var next = Expression.Label("next_" + order.ToString(System.Globalization.CultureInfo.InvariantCulture));
                for (var c = 0; c < rule.Conditions.Length; c++)
                {
                    var index = Expression.Constant(rule.FirstCondition + c);
                    body.Add(Expression.Assign(test, emitter.Emit(rule.Conditions[c].Expression)));
                    body.Add(Expression.Assign(Expression.ArrayAccess(conditions, index), Expression.Condition(test, Expression.Constant((sbyte)1), Expression.Constant((sbyte)0))));
                    body.Add(Expression.IfThen(Expression.Not(test), Expression.Goto(next)));
                }

                body.Add(action);
                body.Add(Expression.Label(next));
            }
            else if (rule.Conditions.IsEmpty)
            {
                body.Add(action);
            }
            else
            {
                // Balanced, so a rule with thousands of 'when' items is a shallow tree; && keeps the order. The conditions that
                // cannot fail are joined without short-circuit (docs/design.md §33).
                var eager = 0;
                var all = branchLight
                    ? emitter.EmitConditions([.. rule.Conditions.Select(c => c.Expression)], out eager)
                    : ExpressionEmitter.Balanced(rule.Conditions.Select(c => emitter.Emit(c.Expression)).ToList(), Expression.AndAlso);
                eagerConditions += eager;
                body.Add(Expression.IfThen(all, action));
            }
        }

        body.Add(Expression.Label(end));
        body.Add(Expression.Assign(Expression.Field(frame, nameof(CaseFrame.FiredCount)), count));
        if (policy.Otherwise is { } otherwise)
        {
            body.Add(Expression.IfThen(Expression.Equal(count, Expression.Constant(0)), Decide(otherwise)));
        }

        if (policy.Cap is { } cap)
        {
            body.Add(Expression.Assign(
                Expression.Field(frame, nameof(CaseFrame.Cap)),
                emitter.EmitAmount(cap, policy.MinorUnit, policy.CapSite)));
        }

        // Every define used, emitted once; their flags are cleared before the first rule.
        defines.EmitPending();
        if (defines.Any)
        {
            body.Insert(8, Expression.Call(ClearArray, Expression.Field(frame, nameof(CaseFrame.DefinesComputed))));
        }

        if (defines.ScaledSlots is { Count: > 0 })
        {
            // The decimal slots the integer comparisons read, scaled once per case (docs/design.md §24).
            body.Insert(8, Expression.Call(ScaleSlots, decimals, Expression.Field(frame, nameof(CaseFrame.Scaled)), Expression.Constant(ClosureProgram.ScaledSlots(defines.ScaledSlots))));
        }

        var block = Expression.Block([decimals, ordinals, booleans, texts, fired, amounts, conditions, count, test], body);
        return new EmittedProgram(Expression.Lambda<Action<CaseFrame>>(block, "policy_" + policy.Id.Replace('-', '_'), [frame]), defines, indexed, chunks, ranges, rangeLambdas)
        {
            EagerConditions = eagerConditions,
            BranchFreeRules = branchFree,
            Fallbacks = defines.FallbackCount,
        };
    }
}

/// <summary>A policy's program as expression trees: the rules, one small program per define they use, and when indexed one per chunk of 64 rules.</summary>
internal sealed class EmittedProgram(
    Expression<Action<CaseFrame>> rules,
    DefinePrograms defines,
    RuleIndexProgram? indexed = null,
    IReadOnlyList<Expression<Func<CaseFrame, int, ulong, int>>>? chunks = null,
    RuleRanges? ranges = null,
    IReadOnlyList<Expression<Func<CaseFrame, int, int>>>? rangeLambdas = null)
{
    public Expression<Action<CaseFrame>> Rules { get; } = rules;

    /// <summary>How many conditions are evaluated without a branch of their own (docs/design.md §33; for tests).</summary>
    public int EagerConditions { get; init; }

    /// <summary>How many rules of the chunks and ranges join the fired list without a branch (docs/design.md §33; for tests).</summary>
    public int BranchFreeRules { get; init; }

    /// <summary>How many decimal fallbacks are programs of their own (docs/design.md §33; for tests).</summary>
    public int Fallbacks { get; init; }

    /// <summary>The index, when the program is indexed (docs/design.md, "Rule indexing").</summary>
    public RuleIndex? Index => indexed?.Index;

    /// <summary>Every tree of the program, the rules' first.</summary>
    public IEnumerable<LambdaExpression> Lambdas => defines.Lambdas.Concat(chunks ?? []).Concat(rangeLambdas ?? []).Prepend(Rules);

    /// <summary>Compiles the defines' programs, the chunks', then the rules' (IL, or with <paramref name="interpret"/> the interpreter).</summary>
    public Action<CaseFrame> Compile(bool interpret)
    {
        defines.Compile(interpret);
        if (indexed is not null)
        {
            for (var chunk = 0; chunk < chunks!.Count; chunk++)
            {
                indexed.SetChunk(chunk, chunks[chunk].Compile(preferInterpretation: interpret));
            }
        }

        for (var range = 0; ranges is not null && range < rangeLambdas!.Count; range++)
        {
            ranges.Set(range, rangeLambdas[range].Compile(preferInterpretation: interpret));
        }

        return Rules.Compile(preferInterpretation: interpret);
    }
}

/// <summary>
/// The rules of a long unindexed program in ranges of <see cref="RulesPerRange"/>, in consideration order, each its own small
/// program <c>(frame, count) =&gt; count</c> (or <c>~count</c> when a <c>stop</c> rule fired), as the indexed program's chunks
/// (<see cref="RuleIndexProgram"/>): each method stays below the size at which the JIT stops optimizing (docs/design.md §29).
/// </summary>
internal sealed class RuleRanges(int rules)
{
    /// <summary>How many rules one range runs.</summary>
    public const int RulesPerRange = 32;

    private static readonly System.Reflection.MethodInfo RunMethod = typeof(RuleRanges).GetMethod(nameof(Run))!;

    private readonly Func<CaseFrame, int, int>[] _ranges = new Func<CaseFrame, int, int>[(rules + RulesPerRange - 1) / RulesPerRange];

    public static System.Reflection.MethodInfo RunInfo => RunMethod;

    public void Set(int range, Func<CaseFrame, int, int> program) => _ranges[range] = program;

    /// <summary>Runs the rules in order; returns how many fired.</summary>
    public int Run(CaseFrame frame)
    {
        var count = 0;
        foreach (var range in _ranges)
        {
            count = range(frame, count);
            if (count < 0)
            {
                return ~count;
            }
        }

        return count;
    }
}
