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

    /// <summary>
    /// Under <see cref="RuleIndexing.Auto"/> the program is indexed only when a case runs at most this share of the
    /// rules on average (<see cref="ExpectedShare"/>): measured, an index that leaves two thirds of the rules made the
    /// generated 200-rule policy 6% slower, one that leaves a tenth made the 2,000-rule one twice as fast.
    /// </summary>
    public const double MaxExpectedShare = 0.5;

    /// <summary>A dimension is used when, averaged over its values, it admits at most this share of the rules.</summary>
    private const double MaxAdmittedShare = 0.95;

    private readonly Dimension[] _dimensions;
    private readonly int _words;

    private RuleIndex(Dimension[] dimensions, int words)
    {
        _dimensions = dimensions;
        _words = words;
    }

    /// <summary>The dimensions the index looks up, most selective first (for tests and docs).</summary>
    public IReadOnlyList<(SlotKind Kind, int Slot, double AdmittedShare)> Dimensions =>
        [.. _dimensions.Select(d => (d.Kind, d.Slot, d.AdmittedShare))];

    /// <summary>
    /// The index of <paramref name="policy"/>'s rules, or <c>null</c> when the policy has fewer than
    /// <paramref name="minRules"/> rules or the index would leave more than <paramref name="maxExpectedShare"/>
    /// of them to run (its program then tests every rule in turn).
    /// </summary>
    public static RuleIndex? Build(BoundPolicy policy, int minRules = MinRules, double maxExpectedShare = MaxExpectedShare)
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

        // Without a selective dimension every rule is a candidate; the program still runs in chunks of 64 rules.
        var index = new RuleIndex([.. dimensions.OrderBy(d => d.AdmittedShare)], words);
        return index.ExpectedShare <= maxExpectedShare ? index : null;
    }

    /// <summary>The share of the rules a case runs on average, were its values uniform and independent: the product of the dimensions' admitted shares.</summary>
    public double ExpectedShare => _dimensions.Aggregate(1.0, (share, d) => share * d.AdmittedShare);

    /// <summary>How many 64-rule words the candidates take: the program's chunks of rules.</summary>
    public int Words => _words;

    /// <summary>
    /// Writes the case's candidate rules, a bit per rule in consideration order, into
    /// <see cref="CaseFrame.CandidateWords"/> (which it grows) and returns that array.
    /// </summary>
    public ulong[] Select(CaseFrame frame)
    {
        var words = _words;
        if (frame.CandidateWords.Length < words)
        {
            frame.CandidateWords = new ulong[words];
        }

        var candidates = frame.CandidateWords.AsSpan(0, words);
        if (_dimensions.Length == 0)
        {
            candidates.Fill(ulong.MaxValue);
            return frame.CandidateWords;
        }

        var ordinals = frame.Ordinals;
        var booleans = frame.Booleans;
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

        return frame.CandidateWords;
    }

    private sealed record Dimension(SlotKind Kind, int Slot, ulong[] Table, double AdmittedShare);
}

/// <summary>A finite dimension a rule can be indexed on: an ordinal (member) or boolean slot.</summary>
internal readonly record struct DimensionKey(SlotKind Kind, int Slot);

/// <summary>How a policy's program is indexed (<see cref="RuleIndex"/>); tests force one or the other.</summary>
internal enum RuleIndexing
{
    /// <summary>Indexed from <see cref="RuleIndex.MinRules"/> rules, when the index leaves at most <see cref="RuleIndex.MaxExpectedShare"/> of them to run.</summary>
    Auto,

    /// <summary>Never indexed: every rule is tested in turn.</summary>
    Never,

    /// <summary>Always indexed (in chunks, with every rule a candidate when no dimension is selective), however few the rules.</summary>
    Always,

    /// <summary>
    /// Exact matching (docs/design.md §35) wherever a program has it (the closure program with integer forms), however few the
    /// rules; elsewhere as <see cref="Auto"/>.
    /// </summary>
    Match,
}
