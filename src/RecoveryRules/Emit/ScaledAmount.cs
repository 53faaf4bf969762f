using System.Linq.Expressions;
using System.Reflection;
using RecoveryRules.Binding;
using RecoveryRules.Evaluation;
using RecoveryRules.Symbols;
using Affine = RecoveryRules.Emit.ScaledComparison.Affine;

namespace RecoveryRules.Emit;

/// <summary>
/// An amount (<c>20% of orderValue</c>, <c>clamp(orderValue / 10, 5, 18)</c>, <c>min(15% of orderValue, 42)</c>,
/// <c>round(repeatFailures * 8)</c>, <c>max(5, 19% of perItem)</c>) computed on integers from one scaled variable
/// (<see cref="ScaledVariable"/>: a decimal fact, or a cached decimal define) and rounded to the minor unit on integers
/// (docs/design.md §29). Both programs build it here and evaluate the same terms: the IL program emits them in line
/// (<see cref="ScaledTerm.Emit"/>), the closure program calls them (<see cref="ScaledTerm.Eval"/>).
/// </summary>
/// <remarks>
/// Exact: the terms are affine forms (<see cref="ScaledComparison"/>'s, which decimal computes exactly for a scaled value) and
/// <c>min</c>, <c>max</c>, <c>clamp</c> (constant bounds, not crossed) and <c>round</c> of them, each value <c>v</c> held as
/// <c>v * 10^Scale</c> in a <see cref="long"/> of magnitude at most 2^62 for any scaled value (checked here, when the program
/// is built). Decimal computes the same values exactly (no rounding, no overflow, no failure), and an amount is printed from
/// <c>Currencies.Round</c>'s result, whose value is the value rounded half away from zero to the minor unit and whose scale is
/// the minor unit's, whatever scale the value had; so the integers give the same decimal, bit for bit, as long as the value
/// is positive; a zero only where its sign is known (<see cref="SignFree"/>), negatives stay decimal's (their failure).
/// </remarks>
internal sealed class ScaledAmount
{
    /// <summary>The largest magnitude a term may reach for a scaled value (|X| &lt; 2^40).</summary>
    private static readonly Int128 MaxMagnitude = (Int128)1 << 62;

    private ScaledAmount(ScaledVariable variable, ScaledTerm root, long divisor, long multiplier, int digits, bool signFree)
    {
        SignFree = signFree;
        Variable = variable;
        Root = root;
        Divisor = divisor;
        Multiplier = multiplier;
        Digits = digits;
    }

    /// <summary>What the amount reads: a fact's scaled slot or a define's scaled value.</summary>
    public ScaledVariable Variable { get; }

    /// <summary>The amount's value times 10^<c>Root.Scale</c>.</summary>
    public ScaledTerm Root { get; }

    public long Divisor { get; }

    public long Multiplier { get; }

    public int Digits { get; }

    /// <summary>
    /// Whether the expression has no subtraction, negation or negative literal: for a value <c>x &gt;= 0</c> (a scaled 0 is a
    /// positive zero) every value decimal computes is then positive or a positive zero, so an amount of 0 is <c>0.00</c>.
    /// </summary>
    public bool SignFree { get; }

    /// <summary><see cref="Currencies.Round"/> of a positive zero: zero with the minor unit's scale.</summary>
    public decimal Zero => ScaledDecimal.FromParts(0, Digits, negative: false);

    /// <summary>The integer form of <paramref name="expression"/> as an amount of <paramref name="digits"/> decimals; false when it has none.</summary>
    public static bool TryCreate(BoundExpression expression, int digits, out ScaledAmount? amount)
    {
        amount = null;
        ScaledVariable? variable = null;
        if (!TryTerm(expression, ref variable, out var root) || variable is not { } read || root.Scale > ScaledComparison.MaxScale)
        {
            return false;
        }

        long divisor = 1, multiplier = 1;
        if (root.Scale >= digits)
        {
            divisor = Pow10(root.Scale - digits);
        }
        else
        {
            multiplier = Pow10(digits - root.Scale);
            if (root.Magnitude * multiplier > MaxMagnitude)
            {
                return false;
            }
        }

        amount = new ScaledAmount(read, root, divisor, multiplier, digits, IsSignFree(expression));
        return true;
    }

    private static bool IsSignFree(BoundExpression node) => node switch
    {
        BoundLiteral { Value: decimal value } => !decimal.IsNegative(value),
        BoundFactReference => true,
        BoundDefineReference define => !DefinePrograms.IsSmallBody(define.Body) || IsSignFree(define.Body),
        BoundBinary { Operator: BoundBinaryOperator.Add or BoundBinaryOperator.Multiply or BoundBinaryOperator.PercentOf } binary =>
            IsSignFree(binary.Left) && IsSignFree(binary.Right),
        BoundDivision division => IsSignFree(division.Left) && IsSignFree(division.Right),
        BoundCall { Function: not BuiltInFunctionKind.Abs } call => call.Arguments.All(IsSignFree),
        _ => false,
    };

    /// <summary>
    /// The amount for the scaled value <paramref name="x"/>, when it has one on integers: <paramref name="x"/> is scaled and
    /// the value is positive. Otherwise false, and the program computes it with decimals.
    /// </summary>
    public bool TryAmount(long x, out decimal amount)
    {
        if (x != ScaledDecimal.NotScaled)
        {
            var n = Root.Eval(x);
            if (n > 0)
            {
                amount = ScaledDecimal.AmountOf(n, Divisor, Multiplier, Digits);
                return true;
            }

            if (n == 0 && x >= 0 && SignFree)
            {
                amount = Zero;
                return true;
            }
        }

        amount = 0m;
        return false;
    }

    private static long Pow10(int exponent)
    {
        var value = 1L;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }

    private static bool TryTerm(BoundExpression node, ref ScaledVariable? variable, out ScaledTerm term)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        term = null!;
        if (Affine.TryOf(node, out var affine))
        {
            if (affine.Variable is { } v)
            {
                if (variable is { } existing && !existing.Equals(v))
                {
                    return false;
                }

                variable = v;
            }

            term = new LinearTerm(affine);
            return term.Magnitude <= MaxMagnitude;
        }

        switch (node)
        {
            case BoundDefineReference define when DefinePrograms.IsSmallBody(define.Body):
                // As both programs: a small define is its body in place.
                return TryTerm(define.Body, ref variable, out term);
            case BoundCall { Function: BuiltInFunctionKind.Min or BuiltInFunctionKind.Max } call:
                var items = new ScaledTerm[call.Arguments.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    if (!TryTerm(call.Arguments[i], ref variable, out items[i]))
                    {
                        return false;
                    }
                }

                var scale = items.Max(i => i.Scale);
                for (var i = 0; i < items.Length; i++)
                {
                    if (!TryAlign(items[i], scale, out items[i]))
                    {
                        return false;
                    }
                }

                // Values only: min and max of exact values are the same value whatever the order (the scale of the one kept
                // does not reach the amount, which Currencies.Round gives the minor unit's scale).
                var isMax = call.Function == BuiltInFunctionKind.Max;
                term = ExpressionEmitter.Balanced(items, (l, r) => isMax ? new MaxTerm(l, r) : new MinTerm(l, r));
                return true;
            case BoundCall { Function: BuiltInFunctionKind.Clamp } call
                when Affine.TryOf(call.Arguments[1], out var low) && low.Variable is null
                    && Affine.TryOf(call.Arguments[2], out var high) && high.Variable is null:
                // Constant bounds that are not crossed (crossed bounds fail: the decimal program reports it).
                var boundScale = Math.Max(low.S, high.S);
                if (!low.TryAlign(boundScale, out var lowAligned) || !high.TryAlign(boundScale, out var highAligned) || lowAligned.B > highAligned.B
                    || !TryTerm(call.Arguments[0], ref variable, out var value))
                {
                    return false;
                }

                var clampScale = Math.Max(value.Scale, boundScale);
                if (!TryAlign(value, clampScale, out value) || !TryAlign(new LinearTerm(low), clampScale, out var lowTerm)
                    || !TryAlign(new LinearTerm(high), clampScale, out var highTerm))
                {
                    return false;
                }

                term = new MinTerm(new MaxTerm(value, lowTerm), highTerm);
                return true;
            case BoundCall { Function: BuiltInFunctionKind.Round } call:
                if (!TryTerm(call.Arguments[0], ref variable, out var operand))
                {
                    return false;
                }

                term = operand.Scale == 0 ? operand : new RoundTerm(operand, Pow10(operand.Scale));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The same value at the larger scale <paramref name="scale"/> (an affine form aligned, anything else multiplied).</summary>
    private static bool TryAlign(ScaledTerm term, int scale, out ScaledTerm aligned)
    {
        aligned = term;
        if (term.Scale == scale)
        {
            return true;
        }

        if (term is LinearTerm linear)
        {
            if (!linear.Affine.TryAlign(scale, out var affine))
            {
                return false;
            }

            aligned = new LinearTerm(affine);
            return aligned.Magnitude <= MaxMagnitude;
        }

        aligned = new TimesTerm(term, Pow10(scale - term.Scale), scale);
        return aligned.Magnitude <= MaxMagnitude && scale <= ScaledComparison.MaxScale;
    }
}

/// <summary>A term of an amount's integer form: the value times 10^<see cref="Scale"/> as a <see cref="long"/>, of the scaled value <c>x</c>.</summary>
internal abstract class ScaledTerm(int scale, Int128 magnitude)
{
    private protected static readonly MethodInfo LongMin = typeof(Math).GetMethod(nameof(Math.Min), [typeof(long), typeof(long)])!;
    private protected static readonly MethodInfo LongMax = typeof(Math).GetMethod(nameof(Math.Max), [typeof(long), typeof(long)])!;
    private protected static readonly MethodInfo RoundHalfAway = typeof(ScaledDecimal).GetMethod(nameof(ScaledDecimal.RoundHalfAway))!;

    public int Scale { get; } = scale;

    /// <summary>The largest magnitude of the term for any scaled value (|x| &lt; 2^40).</summary>
    public Int128 Magnitude { get; } = magnitude;

    /// <summary>The closure program's evaluation.</summary>
    public abstract long Eval(long x);

    /// <summary>The IL program's: the same operations as an expression over <paramref name="x"/> (a <see cref="long"/> local).</summary>
    public abstract Expression Emit(Expression x);
}

/// <summary><c>A * x + B</c>.</summary>
internal sealed class LinearTerm(ScaledComparison.Affine affine)
    : ScaledTerm(affine.S, (Int128.Abs(affine.A) << 40) + Int128.Abs(affine.B))
{
    private readonly long _a = (long)affine.A;
    private readonly long _b = (long)affine.B;

    public ScaledComparison.Affine Affine { get; } = affine;

    public override long Eval(long x) => (x * _a) + _b;

    public override Expression Emit(Expression x)
    {
        var product = _a == 1 ? x : _a == 0 ? Expression.Constant(0L) : Expression.Multiply(x, Expression.Constant(_a));
        return _b == 0 ? product : Expression.Add(product, Expression.Constant(_b));
    }
}

internal sealed class MinTerm(ScaledTerm left, ScaledTerm right) : ScaledTerm(left.Scale, Int128.Max(left.Magnitude, right.Magnitude))
{
    public override long Eval(long x) => Math.Min(left.Eval(x), right.Eval(x));

    public override Expression Emit(Expression x) => Expression.Call(LongMin, left.Emit(x), right.Emit(x));
}

internal sealed class MaxTerm(ScaledTerm left, ScaledTerm right) : ScaledTerm(left.Scale, Int128.Max(left.Magnitude, right.Magnitude))
{
    public override long Eval(long x) => Math.Max(left.Eval(x), right.Eval(x));

    public override Expression Emit(Expression x) => Expression.Call(LongMax, left.Emit(x), right.Emit(x));
}

/// <summary><c>round(v)</c>: half away from zero, at scale 0.</summary>
internal sealed class RoundTerm(ScaledTerm operand, long power) : ScaledTerm(0, (operand.Magnitude / power) + 1)
{
    public override long Eval(long x) => ScaledDecimal.RoundHalfAway(operand.Eval(x), power);

    public override Expression Emit(Expression x) => Expression.Call(RoundHalfAway, operand.Emit(x), Expression.Constant(power));
}

/// <summary>A term at a larger scale: times a power of ten.</summary>
internal sealed class TimesTerm(ScaledTerm operand, long factor, int scale) : ScaledTerm(scale, operand.Magnitude * factor)
{
    public override long Eval(long x) => operand.Eval(x) * factor;

    public override Expression Emit(Expression x) => Expression.Multiply(operand.Emit(x), Expression.Constant(factor));
}
