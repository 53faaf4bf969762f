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
internal readonly record struct ScaledComparison(ScaledVariable Variable, long Factor, long Bound, BoundBinaryOperator Operator)
{
    internal const int MaxScale = 18;
    private static readonly Int128 MaxFactor = (Int128)1 << 21;
    internal static readonly Int128 MaxOffset = (Int128)1 << 61;

    /// <summary>
    /// The integer form of <c>left op right</c> (either side given as an expression, or as a constant: a duration part's
    /// seconds, <see cref="ExpressionEmitter.ScaledDurationComparison"/>); false when the comparison is not affine in one
    /// decimal fact (or cached decimal define, docs/design.md §29) within the bounds.
    /// </summary>
    public static bool TryCreate(BoundBinaryOperator op, BoundExpression? left, decimal? leftConstant, BoundExpression? right, decimal? rightConstant, out ScaledComparison comparison)
    {
        comparison = default;
        if (op is < BoundBinaryOperator.Equal or > BoundBinaryOperator.GreaterOrEqual
            || !(leftConstant is { } lc ? Affine.TryOf(lc, out var l) : Affine.TryOf(left!, out l))
            || !(rightConstant is { } rc ? Affine.TryOf(rc, out var r) : Affine.TryOf(right!, out r))
            || !Affine.TrySubtract(l, r, out var difference)
            || difference.A == 0
            || difference.Variable is not { } variable)
        {
            return false;
        }

        // v_left - v_right = (A * X + B) / 10^S, so v_left op v_right  <=>  A * X op -B.
        comparison = new ScaledComparison(variable, (long)difference.A, (long)-difference.B, op);
        return true;
    }

    /// <summary>
    /// <c>v * 10^S = A * X + B</c>, with <c>X</c> the scaled value of <see cref="Variable"/> (null: none, <c>A = 0</c>). Also the
    /// leaves of an amount's integer form (<see cref="ScaledAmount"/>, docs/design.md §29).
    /// </summary>
    internal readonly record struct Affine(ScaledVariable? Variable, Int128 A, Int128 B, int S)
    {
        public static bool TryOf(decimal constant, out Affine affine)
        {
            affine = default;
            if (!ScaledDecimal.TryGetParts(constant, out var mantissa, out var scale, out var negative))
            {
                return false;
            }

            affine = new Affine(null, 0, negative ? -(Int128)mantissa : mantissa, scale);
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
                    affine = new Affine(new ScaledVariable(fact.Fact.Slot, null), 1, 0, ScaledDecimal.SlotScale);
                    return true;
                case BoundDefineReference define when DefinePrograms.IsSmallBody(define.Body):
                    // As both programs: a small define is its body in place.
                    return TryOf(define.Body, out affine);
                case BoundDefineReference define when ExpressionEmitter.ClrType(define.Type) == typeof(decimal):
                    // A cached define: its value scaled once when it is computed (CaseFrame.DefineScaled, docs/design.md §29).
                    affine = new Affine(new ScaledVariable(define.Define.Index, define), 1, 0, ScaledDecimal.SlotScale);
                    return true;
                case BoundDivision { Right: BoundLiteral { Value: decimal divisor } } division when TryReciprocal(divisor, out var reciprocal):
                    // x / c with c's mantissa 2^a * 5^b: x times 1 / c, which ends (docs/design.md §29).
                    return TryOf(division.Left, out var dividend) && TryMultiply(dividend, reciprocal, out affine);
                case BoundUnary { Operator: BoundUnaryOperator.Negate } negate:
                    if (!TryOf(negate.Operand, out var operand))
                    {
                        return false;
                    }

                    affine = new Affine(operand.Variable, -operand.A, -operand.B, operand.S);
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

        /// <summary>
        /// <c>1 / divisor</c> exactly, when the divisor's mantissa has no prime factor but 2 and 5 (<c>10</c>, <c>4</c>, <c>0.5</c>):
        /// with <c>divisor = m / 10^s</c> and <c>m = 2^a * 5^b</c>, <c>1 / divisor = 10^s * k / 10^t</c> where <c>t = max(a, b)</c> and
        /// <c>k = 10^t / m</c>. Not zero (the program's division fails there).
        /// </summary>
        private static bool TryReciprocal(decimal divisor, out Affine reciprocal)
        {
            reciprocal = default;
            if (!ScaledDecimal.TryGetParts(divisor, out var mantissa, out var scale, out var negative) || mantissa == 0)
            {
                return false;
            }

            var (twos, fives, rest) = (0, 0, mantissa);
            for (; rest % 2 == 0; rest /= 2)
            {
                twos++;
            }

            for (; rest % 5 == 0; rest /= 5)
            {
                fives++;
            }

            var t = Math.Max(twos, fives);
            if (rest != 1 || t > MaxScale)
            {
                return false;
            }

            // k = 2^(t - a) * 5^(t - b); then 10^s * k at scale t, with the common powers of ten taken out.
            Int128 value = 1;
            for (var i = twos; i < t; i++)
            {
                value *= 2;
            }

            for (var i = fives; i < t; i++)
            {
                value *= 5;
            }

            for (var s = 0; s < scale; s++)
            {
                if (t > 0)
                {
                    t--;
                }
                else
                {
                    value *= 10;
                    if (value > MaxOffset)
                    {
                        return false;
                    }
                }
            }

            reciprocal = new Affine(null, 0, negative ? -value : value, t);
            return reciprocal.IsWithin;
        }

        internal bool IsWithin => S <= MaxScale && Int128.Abs(A) <= MaxFactor && Int128.Abs(B) <= MaxOffset;

        /// <summary>The same value at the larger scale <paramref name="scale"/> (checked: an operand of a sum, as decimal aligns it).</summary>
        internal bool TryAlign(int scale, out Affine aligned)
        {
            aligned = this;
            for (var s = S; s < scale; s++)
            {
                aligned = new Affine(Variable, aligned.A * 10, aligned.B * 10, s + 1);
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
            if (l.Variable is { } lv && r.Variable is { } rv && !lv.Equals(rv))
            {
                return false;
            }

            var scale = Math.Max(l.S, r.S);
            if (!l.TryAlign(scale, out var la) || !r.TryAlign(scale, out var ra))
            {
                return false;
            }

            sum = new Affine(l.Variable ?? r.Variable, la.A + ra.A, la.B + ra.B, scale);
            return sum.IsWithin;
        }

        public static bool TrySubtract(Affine l, Affine r, out Affine difference) =>
            TryAdd(l, new Affine(r.Variable, -r.A, -r.B, r.S), out difference);

        public static bool TryMultiply(Affine l, Affine r, out Affine product)
        {
            product = default;
            if (l.A != 0 && r.A != 0 || l.Variable is { } lv && r.Variable is { } rv && !lv.Equals(rv))
            {
                return false;
            }

            var (variable, constant) = l.A != 0 ? (l, r) : (r, l);
            product = new Affine(variable.Variable ?? constant.Variable, variable.A * constant.B, variable.B * constant.B, l.S + r.S);
            return product.IsWithin;
        }
    }
}

/// <summary>
/// What an integer form reads per case: a decimal fact's slot (<c>frame.Scaled[Index]</c>, scaled at the program's start), or,
/// with <see cref="Define"/>, a cached decimal define's value scaled when it is computed (<c>frame.DefineScaled[Index]</c>,
/// read after the define's use, which computes it; docs/design.md §29). Two are the same variable when they read the same value.
/// </summary>
internal readonly record struct ScaledVariable(int Index, BoundDefineReference? Define)
{
    public bool IsDefine => Define is not null;

    public bool Equals(ScaledVariable other) => Index == other.Index && IsDefine == other.IsDefine;

    public override int GetHashCode() => HashCode.Combine(Index, IsDefine);
}
