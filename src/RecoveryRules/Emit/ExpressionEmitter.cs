using System.Linq.Expressions;
using System.Reflection;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// Turns bound expressions into System.Linq.Expressions over the frame's typed slot arrays:
/// decimals for numbers, money, percents and durations (seconds), ints for members, bools and
/// strings. Nothing on the path looks a name up, boxes or reflects.
/// </summary>
internal sealed class ExpressionEmitter(ParameterExpression decimals, ParameterExpression ordinals, ParameterExpression booleans, ParameterExpression texts)
{
    private static readonly MethodInfo Divide = typeof(EvaluationChecks).GetMethod(nameof(EvaluationChecks.Divide))!;
    private static readonly MethodInfo Clamp = typeof(EvaluationChecks).GetMethod(nameof(EvaluationChecks.Clamp))!;
    private static readonly MethodInfo RoundWhole = typeof(EvaluationChecks).GetMethod(nameof(EvaluationChecks.RoundWhole))!;
    private static readonly MethodInfo DecimalMin = typeof(Math).GetMethod(nameof(Math.Min), [typeof(decimal), typeof(decimal)])!;
    private static readonly MethodInfo DecimalMax = typeof(Math).GetMethod(nameof(Math.Max), [typeof(decimal), typeof(decimal)])!;
    private static readonly MethodInfo DecimalAbs = typeof(Math).GetMethod(nameof(Math.Abs), [typeof(decimal)])!;

    public Expression Emit(BoundExpression node) => node switch
    {
        BoundLiteral literal => Expression.Constant(literal.Value, ClrType(literal.Type)),
        BoundFactReference fact => EmitFact(fact.Fact),
        BoundDefineReference define => EmitDefine(define.Define),
        BoundUnary unary => unary.Operator == BoundUnaryOperator.Not
            ? Expression.Not(Emit(unary.Operand))
            : Expression.Negate(Emit(unary.Operand)),
        BoundBinary binary => EmitBinary(binary),
        BoundDivision division => Expression.Call(Divide, Emit(division.Left), Emit(division.Right), Expression.Constant(division.Site)),
        BoundIn @in => EmitIn(@in),
        BoundCall call => EmitCall(call),
        BoundDurationPart part => Expression.Divide(Emit(part.Operand), Expression.Constant(UnitSeconds(part.Unit))),
        _ => throw new InvalidOperationException($"Cannot emit {node.GetType().Name}: the binder should have reported it."),
    };

    private readonly Dictionary<DefineSymbol, (ParameterExpression Computed, ParameterExpression Value)> _defines = new(ReferenceEqualityComparer.Instance);

    /// <summary>The locals that cache each define's value for one run: the program declares them and clears the flags first.</summary>
    public IEnumerable<ParameterExpression> DefineLocals => _defines.Values.SelectMany(d => new[] { d.Computed, d.Value });

    /// <summary>Clears every define's "computed" flag; emitted at the start of the program.</summary>
    public IEnumerable<Expression> ResetDefines() => _defines.Values.Select(d => (Expression)Expression.Assign(d.Computed, Expression.Constant(false)));

    /// <summary>
    /// A define is computed at most once per run, on first use: <c>computed ? value : (computed = true, value = body)</c>.
    /// Defines are pure, so computing on first use keeps the meaning while rules that share one pay once.
    /// </summary>
    private Expression EmitDefine(DefineSymbol define)
    {
        if (!_defines.TryGetValue(define, out var locals))
        {
            var type = ClrType(define.Body!.Type);
            locals = (Expression.Variable(typeof(bool), define.Name + "_computed"), Expression.Variable(type, define.Name));
            _defines[define] = locals;
        }

        var body = Emit(define.Body!);
        return Expression.Condition(
            locals.Computed,
            locals.Value,
            Expression.Block(
                Expression.Assign(locals.Value, body),
                Expression.Assign(locals.Computed, Expression.Constant(true)),
                locals.Value));
    }

    public static Type ClrType(PolicyType type) => type.Kind switch
    {
        TypeKind.Bool => typeof(bool),
        TypeKind.Member => typeof(int),
        TypeKind.Text => typeof(string),
        _ => typeof(decimal),
    };

    private Expression EmitFact(FactSymbol fact) => fact.SlotKind switch
    {
        SlotKind.Decimal => Expression.ArrayIndex(decimals, Expression.Constant(fact.Slot)),
        SlotKind.Ordinal => Expression.ArrayIndex(ordinals, Expression.Constant(fact.Slot)),
        SlotKind.Boolean => Expression.ArrayIndex(booleans, Expression.Constant(fact.Slot)),
        _ => Expression.ArrayIndex(texts, Expression.Constant(fact.Slot)),
    };

    private Expression EmitBinary(BoundBinary binary)
    {
        if (binary.Operator == BoundBinaryOperator.PercentOf && binary.Left is BoundLiteral { Value: decimal percent })
        {
            // A constant percent folds to one factor: 100% of x is x, 10% of x is x * 0.1 (exact in decimal).
            var factor = percent / 100m;
            var target = Emit(binary.Right);
            return factor == 1m ? target : Expression.Multiply(target, Expression.Constant(factor));
        }

        if (binary.Operator is >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual)
        {
            // delay.hours <= 5 compares seconds: delay <= 18000. No division per case, and exact
            // where seconds / 3600 would round at decimal's 28 digits.
            if (binary.Left is BoundDurationPart leftPart && binary.Right is BoundLiteral { Value: decimal rightValue })
            {
                return Compare(binary.Operator, Emit(leftPart.Operand), Expression.Constant(rightValue * UnitSeconds(leftPart.Unit)));
            }

            if (binary.Right is BoundDurationPart rightPart && binary.Left is BoundLiteral { Value: decimal leftValue })
            {
                return Compare(binary.Operator, Expression.Constant(leftValue * UnitSeconds(rightPart.Unit)), Emit(rightPart.Operand));
            }
        }

        var left = Emit(binary.Left);
        var right = Emit(binary.Right);
        return binary.Operator switch
        {
            BoundBinaryOperator.Add => Expression.Add(left, right),
            BoundBinaryOperator.Subtract => Expression.Subtract(left, right),
            BoundBinaryOperator.Multiply => Expression.Multiply(left, right),
            BoundBinaryOperator.PercentOf => Expression.Divide(Expression.Multiply(right, left), Expression.Constant(100m)),
            BoundBinaryOperator.And => Expression.AndAlso(left, right),
            BoundBinaryOperator.Or => Expression.OrElse(left, right),
            BoundBinaryOperator.Equal => Expression.Equal(left, right),
            BoundBinaryOperator.NotEqual => Expression.NotEqual(left, right),
            BoundBinaryOperator.Less => Expression.LessThan(left, right),
            BoundBinaryOperator.LessOrEqual => Expression.LessThanOrEqual(left, right),
            BoundBinaryOperator.Greater => Expression.GreaterThan(left, right),
            BoundBinaryOperator.GreaterOrEqual => Expression.GreaterThanOrEqual(left, right),
            _ => throw new InvalidOperationException(binary.Operator.ToString()),
        };
    }

    private static decimal UnitSeconds(DurationUnit unit) => unit switch
    {
        DurationUnit.Minutes => 60m,
        DurationUnit.Hours => 3600m,
        _ => 86400m,
    };

    private static Expression Compare(BoundBinaryOperator op, Expression left, Expression right) => op switch
    {
        BoundBinaryOperator.Equal => Expression.Equal(left, right),
        BoundBinaryOperator.NotEqual => Expression.NotEqual(left, right),
        BoundBinaryOperator.Less => Expression.LessThan(left, right),
        BoundBinaryOperator.LessOrEqual => Expression.LessThanOrEqual(left, right),
        BoundBinaryOperator.Greater => Expression.GreaterThan(left, right),
        _ => Expression.GreaterThanOrEqual(left, right),
    };

    private Expression EmitIn(BoundIn node)
    {
        var left = Emit(node.Left);
        Expression test;
        if (node.Left.Type.Kind == TypeKind.Member && node.Items.All(i => i is BoundLiteral) && node.Left.Type.Vocabulary!.Members.Length <= 64)
        {
            // Members against constants: one bit test, ((1 << ordinal) & mask) != 0.
            var mask = node.Items.Aggregate(0UL, (m, i) => m | (1UL << (int)((BoundLiteral)i).Value));
            test = Expression.NotEqual(
                Expression.And(Expression.LeftShift(Expression.Constant(1UL), left), Expression.Constant(mask)),
                Expression.Constant(0UL));
        }
        else if (node.Items.IsEmpty)
        {
            test = Expression.Constant(false);
        }
        else
        {
            var value = Expression.Variable(left.Type, "value");
            Expression? any = null;
            foreach (var item in node.Items)
            {
                var equal = Expression.Equal(value, Emit(item));
                any = any is null ? equal : Expression.OrElse(any, equal);
            }

            test = Expression.Block([value], Expression.Assign(value, left), any!);
        }

        return node.IsNegated ? Expression.Not(test) : test;
    }

    private Expression EmitCall(BoundCall call)
    {
        var arguments = call.Arguments.Select(Emit).ToArray();
        switch (call.Function)
        {
            case BoundFunction.Min:
            case BoundFunction.Max:
                var method = call.Function == BoundFunction.Min ? DecimalMin : DecimalMax;
                return arguments.Skip(1).Aggregate(arguments[0], (acc, next) => Expression.Call(method, acc, next));
            case BoundFunction.Clamp:
                return Expression.Call(Clamp, arguments[0], arguments[1], arguments[2], Expression.Constant(call.Site));
            case BoundFunction.Round:
                return Expression.Call(RoundWhole, arguments[0]);
            default:
                return Expression.Call(DecimalAbs, arguments[0]);
        }
    }
}
