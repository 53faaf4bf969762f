using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Analysis;

/// <summary>
/// Severity inversion (docs/design.md, "Policy analysis"; RR1014): over the cells of every fact the
/// escalating and stopping rules read, the escalation a case gets is computed as the engine combines
/// it (consideration order, <c>stop</c>, <c>highest</c> or <c>first</c>, <c>otherwise</c>), and each
/// cell is compared with the cell one severity level up, everything else equal. An inversion is a
/// more severe case escalated to a lower target (no escalation counts as lowest), or to the same
/// target with a longer <c>within</c>. A cell where some rule that matters is unknown is skipped.
/// </summary>
internal static class SeverityInversion
{
    /// <summary>The inversions, one per pair of deciding rules; null when the check is past the budget (then <paramref name="cells"/> is its size).</summary>
    public static ImmutableArray<Inversion>? Find(BoundPolicy policy, DecisionSpace space, Truth[]?[] tables, long budget, out long cells)
    {
        cells = 0;
        var rules = policy.Rules;
        var escalatingOtherwise = policy.Otherwise?.Escalation is not null;
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

        // The rules that can change the escalation: those that escalate, those that stop, and with an
        // escalating 'otherwise', every rule (any match keeps 'otherwise' out).
        var relevant = Enumerable.Range(0, considered)
            .Where(r => escalatingOtherwise || rules[r].Decision.Escalation is not null || rules[r].Stop)
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

        cells = space.Size(over);
        if (cells > PolicyAnalyzer.MaxCells || cells * relevant.Length > budget)
        {
            return null;
        }

        var others = over.Remove(severity);
        var levels = space.Dimensions[severity].Values.Length;
        var found = new Dictionary<(bool Within, int Higher, int Lower), Inversion>();
        var cell = new int[space.Dimensions.Length];
        var outcomes = new Outcome?[levels];
        do
        {
            for (var level = 0; level < levels; level++)
            {
                cell[severity] = level;
                outcomes[level] = Decide(policy, space, tables, relevant, escalatingOtherwise, cell);
            }

            for (var level = 0; level + 1 < levels; level++)
            {
                if (outcomes[level] is not { } lower || outcomes[level + 1] is not { } higher)
                {
                    continue;
                }

                var within = higher.Target == lower.Target && higher.Target >= 0
                    && higher.Within is { } slow && lower.Within is { } fast && slow > fast;
                if (higher.Target < lower.Target || within)
                {
                    var key = (within, higher.Rule, lower.Rule);
                    if (!found.ContainsKey(key))
                    {
                        found[key] = new Inversion(within, level, higher, lower, Describe(space, others, cell));
                    }
                }
            }

            cell[severity] = 0;
        }
        while (space.Next(cell, others));

        return [.. found.Values];
    }

    /// <summary>The escalation of the cell, or null when a rule that matters is unknown there.</summary>
    private static Outcome? Decide(BoundPolicy policy, DecisionSpace space, Truth[]?[] tables, ImmutableArray<int> relevant, bool escalatingOtherwise, int[] cell)
    {
        var target = -1;
        var rule = -1;
        decimal? within = null;
        var matched = false;
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

            matched = true;
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

        if (!matched && escalatingOtherwise)
        {
            var otherwise = policy.Otherwise!.Escalation!;
            return new Outcome(otherwise.TargetOrdinal, Inversion.Otherwise, otherwise.WithinSeconds);
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

/// <summary>A cell's escalation: the target ordinal (-1 for none), the rule that names it (-1 none, <see cref="Inversion.Otherwise"/>) and the <c>within</c> in seconds.</summary>
internal sealed record Outcome(int Target, int Rule, decimal? Within);

/// <summary>
/// One severity inversion: <paramref name="Within"/> when the same target comes later, else a lower
/// target; <paramref name="Level"/> the lower severity ordinal (the higher is the next);
/// <paramref name="Context"/> the other facts of the first cell found.
/// </summary>
internal sealed record Inversion(bool Within, int Level, Outcome Higher, Outcome Lower, string Context)
{
    /// <summary>The rule index that stands for <c>otherwise</c>.</summary>
    public const int Otherwise = -2;
}
