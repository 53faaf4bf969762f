using RecoveryRules.Binding;
using RecoveryRules.Evaluation;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// A comparison of numbers that is affine in one decimal fact (<c>orderValue * 2 &gt; 215</c>, <c>orderValue - 77 &gt;= 6</c>,
/// <c>customer.value &gt;= 13000</c>, <c>delay.hours &lt;= 97</c>), as one comparison of integers: with <c>X</c> the fact's
/// value times 10^4 (<see cref="ScaledDecimal.ToScaled"/>, computed once per case), the comparison is
/// <c>X * Factor op Bound</c> (docs/design.md §24). Both programs run it where the case's value has a scaled integer, and
/// the decimal comparison it stands for otherwise.
/// </summary>
/// <remarks>
/// Exact: every operand and intermediate value <c>v</c> of the comparison has a representation <c>v * 10^S = A * X + B</c>
/// with <c>S &lt;= 18</c>, <c>|A| &lt;= 2^21</c> and <c>|B| &lt;= 2^61</c>, checked here when the program is built. With
/// <c>|X| &lt; 2^40</c> (what <see cref="ScaledDecimal.ToScaled"/> guarantees), <c>|v * 10^S| &lt;= 2^62</c>; decimal's own
/// scale for <c>v</c> is at most <c>S</c> (a fact's is at most 4, a literal's its own, a sum's the larger, a product's the sum),
/// so decimal computes every <c>v</c> exactly (a mantissa below 2^96 at a scale of at most 28: no rounding, no overflow), and
/// its comparison is of the exact values: the same truth as the integers'. The long arithmetic cannot overflow either:
/// <c>|X * Factor| &lt;= 2^61</c>.
/// </remarks>
internal readonly record struct ScaledComparison(int Slot, long Factor, long Bound, BoundBinaryOperator Operator)
{
    private const int MaxScale = 18;
    private static readonly Int128 MaxFactor = (Int128)1 << 21;
    private static readonly Int128 MaxOffset = (Int128)1 << 61;

    /// <summary>
    /// The integer form of <c>left op right</c> (either side given as an expression, or as a constant: a duration part's
    /// seconds, <see cref="ExpressionEmitter.ScaledDurationComparison"/>); false when the comparison is not affine in one
    /// decimal fact within the bounds.
    /// </summary>
    public static bool TryCreate(BoundBinaryOperator op, BoundExpression? left, decimal? leftConstant, BoundExpression? right, decimal? rightConstant, out ScaledComparison comparison)
    {
        comparison = default;
        if (op is < BoundBinaryOperator.Equal or > BoundBinaryOperator.GreaterOrEqual
            || !(leftConstant is { } lc ? Affine.TryOf(lc, out var l) : Affine.TryOf(left!, out l))
            || !(rightConstant is { } rc ? Affine.TryOf(rc, out var r) : Affine.TryOf(right!, out r))
            || !Affine.TrySubtract(l, r, out var difference)
            || difference.A == 0)
        {
            return false;
        }

        // v_left - v_right = (A * X + B) / 10^S, so v_left op v_right  <=>  A * X op -B.
        comparison = new ScaledComparison(difference.Slot, (long)difference.A, (long)-difference.B, op);
        return true;
    }

    /// <summary><c>v * 10^S = A * X + B</c>, with <c>X</c> the scaled value of the decimal fact in <see cref="Slot"/> (-1: none, <c>A = 0</c>).</summary>
    private readonly record struct Affine(int Slot, Int128 A, Int128 B, int S)
    {
        public static bool TryOf(decimal constant, out Affine affine)
        {
            affine = default;
            if (!ScaledDecimal.TryGetParts(constant, out var mantissa, out var scale, out var negative))
            {
                return false;
            }

            affine = new Affine(-1, 0, negative ? -(Int128)mantissa : mantissa, scale);
            return affine.IsWithin;
        }

        public static bool TryOf(BoundExpression node, out Affine affine)
        {
            RuntimeHelpersGuard();
            affine = default;
            switch (node)
            {
                case BoundLiteral { Value: decimal value }:
                    return TryOf(value, out affine);
                case BoundFactReference { Fact.SlotKind: SlotKind.Decimal } fact:
                    affine = new Affine(fact.Fact.Slot, 1, 0, ScaledDecimal.SlotScale);
                    return true;
                case BoundDefineReference define when DefinePrograms.IsSmallBody(define.Body):
                    // As both programs: a small define is its body in place.
                    return TryOf(define.Body, out affine);
                case BoundUnary { Operator: BoundUnaryOperator.Negate } negate:
                    if (!TryOf(negate.Operand, out var operand))
                    {
                        return false;
                    }

                    affine = new Affine(operand.Slot, -operand.A, -operand.B, operand.S);
                    return affine.IsWithin;
                case BoundBinary binary when ExpressionEmitter.TryPercentFactor(binary, out var factor):
                    return TryOf(binary.Right, out var target) && TryOf(factor, out var times) && TryMultiply(target, times, out affine);
                case BoundBinary { Operator: BoundBinaryOperator.Add or BoundBinaryOperator.Subtract or BoundBinaryOperator.Multiply } binary:
                    if (!TryOf(binary.Left, out var l) || !TryOf(binary.Right, out var r))
                    {
                        return false;
                    }

                    return binary.Operator switch
                    {
                        BoundBinaryOperator.Add => TryAdd(l, r, out affine),
                        BoundBinaryOperator.Subtract => TrySubtract(l, r, out affine),
                        _ => TryMultiply(l, r, out affine),
                    };
                default:
                    return false;
            }
        }

        private static void RuntimeHelpersGuard() => System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();

        private bool IsWithin => S <= MaxScale && Int128.Abs(A) <= MaxFactor && Int128.Abs(B) <= MaxOffset;

        /// <summary>The same value at the larger scale <paramref name="scale"/> (checked: an operand of a sum, as decimal aligns it).</summary>
        private bool TryAlign(int scale, out Affine aligned)
        {
            aligned = this;
            for (var s = S; s < scale; s++)
            {
                aligned = new Affine(Slot, aligned.A * 10, aligned.B * 10, s + 1);
                if (!aligned.IsWithin)
                {
                    return false;
                }
            }

            return true;
        }

        public static bool TryAdd(Affine l, Affine r, out Affine sum)
        {
            sum = default;
            if (l.Slot >= 0 && r.Slot >= 0 && l.Slot != r.Slot)
            {
                return false;
            }

            var scale = Math.Max(l.S, r.S);
            if (!l.TryAlign(scale, out var la) || !r.TryAlign(scale, out var ra))
            {
                return false;
            }

            sum = new Affine(l.Slot >= 0 ? l.Slot : r.Slot, la.A + ra.A, la.B + ra.B, scale);
            return sum.IsWithin;
        }

        public static bool TrySubtract(Affine l, Affine r, out Affine difference) =>
            TryAdd(l, new Affine(r.Slot, -r.A, -r.B, r.S), out difference);

        public static bool TryMultiply(Affine l, Affine r, out Affine product)
        {
            product = default;
            if (l.A != 0 && r.A != 0)
            {
                return false;
            }

            var (variable, constant) = l.A != 0 ? (l, r) : (r, l);
            product = new Affine(variable.Slot, variable.A * constant.B, variable.B * constant.B, l.S + r.S);
            return product.IsWithin;
        }
    }
}
