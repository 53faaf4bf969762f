using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Analysis;

/// <summary>
/// A closed range of decimals for the decision matrix (docs/design.md, "The decision matrix"):
/// <see cref="Low"/> and <see cref="High"/> are the infimum and supremum, <c>null</c> for no bound
/// (−∞ below, +∞ above).
/// </summary>
internal readonly record struct AmountInterval(decimal? Low, decimal? High)
{
    public static AmountInterval Everything { get; } = new(null, null);

    public static AmountInterval Zero { get; } = new(0m, 0m);

    public static AmountInterval Point(decimal value) => new(value, value);

    /// <summary>The smallest range holding both.</summary>
    public AmountInterval Union(AmountInterval other) => new(
        Low is { } a && other.Low is { } b ? Math.Min(a, b) : null,
        High is { } c && other.High is { } d ? Math.Max(c, d) : null);

    public static AmountInterval operator +(AmountInterval left, AmountInterval right) => new(
        left.Low is { } a && right.Low is { } b ? a + b : null,
        left.High is { } c && right.High is { } d ? c + d : null);

    public static AmountInterval operator -(AmountInterval value) => new(-value.High, -value.Low);

    /// <summary>The range of <c>min(x, y)</c> for x and y in the ranges: min is monotone in both.</summary>
    public static AmountInterval Min(AmountInterval left, AmountInterval right) => new(
        left.Low is { } a && right.Low is { } b ? Math.Min(a, b) : null,
        left.High is { } c ? (right.High is { } d ? Math.Min(c, d) : c) : right.High);

    /// <summary>The range of <c>max(x, y)</c>.</summary>
    public static AmountInterval Max(AmountInterval left, AmountInterval right) => new(
        left.Low is { } a ? (right.Low is { } b ? Math.Max(a, b) : a) : right.Low,
        left.High is { } c && right.High is { } d ? Math.Max(c, d) : null);

    /// <summary>Both ends rounded half away from zero (rounding is monotone).</summary>
    public AmountInterval Round(int digits) => new(
        Low is { } a ? Math.Round(a, digits, MidpointRounding.AwayFromZero) : null,
        High is { } b ? Math.Round(b, digits, MidpointRounding.AwayFromZero) : null);

    /// <summary>The part at or above zero: a negative amount or cap is a case error, never a decision.</summary>
    public AmountInterval NonNegative() => new(
        Low is { } a && a > 0 ? a : 0m,
        High is { } b ? Math.Max(b, 0m) : null);

    public AmountInterval Abs()
    {
        if (Low is { } low && low >= 0)
        {
            return this;
        }

        if (High is { } high && high <= 0)
        {
            return -this;
        }

        return new(0m, Low is { } l && High is { } h ? Math.Max(-l, h) : null);
    }

    /// <summary>The product: the extremes of the four products of the ends (0 · ∞ counts as 0).</summary>
    public static AmountInterval operator *(AmountInterval left, AmountInterval right)
    {
        Span<Extended> products =
        [
            Extended.Multiply(Extended.Lower(left.Low), Extended.Lower(right.Low)),
            Extended.Multiply(Extended.Lower(left.Low), Extended.Upper(right.High)),
            Extended.Multiply(Extended.Upper(left.High), Extended.Lower(right.Low)),
            Extended.Multiply(Extended.Upper(left.High), Extended.Upper(right.High)),
        ];
        return Extremes(products);
    }

    /// <summary>The quotient by a range that excludes zero; a divisor that may be zero gives everything (and may be a case error).</summary>
    public static AmountInterval operator /(AmountInterval left, AmountInterval right)
    {
        if ((right.Low is not { } low || low <= 0) && (right.High is not { } high || high >= 0))
        {
            return Everything;
        }

        if (right.Low == right.High)
        {
            // By a constant: exact, and no rounding of a reciprocal.
            var divisor = right.Low!.Value;
            var a = left.Low is { } l ? l / divisor : (decimal?)null;
            var b = left.High is { } h ? h / divisor : (decimal?)null;
            return divisor > 0 ? new(a, b) : new(b, a);
        }

        Span<Extended> quotients =
        [
            Extended.Divide(Extended.Lower(left.Low), Extended.Lower(right.Low)),
            Extended.Divide(Extended.Lower(left.Low), Extended.Upper(right.High)),
            Extended.Divide(Extended.Upper(left.High), Extended.Lower(right.Low)),
            Extended.Divide(Extended.Upper(left.High), Extended.Upper(right.High)),
        ];
        foreach (var quotient in quotients)
        {
            if (quotient.IsUndefined)
            {
                return Everything;
            }
        }

        return Extremes(quotients);
    }

    private static AmountInterval Extremes(ReadOnlySpan<Extended> values)
    {
        var low = values[0];
        var high = values[0];
        foreach (var value in values[1..])
        {
            low = Extended.Compare(value, low) < 0 ? value : low;
            high = Extended.Compare(value, high) > 0 ? value : high;
        }

        return new(low.Infinity == 0 ? low.Value : null, high.Infinity == 0 ? high.Value : null);
    }

    /// <summary>A decimal or ±∞ (<see cref="Infinity"/> −1 or +1); <see cref="IsUndefined"/> for ∞ / ∞.</summary>
    private readonly record struct Extended(decimal Value, int Infinity, bool IsUndefined = false)
    {
        public static Extended Lower(decimal? value) => value is { } v ? new(v, 0) : new(0m, -1);

        public static Extended Upper(decimal? value) => value is { } v ? new(v, 0) : new(0m, 1);

        private int Sign => Infinity != 0 ? Infinity : Math.Sign(Value);

        public static Extended Multiply(Extended a, Extended b)
        {
            if ((a.Infinity == 0 && a.Value == 0) || (b.Infinity == 0 && b.Value == 0))
            {
                return new(0m, 0);
            }

            if (a.Infinity != 0 || b.Infinity != 0)
            {
                return new(0m, a.Sign * b.Sign);
            }

            try
            {
                return new(a.Value * b.Value, 0);
            }
            catch (OverflowException)
            {
                return new(0m, a.Sign * b.Sign);
            }
        }

        /// <summary>a / b for b of one sign, not zero.</summary>
        public static Extended Divide(Extended a, Extended b)
        {
            if (b.Infinity != 0)
            {
                return a.Infinity != 0 ? new(0m, 0, IsUndefined: true) : new(0m, 0);
            }

            if (a.Infinity != 0)
            {
                return new(0m, a.Sign * b.Sign);
            }

            try
            {
                return new(a.Value / b.Value, 0);
            }
            catch (OverflowException)
            {
                return new(0m, a.Sign * b.Sign);
            }
        }

        public static int Compare(Extended a, Extended b) =>
            a.Infinity != b.Infinity ? a.Infinity.CompareTo(b.Infinity)
            : a.Infinity != 0 ? 0
            : a.Value.CompareTo(b.Value);
    }
}

/// <summary>
/// The range of a money, number or duration expression over a box of fact values (interval
/// arithmetic; docs/design.md, "The decision matrix"): every value the expression takes for a case
/// in the box lies in the range. The range is the tightest when each fact occurs once in the
/// expression, or every occurrence moves it the same way (<c>100% of x</c> plus <c>min(10% of x, 30)</c>);
/// otherwise (<c>x − x</c>) it may be wider. An overflow gives no bounds.
/// </summary>
internal sealed class AmountRanges(BoundPolicy policy)
{
    private readonly AmountInterval[] _facts = [.. policy.Facts.Select(Domain)];

    /// <summary>Sets a fact's range for the box (by <see cref="FactSymbol.Index"/>).</summary>
    public void Set(int fact, AmountInterval range) => _facts[fact] = range;

    /// <summary>Puts every fact back to its whole domain.</summary>
    public void Reset()
    {
        for (var i = 0; i < _facts.Length; i++)
        {
            _facts[i] = Domain(policy.Facts[i]);
        }
    }

    /// <summary>Every value a case may give the fact: a duration is never negative, a number or money may be anything.</summary>
    public static AmountInterval Domain(FactSymbol fact) =>
        fact.Type.Kind == TypeKind.Duration ? new(0m, null) : AmountInterval.Everything;

    /// <summary>The range of an amount, cap or limit as the engine computes it: rounded to the minor unit, never negative.</summary>
    public AmountInterval Money(BoundExpression expression) => Evaluate(expression).Round(policy.MinorUnit).NonNegative();

    public AmountInterval Evaluate(BoundExpression node)
    {
        try
        {
            return Range(node);
        }
        catch (OverflowException)
        {
            return AmountInterval.Everything;
        }
    }

    private AmountInterval Range(BoundExpression node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (node.Constant is { } constant)
        {
            return AmountInterval.Point(constant);
        }

        switch (node)
        {
            case BoundLiteral { Value: decimal value }:
                return AmountInterval.Point(value);
            case BoundFactReference fact when fact.Fact.Type.Kind is TypeKind.Number or TypeKind.Money or TypeKind.Duration or TypeKind.Percent:
                return _facts[fact.Fact.Index];
            case BoundDefineReference define:
                return Range(define.Body);
            case BoundUnary { Operator: BoundUnaryOperator.Negate } negate:
                return -Range(negate.Operand);
            case BoundBinary binary:
                return Binary(binary);
            case BoundDivision division:
                return Range(division.Left) / Range(division.Right);
            case BoundDurationPart part:
                return Range(part.Operand) / AmountInterval.Point(part.Unit switch { DurationUnit.Minutes => 60m, DurationUnit.Hours => 3600m, _ => 86400m });
            case BoundCall call:
                return Call(call);
            default:
                return AmountInterval.Everything;
        }
    }

    private AmountInterval Binary(BoundBinary binary)
    {
        var left = Range(binary.Left);
        var right = Range(binary.Right);
        return binary.Operator switch
        {
            BoundBinaryOperator.Add => left + right,
            BoundBinaryOperator.Subtract => left + -right,
            BoundBinaryOperator.Multiply => left * right,
            BoundBinaryOperator.PercentOf => left * right / AmountInterval.Point(100m),
            BoundBinaryOperator.Divide => left / right,
            _ => AmountInterval.Everything,
        };
    }

    private AmountInterval Call(BoundCall call)
    {
        var arguments = call.Arguments.Select(Range).ToArray();
        switch (call.Function)
        {
            case BuiltInFunctionKind.Min:
                return arguments.Aggregate(AmountInterval.Min);
            case BuiltInFunctionKind.Max:
                return arguments.Aggregate(AmountInterval.Max);
            case BuiltInFunctionKind.Clamp:
                // min(max(x, low), high); where low > high the case is an error, so the range only widens.
                return AmountInterval.Min(AmountInterval.Max(arguments[0], arguments[1]), arguments[2]);
            case BuiltInFunctionKind.Round:
                return arguments[0].Round(0);
            case BuiltInFunctionKind.Abs:
                return arguments[0].Abs();
            default:
                return AmountInterval.Everything;
        }
    }
}
