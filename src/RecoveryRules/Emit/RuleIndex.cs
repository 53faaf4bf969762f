using System.Numerics;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// Which rules a case can match, from its values on a few finite dimensions (a scale, the channel,
/// a <c>oneOf</c> fact, a boolean), before any rule runs: for each chosen dimension and each of its
/// values, a bitset over the rules in consideration order of the rules that admit that value. A
/// case's candidates are the AND of its values' bitsets; the program runs only those, in
/// consideration order (docs/design.md, "Rule indexing").
/// </summary>
/// <remarks>
/// A rule is left out for a value only when its <c>&amp;&amp;</c> chain would evaluate to false
/// for that value without any error (<see cref="RuleConstraints"/>), so skipping it changes
/// neither the decision nor which case errors are raised.
/// </remarks>
internal sealed class RuleIndex
{
    /// <summary>The fewest rules for which the program is indexed under <see cref="RuleIndexing.Auto"/> (measured: docs/performance.md, "Rule indexing").</summary>
    public const int MinRules = 32;

    /// <summary>A dimension is used when, averaged over its values, it admits at most this share of the rules.</summary>
    private const double MaxAdmittedShare = 0.95;

    private readonly Dimension[] _dimensions;
    private readonly int _words;
    private readonly int _rules;

    private RuleIndex(Dimension[] dimensions, int words, int rules)
    {
        _dimensions = dimensions;
        _words = words;
        _rules = rules;
    }

    /// <summary>The dimensions the index looks up, most selective first (for tests and docs).</summary>
    public IReadOnlyList<(SlotKind Kind, int Slot, double AdmittedShare)> Dimensions =>
        [.. _dimensions.Select(d => (d.Kind, d.Slot, d.AdmittedShare))];

    /// <summary>
    /// The index of <paramref name="policy"/>'s rules, or <c>null</c> when indexing is not worth it:
    /// fewer than <paramref name="minRules"/> rules, or no dimension that leaves out enough rules.
    /// </summary>
    public static RuleIndex? Build(BoundPolicy policy, int minRules = MinRules)
    {
        var rules = policy.Rules.Length;
        if (rules < minRules || rules == 0)
        {
            return null;
        }

        var constraints = new RuleConstraints();
        var perRule = new Dictionary<DimensionKey, ulong>?[rules];
        for (var r = 0; r < rules; r++)
        {
            perRule[r] = constraints.OfRule(policy.Rules[r]);
        }

        var words = (rules + 63) / 64;
        var dimensions = new List<Dimension>();
        foreach (var fact in policy.Facts)
        {
            var values = fact.SlotKind switch
            {
                SlotKind.Boolean => 2,
                SlotKind.Ordinal when fact.Type.Vocabulary!.Members.Length <= 64 => fact.Type.Vocabulary.Members.Length,
                _ => 0,
            };
            if (values == 0)
            {
                continue;
            }

            var key = new DimensionKey(fact.SlotKind, fact.Slot);
            var table = new ulong[values * words];
            long admitted = 0;
            for (var r = 0; r < rules; r++)
            {
                var mask = perRule[r] is { } c && c.TryGetValue(key, out var m) ? m : ulong.MaxValue;
                for (var v = 0; v < values; v++)
                {
                    if ((mask & (1UL << v)) != 0)
                    {
                        table[(v * words) + (r >> 6)] |= 1UL << (r & 63);
                        admitted++;
                    }
                }
            }

            var share = admitted / (double)(values * (long)rules);
            if (share <= MaxAdmittedShare)
            {
                dimensions.Add(new Dimension(fact.SlotKind, fact.Slot, table, share));
            }
        }

        return dimensions.Count == 0 ? null : new RuleIndex([.. dimensions.OrderBy(d => d.AdmittedShare)], words, rules);
    }

    /// <summary>
    /// Writes the case's candidate rules (consideration-order numbers, ascending) into
    /// <see cref="CaseFrame.CandidateRules"/> and returns how many there are.
    /// </summary>
    public int Select(CaseFrame frame)
    {
        if (frame.CandidateRules.Length < _rules)
        {
            frame.CandidateRules = new int[_rules];
        }

        var words = _words;
        var ordinals = frame.Ordinals;
        var booleans = frame.Booleans;
        Span<ulong> candidates = words <= 256 ? stackalloc ulong[words] : new ulong[words];
        for (var d = 0; d < _dimensions.Length; d++)
        {
            var dimension = _dimensions[d];
            var value = dimension.Kind == SlotKind.Boolean ? (booleans[dimension.Slot] ? 1 : 0) : ordinals[dimension.Slot];
            var row = dimension.Table.AsSpan(value * words, words);
            if (d == 0)
            {
                row.CopyTo(candidates);
            }
            else
            {
                for (var w = 0; w < words; w++)
                {
                    candidates[w] &= row[w];
                }
            }
        }

        var list = frame.CandidateRules;
        var count = 0;
        for (var w = 0; w < words; w++)
        {
            var bits = candidates[w];
            while (bits != 0)
            {
                list[count++] = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }

        return count;
    }

    private sealed record Dimension(SlotKind Kind, int Slot, ulong[] Table, double AdmittedShare);
}

/// <summary>A finite dimension a rule can be indexed on: an ordinal (member) or boolean slot.</summary>
internal readonly record struct DimensionKey(SlotKind Kind, int Slot);

/// <summary>How a policy's program is indexed (<see cref="RuleIndex"/>); tests force one or the other.</summary>
internal enum RuleIndexing
{
    /// <summary>Indexed from <see cref="RuleIndex.MinRules"/> rules, when a dimension is selective enough.</summary>
    Auto,

    /// <summary>Never indexed: every rule is tested in turn.</summary>
    Never,

    /// <summary>Indexed whenever a dimension is selective enough, however few the rules.</summary>
    Always,
}
