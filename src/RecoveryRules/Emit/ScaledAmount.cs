using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
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
        IsFlat = FlatAmount.TryCreate(root, digits, signFree, out var flat);
        Flat = flat;
    }

    /// <summary>Whether <see cref="Flat"/> holds the amount's flat form (docs/design.md §37); otherwise the closure program evaluates <see cref="Root"/>.</summary>
    public bool IsFlat { get; }

    /// <summary>The terms of <see cref="Root"/> as one clamp of an affine form, with a <c>round</c> and a second clamp (when <see cref="IsFlat"/>).</summary>
    public FlatAmount Flat { get; }

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
    public bool TryAmount(long x, out decimal amount) => IsFlat ? Flat.TryAmount(x, out amount) : TryTreeAmount(x, out amount);

    /// <summary>As <see cref="TryAmount"/>, on the tree of terms (<see cref="Root"/>, <see cref="ScaledDecimal.AmountOf"/>) whether or not the amount is flat.</summary>
    public bool TryTreeAmount(long x, out decimal amount)
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

/// <summary>
/// An amount's terms flattened when the program is built (docs/design.md §37), for the closure program: no virtual call per
/// term and no division by a variable. <c>v = clamp(A * x + B, Low, High)</c>; with a <c>round</c>,
/// <c>v = clamp(round(v / 10^6) * Times, RoundLow, RoundHigh)</c>; the amount is <c>v / 10^6</c> rounded half up at the minor
/// unit's scale (<see cref="ScaledDecimal.AmountOfUnits"/>). The value before the round is held at scale 6, the value after
/// it (or without one) at the minor unit's scale plus 6, so both divisions are by the constant 10^6.
/// </summary>
/// <remarks>
/// The same value as the tree's, exactly: <c>max(v, c)</c> is <c>clamp(v, c, +inf)</c> and <c>min(v, c)</c> is
/// <c>clamp(v, -inf, c)</c>; <c>min(clamp(v, L, H), c) = clamp(v, min(L, c), min(H, c))</c> and
/// <c>max(clamp(v, L, H), c) = clamp(v, max(L, c), max(H, c))</c> (so any nesting of <c>min</c>, <c>max</c> and
/// <c>clamp</c> with constants around one affine form is one clamp, <c>L &lt;= H</c>); a factor <c>t &gt; 0</c> (a scale
/// aligned, or the scale raised here) moves into the form and its bounds: <c>clamp(v, L, H) * t = clamp(v * t, L * t, H * t)</c>.
/// Raising the scale multiplies by a power of ten, which keeps the value, the sign, a zero a zero. Every coefficient and
/// bound is checked against 2^61 here (|x| &lt; 2^40), in <see cref="Int128"/>, so no <see cref="long"/> overflows; shapes
/// outside this (two terms of the variable, a round in a round, a scale above 6 before a round or above the minor unit's
/// plus 6, larger magnitudes) keep the tree.
/// </remarks>
internal readonly struct FlatAmount
{
    private const int UnitDigits = ScaledDecimal.UnitDigits;

    /// <summary>The largest magnitude of a value or a bound (2^61): the differences <see cref="Clamp"/> takes fit in a <see cref="long"/>.</summary>
    private static readonly Int128 MaxMagnitude = (Int128)1 << 61;

    private readonly long _a;
    private readonly long _b;
    private readonly long _low;
    private readonly long _high;
    private readonly long _times;
    private readonly long _roundLow;
    private readonly long _roundHigh;
    private readonly int _digits;
    private readonly bool _round;
    private readonly bool _signFree;

    private FlatAmount(in Shape shape, int digits, bool signFree)
    {
        (_a, _b, _low, _high) = ((long)shape.A, (long)shape.B, Bound(shape.Low), Bound(shape.High));
        (_round, _times, _roundLow, _roundHigh) = (shape.Round, (long)shape.Times, Bound(shape.RoundLow), Bound(shape.RoundHigh));
        (_digits, _signFree) = (digits, signFree);
    }

    /// <summary>
    /// As <see cref="ScaledAmount.TryAmount"/>: the amount for the scaled value <paramref name="x"/> when <paramref name="x"/>
    /// is scaled and the value positive (or a zero whose sign is known); otherwise false, and the program computes it with decimals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAmount(long x, out decimal amount)
    {
        if (x != ScaledDecimal.NotScaled)
        {
            var v = Linear(x, _a, _b, _low, _high);
            if (_round)
            {
                v = Rounded(v, _times, _roundLow, _roundHigh);
            }

            return TryUnits(v, x, _signFree, _digits, out amount);
        }

        amount = 0m;
        return false;
    }

    /// <summary>The form's first part, <c>clamp(A * x + B, Low, High)</c>, for a scaled <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long Linear(long x, long a, long b, long low, long high) => Clamp((x * a) + b, low, high);

    /// <summary>The form's <c>round</c>: <c>clamp(round(v / 10^6) * Times, RoundLow, RoundHigh)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long Rounded(long v, long times, long low, long high) =>
        Clamp(ScaledDecimal.RoundHalfAway(v, ScaledDecimal.Unit) * times, low, high);

    /// <summary>The amount of the form's value <paramref name="v"/> when it is positive, or a zero whose sign is known; else false and 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryUnits(long v, long x, bool signFree, int digits, out decimal amount)
    {
        // A zero only where its sign is known: ScaledAmount.SignFree, x >= 0 (docs/design.md §29).
        if (v > 0 || (v == 0 && x >= 0 && signFree))
        {
            amount = ScaledDecimal.AmountOfUnits(v, digits);
            return true;
        }

        amount = 0m;
        return false;
    }

    /// <summary>The form's coefficients and bounds, for a table that holds them apart (docs/design.md §38).</summary>
    internal (long A, long B, long Low, long High) First => (_a, _b, _low, _high);

    /// <summary>The form's <c>round</c> (its factor and bounds), when it has one.</summary>
    internal (long Times, long Low, long High)? Round => _round ? (_times, _roundLow, _roundHigh) : null;

    /// <summary>The amount's decimals.</summary>
    internal int Digits => _digits;

    /// <summary>Whether a zero of a value that is not negative is the amount zero (<see cref="ScaledAmount"/>'s SignFree).</summary>
    internal bool SignFree => _signFree;

    /// <summary>
    /// <c>min(max(v, low), high)</c> without branches (the bounds a value meets differ from case to case): with every value and
    /// bound within 2^61, the differences fit, and <c>d &amp; ~(d &gt;&gt; 63)</c> is <c>max(d, 0)</c>, <c>d &amp; (d &gt;&gt; 63)</c> is <c>min(d, 0)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Clamp(long v, long low, long high)
    {
        var below = v - low;
        v = low + (below & ~(below >> 63));
        var above = v - high;
        return high + (above & (above >> 63));
    }

    /// <summary>The flat form of <paramref name="root"/> for an amount of <paramref name="digits"/> decimals; false for a shape it does not cover.</summary>
    public static bool TryCreate(ScaledTerm root, int digits, bool signFree, out FlatAmount flat)
    {
        flat = default;
        if (!ScaledDecimal.IsAvailable || (uint)digits > ScaledComparison.MaxScale - UnitDigits || !TryShape(root, out var shape))
        {
            return false;
        }

        var target = digits + UnitDigits;
        if (shape.Round)
        {
            // Before the round at scale 6 (round(v / 10^6)), after it at the target scale.
            if (shape.Scale1 > UnitDigits || shape.Scale > target)
            {
                return false;
            }

            shape = shape.Times1(Pow10(UnitDigits - shape.Scale1)).Times2(Pow10(target - shape.Scale));
        }
        else
        {
            if (shape.Scale1 > target)
            {
                return false;
            }

            shape = shape.Times1(Pow10(target - shape.Scale1));
        }

        // |A * x + B| for |x| < 2^40, the bounds, and the value after the round times its factor: each at most 2^61.
        var first = (Int128.Abs(shape.A) << 40) + Int128.Abs(shape.B);
        if (first > MaxMagnitude || !Within(shape.Low) || !Within(shape.High))
        {
            return false;
        }

        if (shape.Round)
        {
            var before = Int128.Max(first, Int128.Max(Magnitude(shape.Low), Magnitude(shape.High)));
            if (((before / ScaledDecimal.Unit) + 1) * shape.Times > MaxMagnitude || !Within(shape.RoundLow) || !Within(shape.RoundHigh))
            {
                return false;
            }
        }

        flat = new FlatAmount(shape, digits, signFree);
        return true;
    }

    private static Int128 Pow10(int exponent)
    {
        Int128 value = 1;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }

    private static Int128 Magnitude(Int128 bound) => bound == Shape.NegativeInfinity || bound == Shape.PositiveInfinity ? 0 : Int128.Abs(bound);

    private static bool Within(Int128 bound) => Magnitude(bound) <= MaxMagnitude;

    /// <summary>A bound as <see cref="Clamp"/> takes it: an absent one is ±2^61, which no value passes.</summary>
    private static long Bound(Int128 bound) =>
        (long)(bound == Shape.NegativeInfinity ? -MaxMagnitude : bound == Shape.PositiveInfinity ? MaxMagnitude : bound);

    private static bool TryShape(ScaledTerm term, out Shape shape)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        shape = default;
        switch (term)
        {
            case LinearTerm linear:
                shape = Shape.Of(linear.Affine.A, linear.Affine.B, linear.Scale);
                return true;
            case TimesTerm times:
                if (!TryShape(times.Operand, out var operand))
                {
                    return false;
                }

                shape = operand.Round ? operand.Times2(times.Factor) : operand.Times1(times.Factor);
                return true;
            case RoundTerm round:
                if (!TryShape(round.Operand, out var inner) || inner.Round)
                {
                    return false;
                }

                shape = inner with { Round = true, Times = 1, RoundLow = Shape.NegativeInfinity, RoundHigh = Shape.PositiveInfinity, Scale = 0 };
                return true;
            case MinTerm min:
                return TryBound(min.Left, min.Right, isMax: false, out shape);
            case MaxTerm max:
                return TryBound(max.Left, max.Right, isMax: true, out shape);
            default:
                return false;
        }
    }

    /// <summary><c>min</c> or <c>max</c> of two terms of which one at least is a constant: a clamp's bounds moved.</summary>
    private static bool TryBound(ScaledTerm left, ScaledTerm right, bool isMax, out Shape shape)
    {
        shape = default;
        if (!TryShape(left, out var l) || !TryShape(right, out var r))
        {
            return false;
        }

        Int128 Pick(Int128 a, Int128 b) => isMax ? Int128.Max(a, b) : Int128.Min(a, b);
        if (!r.IsConstant)
        {
            if (!l.IsConstant)
            {
                return false;
            }

            (l, r) = (r, l);
        }

        var c = r.B;
        shape = l.IsConstant ? l with { B = Pick(l.B, c) }
            : l.Round ? l with { RoundLow = Pick(l.RoundLow, c), RoundHigh = Pick(l.RoundHigh, c) }
            : l with { Low = Pick(l.Low, c), High = Pick(l.High, c) };
        return true;
    }

    /// <summary>
    /// A flat form being built, in <see cref="Int128"/>: <c>clamp(A * x + B, Low, High)</c> at <see cref="Scale1"/>, then with
    /// <see cref="Round"/> <c>clamp(round(v) * Times, RoundLow, RoundHigh)</c>; the term's scale <see cref="Scale"/>. A bound
    /// that is absent is an infinity (<see cref="Int128.MinValue"/>, <see cref="Int128.MaxValue"/>), never multiplied.
    /// </summary>
    private readonly record struct Shape(
        Int128 A, Int128 B, Int128 Low, Int128 High, int Scale1, bool Round, Int128 Times, Int128 RoundLow, Int128 RoundHigh, int Scale)
    {
        public static readonly Int128 NegativeInfinity = Int128.MinValue;

        public static readonly Int128 PositiveInfinity = Int128.MaxValue;

        /// <summary>A constant: no variable, no bounds, no round (its value <see cref="B"/>).</summary>
        public bool IsConstant => A == 0 && !Round && Low == NegativeInfinity && High == PositiveInfinity;

        public static Shape Of(Int128 a, Int128 b, int scale) =>
            new(a, b, NegativeInfinity, PositiveInfinity, scale, false, 1, NegativeInfinity, PositiveInfinity, scale);

        /// <summary>The value before the round times <paramref name="factor"/> (&gt; 0): the form and its bounds.</summary>
        public Shape Times1(Int128 factor) => this with
        {
            A = A * factor, B = B * factor, Low = Scaled(Low, factor), High = Scaled(High, factor),
            Scale1 = Scale1 + Digits(factor), Scale = Round ? Scale : Scale1 + Digits(factor),
        };

        /// <summary>The value after the round times <paramref name="factor"/> (&gt; 0): its factor and its bounds.</summary>
        public Shape Times2(Int128 factor) => this with
        {
            Times = Times * factor, RoundLow = Scaled(RoundLow, factor), RoundHigh = Scaled(RoundHigh, factor), Scale = Scale + Digits(factor),
        };

        private static Int128 Scaled(Int128 bound, Int128 factor) =>
            bound == NegativeInfinity || bound == PositiveInfinity ? bound : bound * factor;

        private static int Digits(Int128 power)
        {
            var digits = 0;
            for (; power > 1; power /= 10)
            {
                digits++;
            }

            return digits;
        }
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
    public ScaledTerm Left => left;

    public ScaledTerm Right => right;

    public override long Eval(long x) => Math.Min(left.Eval(x), right.Eval(x));

    public override Expression Emit(Expression x) => Expression.Call(LongMin, left.Emit(x), right.Emit(x));
}

internal sealed class MaxTerm(ScaledTerm left, ScaledTerm right) : ScaledTerm(left.Scale, Int128.Max(left.Magnitude, right.Magnitude))
{
    public ScaledTerm Left => left;

    public ScaledTerm Right => right;

    public override long Eval(long x) => Math.Max(left.Eval(x), right.Eval(x));

    public override Expression Emit(Expression x) => Expression.Call(LongMax, left.Emit(x), right.Emit(x));
}

/// <summary><c>round(v)</c>: half away from zero, at scale 0.</summary>
internal sealed class RoundTerm(ScaledTerm operand, long power) : ScaledTerm(0, (operand.Magnitude / power) + 1)
{
    public ScaledTerm Operand => operand;

    public override long Eval(long x) => ScaledDecimal.RoundHalfAway(operand.Eval(x), power);

    public override Expression Emit(Expression x) => Expression.Call(RoundHalfAway, operand.Emit(x), Expression.Constant(power));
}

/// <summary>A term at a larger scale: times a power of ten.</summary>
internal sealed class TimesTerm(ScaledTerm operand, long factor, int scale) : ScaledTerm(scale, operand.Magnitude * factor)
{
    public ScaledTerm Operand => operand;

    public long Factor => factor;

    public override long Eval(long x) => operand.Eval(x) * factor;

    public override Expression Emit(Expression x) => Expression.Multiply(operand.Emit(x), Expression.Constant(factor));
}
