using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Analysis;

/// <summary>
/// Severity inversion (docs/design.md, "Policy analysis"; RR1014): over the cells of every fact the
/// escalating and stopping rules read, the escalation the rules give a case is computed as the engine
/// combines it (consideration order, <c>stop</c>, <c>highest</c> or <c>first</c>), and each cell is
/// compared with the cell one severity level up, everything else equal. An inversion is a more
/// severe case escalated by the rules to a lower target, or to the same target with a longer
/// <c>within</c>. Both cases must be escalated by a rule: a case no rule escalates gets nothing or
/// the fallback of <c>otherwise</c>, which is a coverage question (RR1005), not a rule's decision. A cell
/// where some rule that matters is unknown is skipped. The values of each fact that no rule that
/// matters tells apart (the channels other than <c>social</c> when the rules only ask
/// <c>channel == social</c>; adjacent intervals no rule separates) are enumerated once, through
/// the first of them: the escalation is the same for each, so the check stays exact.
/// </summary>
internal static class SeverityInversion
{
    /// <summary>The inversions, one per pair of deciding rules; null when the check is past the budget (then <paramref name="cells"/> is its size).</summary>
    public static ImmutableArray<Inversion>? Find(BoundPolicy policy, DecisionSpace space, Truth[]?[] tables, long budget, out long cells)
    {
        cells = 0;
        var rules = policy.Rules;
        if (!rules.Any(r => r.Decision.Escalation is not null))
        {
            return [];
        }

        var considered = rules.Length;
        for (var r = 0; r < rules.Length; r++)
        {
            if (rules[r].Stop && rules[r].Conditions.IsEmpty)
            {
                considered = r + 1;
                break;
            }
        }

        // The rules that can change the escalation: those that escalate and those that stop.
        var relevant = Enumerable.Range(0, considered)
            .Where(r => rules[r].Decision.Escalation is not null || rules[r].Stop)
            .ToImmutableArray();
        if (relevant.Any(r => tables[r] is null))
        {
            // A rule the analysis skipped (RR1006 says so): the escalation is not known anywhere.
            return [];
        }

        var severity = Enumerable.Range(0, space.Dimensions.Length)
            .FirstOrDefault(d => space.Dimensions[d].Fact.IsBuiltIn && space.Dimensions[d].Fact.Name == "severity", -1);
        var over = relevant.SelectMany(r => space.RuleDimensions[r]).Distinct().Order().ToImmutableArray();
        if (severity < 0 || !over.Contains(severity))
        {
            return [];
        }

        var others = over.Remove(severity);
        var levels = space.Dimensions[severity].Values.Length;
        var classes = others.ToDictionary(d => d, d => Classes(space, tables, relevant, d));
        cells = others.Aggregate((long)levels, (n, d) => Math.Min(n * classes[d].Length, long.MaxValue / 1024));
        if (cells > PolicyAnalyzer.MaxCells || cells * relevant.Length > budget)
        {
            return null;
        }

        var found = new Dictionary<(bool Within, int Higher, int Lower), Inversion>();
        var cell = new int[space.Dimensions.Length];
        var position = new int[space.Dimensions.Length];
        var outcomes = new Outcome?[levels];
        do
        {
            for (var level = 0; level < levels; level++)
            {
                cell[severity] = level;
                outcomes[level] = Decide(policy, space, tables, relevant, cell);
            }

            for (var level = 0; level + 1 < levels; level++)
            {
                if (outcomes[level] is not { } lower || outcomes[level + 1] is not { } higher)
                {
                    continue;
                }

                if (higher.Target < 0 || lower.Target < 0)
                {
                    continue;
                }

                var within = higher.Target == lower.Target && higher.Within is { } slow && lower.Within is { } fast && slow > fast;
                if (higher.Target < lower.Target || within)
                {
                    var key = (within, higher.Rule, lower.Rule);
                    if (!found.ContainsKey(key))
                    {
                        cell[severity] = level;
                        found[key] = new Inversion(within, level, higher, lower, Describe(space, others, cell), [.. cell]);
                    }
                }
            }

            cell[severity] = 0;
        }
        while (Next(cell, position, others, classes));

        return [.. found.Values];
    }

    /// <summary>Steps <paramref name="cell"/> to the next combination of class representatives over <paramref name="over"/>; false after the last.</summary>
    private static bool Next(int[] cell, int[] position, ImmutableArray<int> over, Dictionary<int, int[]> classes)
    {
        for (var i = over.Length - 1; i >= 0; i--)
        {
            var d = over[i];
            if (++position[d] < classes[d].Length)
            {
                cell[d] = classes[d][position[d]];
                return true;
            }

            position[d] = 0;
            cell[d] = classes[d][0];
        }

        return false;
    }

    /// <summary>
    /// One value of dimension <paramref name="d"/> for each class of values that every relevant
    /// rule reading it treats alike (the same truths for every value of its other facts), in order.
    /// </summary>
    private static int[] Classes(DecisionSpace space, Truth[]?[] tables, ImmutableArray<int> relevant, int d)
    {
        var count = space.Dimensions[d].Values.Length;
        var signatures = new System.Text.StringBuilder[count];
        for (var v = 0; v < count; v++)
        {
            signatures[v] = new System.Text.StringBuilder();
        }

        foreach (var r in relevant)
        {
            var own = space.RuleDimensions[r];
            var k = own.IndexOf(d);
            if (k < 0)
            {
                continue;
            }

            var stride = 1;
            for (var m = k + 1; m < own.Length; m++)
            {
                stride *= space.Dimensions[own[m]].Values.Length;
            }

            var table = tables[r]!;
            for (var index = 0; index < table.Length; index++)
            {
                signatures[(index / stride) % count].Append((char)('0' + (int)table[index]));
            }

            foreach (var signature in signatures)
            {
                signature.Append('|');
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var representatives = new List<int>();
        for (var v = 0; v < count; v++)
        {
            if (seen.Add(signatures[v].ToString()))
            {
                representatives.Add(v);
            }
        }

        return [.. representatives];
    }

    /// <summary>The escalation of the cell, or null when a rule that matters is unknown there.</summary>
    private static Outcome? Decide(BoundPolicy policy, DecisionSpace space, Truth[]?[] tables, ImmutableArray<int> relevant, int[] cell)
    {
        var target = -1;
        var rule = -1;
        decimal? within = null;
        foreach (var r in relevant)
        {
            var truth = tables[r]![PolicyAnalyzer.Index(space, space.RuleDimensions[r], cell)];
            if (truth == Truth.Unknown)
            {
                return null;
            }

            if (truth == Truth.False)
            {
                continue;
            }

            var bound = policy.Rules[r];
            if (bound.Decision.Escalation is { } escalation)
            {
                if (policy.EscalationMode == SelectionMode.First)
                {
                    if (rule < 0)
                    {
                        (target, rule, within) = (escalation.TargetOrdinal, r, escalation.WithinSeconds);
                    }
                }
                else
                {
                    if (escalation.TargetOrdinal > target)
                    {
                        (target, rule) = (escalation.TargetOrdinal, r);
                    }

                    if (escalation.WithinSeconds is { } seconds && (within is null || seconds < within))
                    {
                        within = seconds;
                    }
                }
            }

            if (bound.Stop)
            {
                break;
            }
        }

        return new Outcome(target, rule, within);
    }

    private static string Describe(DecisionSpace space, ImmutableArray<int> others, int[] cell)
    {
        if (others.IsEmpty)
        {
            return "everything else equal";
        }

        return string.Join(", ", others.Select(d =>
        {
            var dimension = space.Dimensions[d];
            var name = dimension.Fact.IsBuiltIn && dimension.Fact.Name == "customer.tier" ? "tier" : dimension.Fact.Name;
            var label = dimension.Label(cell[d]);
            return dimension.Fact.Type.Kind == TypeKind.Duration
                ? $"{name}={CanonicalSeconds(dimension.Values[cell[d]].Number)}"
                : $"{name}={label}";
        }));
    }

    private static string CanonicalSeconds(decimal seconds) =>
        Compilation.CanonicalForm.Number(seconds).ToString(CultureInfo.InvariantCulture) + "s";
}

/// <summary>A cell's escalation by the rules: the target ordinal (-1 for none), the rule that names it (-1 for none) and the <c>within</c> in seconds.</summary>
internal sealed record Outcome(int Target, int Rule, decimal? Within);

/// <summary>
/// One severity inversion: <paramref name="Within"/> when the same target comes later, else a lower
/// target; <paramref name="Level"/> the lower severity ordinal (the higher is the next);
/// <paramref name="Context"/> the other facts of the first cell found, and <paramref name="Cell"/>
/// that cell at the lower severity (one value index per dimension of the space).
/// </summary>
internal sealed record Inversion(bool Within, int Level, Outcome Higher, Outcome Lower, string Context, ImmutableArray<int> Cell);
