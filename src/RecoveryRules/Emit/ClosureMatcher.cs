using RecoveryRules.Evaluation;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// The closure program's exact matching (docs/design.md §35): per case, each dimension's row of <see cref="RuleMatch"/>
/// (a numeric variable's interval found by a branch-free search, a member's or a flag's value, a failure-free boolean
/// define evaluated once), ANDed into <see cref="CaseFrame.CandidateWords"/>. A set bit of a rule without residual
/// conditions is the rule's verdict; the program evaluates the others' residual conditions in order.
/// </summary>
internal sealed class ClosureMatcher
{
    private readonly NumericRead[] _numeric;
    private readonly (SlotKind Kind, int Slot, ulong[] Rows)[] _finite;
    private readonly (Node<bool> Define, ulong[] Rows)[] _derived;
    private readonly ulong[] _all;
    private readonly int _words;

    /// <param name="match">The tables.</param>
    /// <param name="defineValue">A cached decimal define's use (it computes the value and its scaled form on first use).</param>
    /// <param name="condition">A boolean define's node.</param>
    public ClosureMatcher(RuleMatch match, Func<Binding.BoundDefineReference, ScaledDefineUse> defineValue, Func<Binding.BoundDefineReference, Node<bool>> condition)
    {
        Match = match;
        _words = match.Words;
        _all = RuleMatch.AllRules(match.Rules, match.Words);
        _numeric = [.. match.Numeric.Select(n => new NumericRead(
            n.Variable.Define is { } define ? defineValue(define) : null, n.Variable.Index, n.Pure, n.Search, n.Rows))];
        _finite = [.. match.Finite.Select(f => (f.Key.Kind, f.Key.Slot, f.Rows))];
        _derived = [.. match.Derived.Select(d => (condition(d.Define), d.Rows))];
    }

    public RuleMatch Match { get; }

    /// <summary>The defines whose values the numeric dimensions read: each computed by every case that <see cref="TrySelect"/> keys.</summary>
    public IEnumerable<int> DefineIndices => _numeric.Where(n => n.Define is not null).Select(n => n.Index);

    /// <summary>The decimal fact slots the numeric dimensions read scaled (the program scales them first).</summary>
    public IEnumerable<int> FactSlots => _numeric.Where(n => n.Define is null).Select(n => n.Index);

    /// <summary>
    /// Writes the case's matching rules into <see cref="CaseFrame.CandidateWords"/> (which it grows); false, with nothing
    /// meaningful written, when a variable that is not pure has no scaled value: the case then runs unindexed.
    /// </summary>
    public bool TrySelect(CaseFrame frame)
    {
        var words = _words;
        if (frame.CandidateWords.Length < words)
        {
            frame.CandidateWords = new ulong[words];
        }

        var candidates = frame.CandidateWords.AsSpan(0, words);
        _all.CopyTo(candidates);
        var scaled = frame.Scaled;
        foreach (var numeric in _numeric)
        {
            long x;
            if (numeric.Define is { } define)
            {
                define.Eval(frame);
                x = frame.DefineScaled[numeric.Index];
            }
            else
            {
                x = scaled[numeric.Index];
            }

            long key;
            if (x != ScaledDecimal.NotScaled)
            {
                key = x * 2;
            }
            else if (numeric.Pure)
            {
                key = NumericDimension.KeyOf(numeric.Define is null ? frame.Decimals[numeric.Index] : frame.DefineDecimals[numeric.Index]);
            }
            else
            {
                return false;
            }

            And(candidates, numeric.Rows, NumericDimension.Interval(numeric.Search, key) * words);
        }

        var ordinals = frame.Ordinals;
        var booleans = frame.Booleans;
        foreach (var (kind, slot, rows) in _finite)
        {
            var value = kind == SlotKind.Boolean ? (booleans[slot] ? 1 : 0) : ordinals[slot];
            And(candidates, rows, value * words);
        }

        foreach (var (define, rows) in _derived)
        {
            And(candidates, rows, define.Eval(frame) ? words : 0);
        }

        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void And(Span<ulong> candidates, ulong[] rows, int start)
    {
        var row = rows.AsSpan(start, candidates.Length);
        for (var w = 0; w < candidates.Length; w++)
        {
            candidates[w] &= row[w];
        }
    }

    private sealed record NumericRead(ScaledDefineUse? Define, int Index, bool Pure, long[] Search, ulong[] Rows);
}
