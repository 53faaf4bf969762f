using System.Runtime.CompilerServices;
using RecoveryRules.Binding;
using RecoveryRules.Evaluation;

namespace RecoveryRules.Emit;

/// <summary>
/// A test of a numeric variable's key <c>K</c> (docs/design.md §35): <c>K = 2X</c> for a scaled value <c>X</c>, and, for a
/// pure variable's value that is not scaled, <c>2 floor(x) + 1</c> with <c>x = v * 10^4</c>. It holds on a union of intervals
/// of <c>K</c>; <see cref="Points"/> gives every <c>K</c> at which it may change (it may differ between <c>K - 1</c> and <c>K</c>).
/// </summary>
internal abstract class NumericTest
{
    public abstract bool Holds(Int128 key);

    /// <summary>Adds the keys where the test may change to <paramref name="points"/>.</summary>
    public abstract void Points(HashSet<long> points);
}

/// <summary>
/// <c>X * Factor op Bound</c> (<see cref="ScaledComparison"/>) as <c>K * Factor op 2 Bound</c>: the same for <c>K = 2X</c>; and for
/// an odd key with <c>|Factor| = 1</c> (an integer <c>Bound</c>) the truth of the comparison at every real <c>x</c> strictly between
/// <c>floor(x)</c> and <c>floor(x) + 1</c>, which is the decimal comparison's of the value.
/// </summary>
internal sealed class CompareTest(long factor, long bound, BoundBinaryOperator op) : NumericTest
{
    public override bool Holds(Int128 key)
    {
        var left = key * factor;
        var right = (Int128)bound * 2;
        return op switch
        {
            BoundBinaryOperator.Equal => left == right,
            BoundBinaryOperator.NotEqual => left != right,
            BoundBinaryOperator.Less => left < right,
            BoundBinaryOperator.LessOrEqual => left <= right,
            BoundBinaryOperator.Greater => left > right,
            _ => left >= right,
        };
    }

    public override void Points(HashSet<long> points)
    {
        // K * F op 2B changes only around 2B / F: at floor(2B / F) or the key after it.
        var quotient = Int128.DivRem((Int128)bound * 2, factor);
        var floor = quotient.Quotient - ((quotient.Remainder != 0 && (quotient.Remainder < 0) != (factor < 0)) ? 1 : 0);
        foreach (var point in (ReadOnlySpan<Int128>)[floor, floor + 1])
        {
            if (point > long.MinValue + 1 && point < long.MaxValue - 1 && Holds(point) != Holds(point - 1))
            {
                points.Add((long)point);
            }
        }
    }
}

internal sealed class NotTest(NumericTest operand) : NumericTest
{
    public override bool Holds(Int128 key) => !operand.Holds(key);

    public override void Points(HashSet<long> points) => operand.Points(points);
}

internal sealed class OrTest(NumericTest left, NumericTest right) : NumericTest
{
    public override bool Holds(Int128 key) => left.Holds(key) || right.Holds(key);

    public override void Points(HashSet<long> points)
    {
        left.Points(points);
        right.Points(points);
    }
}

internal sealed class AndTest(NumericTest left, NumericTest right) : NumericTest
{
    public override bool Holds(Int128 key) => left.Holds(key) && right.Holds(key);

    public override void Points(HashSet<long> points)
    {
        left.Points(points);
        right.Points(points);
    }
}

/// <summary>
/// A numeric dimension: a variable's breakpoints (sorted, distinct keys where some rule's atom changes) and a row per
/// interval (<c>(Breakpoints.Length + 1) × words</c>): interval <c>i</c> holds the keys with exactly <c>i</c> breakpoints at
/// or below them, and its row has the bit of every rule whose atoms on the variable all hold there.
/// </summary>
internal sealed class NumericDimension
{
    /// <summary>A key past every breakpoint (saturated values of pure variables): below <see cref="Padding"/>.</summary>
    public const long Highest = long.MaxValue - 1;

    /// <summary>The padding of <see cref="Search"/> to a power of two less one: never at or below a key.</summary>
    private const long Padding = long.MaxValue;

    private NumericDimension(ScaledVariable variable, bool pure, long[] breakpoints, ulong[] rows)
    {
        Variable = variable;
        Pure = pure;
        Breakpoints = breakpoints;
        Rows = rows;
        var size = 1;
        while (size - 1 < breakpoints.Length)
        {
            size <<= 1;
        }

        Search = new long[size - 1];
        Array.Fill(Search, Padding);
        breakpoints.CopyTo(Search, 0);
    }

    public ScaledVariable Variable { get; }

    /// <summary>Whether every atom on the variable orders any decimal value by its key (so a value that is not scaled still has one).</summary>
    public bool Pure { get; }

    public long[] Breakpoints { get; }

    public ulong[] Rows { get; }

    /// <summary>The breakpoints padded to <c>2^k - 1</c> keys for the branch-free search.</summary>
    public long[] Search { get; }

    public static NumericDimension Build(ScaledVariable variable, bool pure, List<(int Rule, NumericTest Test)> atoms, int rules, int words, ulong[] all)
    {
        var points = new HashSet<long>();
        foreach (var (_, test) in atoms)
        {
            test.Points(points);
        }

        var breakpoints = points.ToArray();
        Array.Sort(breakpoints);
        var intervals = breakpoints.Length + 1;
        var rows = new ulong[intervals * words];

        // A rule's atoms on the variable, joined.
        var perRule = new Dictionary<int, NumericTest>();
        foreach (var (rule, test) in atoms)
        {
            perRule[rule] = perRule.TryGetValue(rule, out var existing) ? new AndTest(existing, test) : test;
        }

        for (var i = 0; i < intervals; i++)
        {
            // Every key of interval i tests as its representative: the test changes only at breakpoints.
            var representative = i == 0 ? (breakpoints.Length == 0 ? 0 : (Int128)breakpoints[0] - 1) : breakpoints[i - 1];
            var row = rows.AsSpan(i * words, words);
            all.CopyTo(row);
            foreach (var (rule, test) in perRule)
            {
                if (!test.Holds(representative))
                {
                    row[rule >> 6] &= ~(1UL << (rule & 63));
                }
            }
        }

        return new NumericDimension(variable, pure, breakpoints, rows);
    }

    /// <summary>The interval of <paramref name="key"/>: how many breakpoints are at or below it, without a branch per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Interval(long[] search, long key)
    {
        var i = 0;
        for (var step = (search.Length + 1) >> 1; step > 0; step >>= 1)
        {
            i += search[i + step - 1] <= key ? step : 0;
        }

        return i;
    }

    /// <summary>
    /// The key of a decimal value that is not scaled, for a pure variable: <c>2 floor(x) + (x fractional ? 1 : 0)</c> with
    /// <c>x = v * 10^4</c>, saturated past every breakpoint for a magnitude of 2^44 or more (where <c>v * 10^4</c> is exact).
    /// </summary>
    public static long KeyOf(decimal value)
    {
        const decimal Saturation = 17592186044416m; // 2^44
        if (value >= Saturation)
        {
            return Highest;
        }

        if (value <= -Saturation)
        {
            return long.MinValue;
        }

        var x = value * 10000m;
        var floor = decimal.Floor(x);
        return ((long)floor * 2) + (x == floor ? 0 : 1);
    }
}
