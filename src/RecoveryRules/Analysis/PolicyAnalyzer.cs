using System.Collections.Immutable;
using RecoveryRules.Binding;
using RecoveryRules.Diagnostics;
using RecoveryRules.Syntax;

namespace RecoveryRules.Analysis;

/// <summary>
/// The analyzers that run on a bound policy over its decision space (docs/design.md, "Policy
/// analysis"; each id in docs/diagnostics.md): a rule that never matches (RR1003), a rule that an
/// earlier stop rule always pre-empts (RR1002), a <c>when</c> that always holds (RR1004), and,
/// when asked, escalation coverage gaps (RR1005). They only warn: a policy that loads still loads.
/// A rule whose part of the space is past <see cref="MaxCells"/> cells, or past what is left of
/// <see cref="MaxWork"/> evaluations, is not analyzed, and an info says so (RR1006).
/// </summary>
internal static class PolicyAnalyzer
{
    /// <summary>The most cells of the decision space the analysis enumerates.</summary>
    public const long MaxCells = 100_000;

    /// <summary>The most rule-by-cell evaluations of conditions the analysis makes.</summary>
    public const long MaxWork = 4_000_000;

    public static void Analyze(BoundPolicy policy, PolicySyntax syntax, DiagnosticBag diagnostics, bool coverage)
    {
        try
        {
            Report(policy, syntax, diagnostics, coverage);
        }
        catch (InsufficientExecutionStackException)
        {
            // Only a host thread with a very small stack gets here; the emitter then reports it
            // (RR0217). The analysis says nothing rather than something half-done.
        }
    }

    private static void Report(BoundPolicy policy, PolicySyntax syntax, DiagnosticBag diagnostics, bool coverage)
    {
        // Everything is computed before anything is reported: all or nothing.
        var space = DecisionSpace.Create(policy);
        var findings = Run(policy, space, out var tables);
        var cells = 0L;
        var gaps = coverage ? Gaps(policy, space, out cells) : new CoverageGaps([], []);
        var relations = RuleComparison.Compare(policy, space, tables, findings, MaxWork, out var comparisonCells, out var compared);
        var growth = CompensationGrowth.Find(policy, space, tables, findings);
        var inversions = SeverityInversion.Find(policy, space, tables, MaxWork, out var inversionCells);
        var rulesLocation = syntax.RulesLocation ?? syntax.Location;
        foreach (var relation in relations)
        {
            var rule = policy.Rules[relation.Rule];
            var other = policy.Rules[relation.Other];
            if (relation.Kind == RuleRelationKind.Equivalent)
            {
                diagnostics.Add(RecoveryDiagnostics.EquivalentRules, rule.Location, rule.Id, other.Id);
            }
            else
            {
                var twice = policy.CompensationMode == CompensationMode.Sum && !rule.Decision.Items.IsEmpty
                    ? "; with 'compensation: sum' such a case gets its compensation twice"
                    : string.Empty;
                diagnostics.Add(RecoveryDiagnostics.SubsumedRule, rule.Location, rule.Id, other.Id, twice);
            }
        }

        if (!compared)
        {
            diagnostics.Add(RecoveryDiagnostics.AnalysisLimit, rulesLocation, "every pair of rules with the same decision", comparisonCells, MaxCells, MaxWork);
        }

        foreach (var (r, i, fact) in growth)
        {
            var rule = policy.Rules[r];
            var item = rule.Decision.Items[i];
            var with = fact.Type.Kind == Symbols.TypeKind.Money ? $"'{fact.Name}', faster than '{fact.Name}' itself" : $"'{fact.Name}'";
            diagnostics.Add(RecoveryDiagnostics.UnboundedCompensation, policy.Sites[item.Site].Location, item.Kind, $"rule '{rule.Id}'", with);
        }

        if (inversions is null)
        {
            diagnostics.Add(RecoveryDiagnostics.AnalysisLimit, rulesLocation, "the severity inversions", inversionCells, MaxCells, MaxWork);
        }
        else
        {
            foreach (var inversion in inversions)
            {
                var location = policy.Rules[inversion.Higher.Rule].Location;
                var severities = policy.Severity.Members;
                diagnostics.Add(
                    RecoveryDiagnostics.SeverityInversion,
                    location,
                    inversion.Within ? "a longer 'within' for the same target" : "a lower escalation target",
                    inversion.Context,
                    severities[inversion.Level + 1],
                    Escalation(policy, inversion.Higher),
                    severities[inversion.Level],
                    Escalation(policy, inversion.Lower));
            }
        }

        UnusedDeclarations.Report(policy, syntax, diagnostics);
        foreach (var finding in findings)
        {
            var rule = policy.Rules[finding.Rule];
            switch (finding.Kind)
            {
                case FindingKind.NeverMatches:
                    diagnostics.Add(RecoveryDiagnostics.RuleNeverMatches, rule.Location, rule.Id);
                    break;
                case FindingKind.Preempted:
                    var names = finding.By.Select(i => $"'{policy.Rules[i].Id}'").ToList();
                    var reason = names.Count == 1
                        ? $"{names[0]} matches and stops whenever it would match"
                        : $"{string.Join(", ", names[..^1])} or {names[^1]} match and stop whenever it would match";
                    diagnostics.Add(RecoveryDiagnostics.UnreachableRule, rule.Location, rule.Id, reason);
                    break;
                case FindingKind.AlwaysHolds:
                    diagnostics.Add(RecoveryDiagnostics.ConditionAlwaysHolds, rule.Conditions[0].Location, rule.Id);
                    break;
                case FindingKind.Skipped:
                    diagnostics.Add(RecoveryDiagnostics.AnalysisLimit, rule.Location, $"rule '{rule.Id}'", finding.Cells, MaxCells, MaxWork);
                    break;
            }
        }

        var coverageLocation = syntax.Otherwise?.Location ?? syntax.RulesLocation ?? syntax.Location;
        if (gaps is null)
        {
            diagnostics.Add(RecoveryDiagnostics.AnalysisLimit, coverageLocation, "the escalation coverage", cells, MaxCells, MaxWork);
        }
        else if (!gaps.Combinations.IsEmpty)
        {
            var combinations = gaps.Combinations;
            var text = string.Join("; ", combinations.Take(ListedGaps).Select(g => Describe(space, gaps.Listed, g)));
            if (combinations.Length > ListedGaps)
            {
                text += $"; and {combinations.Length - ListedGaps} more";
            }

            diagnostics.Add(RecoveryDiagnostics.EscalationGap, coverageLocation, combinations.Length, text);
        }
    }

    /// <summary>"'supervisor' within PT4H (rule 'x')".</summary>
    private static string Escalation(BoundPolicy policy, Outcome outcome)
    {
        var text = $"'{policy.Escalation.Members[outcome.Target]}'";
        if (outcome.Within is { } within)
        {
            text += " within " + Parsing.Durations.ToIso(within);
        }

        return text + $" (rule '{policy.Rules[outcome.Rule].Id}')";
    }

    /// <summary>What the analysis found, by rule index in consideration order.</summary>
    public static ImmutableArray<Finding> Run(BoundPolicy policy) => Run(policy, DecisionSpace.Create(policy));

    /// <summary>What the analysis found over <paramref name="space"/>, by rule index in consideration order.</summary>
    public static ImmutableArray<Finding> Run(BoundPolicy policy, DecisionSpace space) => Run(policy, space, out _);

    /// <summary>
    /// What the analysis found over <paramref name="space"/>, by rule index in consideration order,
    /// with each analyzed rule's truth table (<see cref="Table"/>; null for a rule not analyzed or
    /// never considered).
    /// </summary>
    public static ImmutableArray<Finding> Run(BoundPolicy policy, DecisionSpace space, out Truth[]?[] ruleTables)
    {
        var rules = policy.Rules;

        // The rules after one that always matches and stops are RR1002 already (the binder).
        var considered = rules.Length;
        for (var r = 0; r < rules.Length; r++)
        {
            if (rules[r].Stop && rules[r].Conditions.IsEmpty)
            {
                considered = r + 1;
                break;
            }
        }

        var findings = ImmutableArray.CreateBuilder<Finding>();
        var budget = MaxWork;
        var tables = new Truth[considered][];
        ruleTables = new Truth[]?[rules.Length];
        var stops = new List<int>();
        for (var r = 0; r < considered; r++)
        {
            var rule = rules[r];

            var own = space.Size(space.RuleDimensions[r]);
            var cost = own * Math.Max(1, rule.Conditions.Length);
            if (own > MaxCells || cost > budget)
            {
                findings.Add(new Finding(FindingKind.Skipped, r, [], own));
                continue;
            }

            budget -= cost;
            var table = tables[r] = ruleTables[r] = Table(space, rule, r);
            if (!rule.Conditions.IsEmpty && Array.TrueForAll(table, t => t == Truth.False))
            {
                findings.Add(new Finding(FindingKind.NeverMatches, r, [], 0));
                continue;
            }

            if (rule.Stop)
            {
                stops.Add(r);
            }

            // Pre-emption over the rule's facts and those of the earlier stop rules that fit in
            // this rule's fair share of what is left of the budget: leaving a stop rule out can only
            // miss a pre-emption, never claim a false one.
            var share = budget / (considered - r) / (stops.Count + 1);
            var (over, chosen) = Preemption(space, stops, r, Math.Min(MaxCells, share));
            if (chosen.Count > 0)
            {
                budget -= space.Size(over) * (chosen.Count + 1);
                if (Preempters(space, tables, chosen, r, over) is { } by)
                {
                    findings.Add(new Finding(FindingKind.Preempted, r, by, 0));
                    if (rule.Stop)
                    {
                        stops.Remove(r);
                    }

                    continue;
                }
            }

            // A 'when' that reads no fact ('when: true') is written that way on purpose.
            if (!rule.Conditions.IsEmpty && !space.RuleDimensions[r].IsEmpty && Array.TrueForAll(table, t => t == Truth.True))
            {
                findings.Add(new Finding(FindingKind.AlwaysHolds, r, [], 0));
            }
        }

        return findings.ToImmutable();
    }

    /// <summary>The most coverage gaps a message lists; it counts the rest.</summary>
    public const int ListedGaps = 5;

    /// <summary>
    /// The combinations of the finite facts (severity, tier, channel, and each <c>oneOf</c> and
    /// boolean fact the rules read) for which every case falls to no rule, whatever its numbers,
    /// money, durations and texts, while <c>otherwise</c> does not escalate: nothing decides
    /// escalation for them. Empty when the policy never escalates or <c>otherwise</c> escalates.
    /// Null when a rule's part of the space is past the limits; then <paramref name="cells"/> is
    /// the size it would have needed.
    /// </summary>
    public static CoverageGaps? Gaps(BoundPolicy policy, DecisionSpace space, out long cells)
    {
        cells = 0;
        var rules = policy.Rules;
        if (policy.Otherwise?.Escalation is not null || !rules.Any(r => r.Decision.Escalation is not null))
        {
            return new CoverageGaps([], []);
        }

        var listed = Enumerable.Range(0, space.Dimensions.Length)
            .Where(d => space.Dimensions[d].IsFinite
                && (space.Dimensions[d].Fact.IsBuiltIn || space.RuleDimensions.Any(own => own.Contains(d))))
            .OrderBy(d => ListOrder(space.Dimensions[d]))
            .ToImmutableArray();
        cells = space.Size(listed);
        var work = cells * rules.Length;
        foreach (var own in space.RuleDimensions)
        {
            var size = space.Size(own);
            cells = Math.Max(cells, size);
            work += size;
        }

        if (cells > MaxCells || work > MaxWork)
        {
            return null;
        }

        // A case falls to no rule when every rule is false for it. Each rule reads only its own
        // facts, so "some case of the combination may match rule r" is a projection of r's table
        // onto the listed facts it reads; a combination is a gap when no rule's projection has it.
        var mayMatch = new bool[rules.Length][];
        var listedOf = new ImmutableArray<int>[rules.Length];
        for (var r = 0; r < rules.Length; r++)
        {
            var own = space.RuleDimensions[r];
            listedOf[r] = [.. listed.Where(own.Contains)];
            mayMatch[r] = new bool[space.Size(listedOf[r])];
            var table = Table(space, rules[r], r);
            var cell = new int[space.Dimensions.Length];
            var i = 0;
            do
            {
                if (table[i++] != Truth.False)
                {
                    mayMatch[r][Index(space, listedOf[r], cell)] = true;
                }
            }
            while (space.Next(cell, own));
        }

        var gaps = ImmutableArray.CreateBuilder<ImmutableArray<int>>();
        var combination = new int[space.Dimensions.Length];
        do
        {
            var covered = false;
            for (var r = 0; r < rules.Length && !covered; r++)
            {
                covered = mayMatch[r][Index(space, listedOf[r], combination)];
            }

            if (!covered)
            {
                gaps.Add([.. listed.Select(d => combination[d])]);
            }
        }
        while (space.Next(combination, listed));

        return new CoverageGaps(listed, gaps.ToImmutable());
    }

    /// <summary>Severity, tier, channel, then the other facts in the policy's order.</summary>
    private static int ListOrder(Dimension dimension) => dimension.Fact.Name switch
    {
        "severity" when dimension.Fact.IsBuiltIn => -3,
        "customer.tier" when dimension.Fact.IsBuiltIn => -2,
        "channel" when dimension.Fact.IsBuiltIn => -1,
        _ => dimension.Fact.Index,
    };

    /// <summary>"severity=major, tier=standard, channel=social".</summary>
    private static string Describe(DecisionSpace space, ImmutableArray<int> listed, ImmutableArray<int> combination) =>
        string.Join(", ", listed.Select((d, i) => $"{Name(space.Dimensions[d])}={space.Dimensions[d].Label(combination[i])}"));

    private static string Name(Dimension dimension) =>
        dimension.Fact.IsBuiltIn && dimension.Fact.Name == "customer.tier" ? "tier" : dimension.Fact.Name;

    /// <summary>
    /// The earlier stop rules to check rule <paramref name="r"/> against, and the dimensions that
    /// takes: first those that read no fact beyond the rule's, then those that add the fewest
    /// cells, while the cells stay within <paramref name="limit"/>.
    /// </summary>
    private static (ImmutableArray<int> Over, List<int> Chosen) Preemption(DecisionSpace space, List<int> stops, int r, long limit)
    {
        var over = new SortedSet<int>(space.RuleDimensions[r]);
        var chosen = new List<int>();
        var candidates = stops.Where(s => s < r)
            .OrderBy(s => space.Size([.. space.RuleDimensions[s].Except(over)]))
            .ThenBy(s => s);
        foreach (var s in candidates)
        {
            var wider = new SortedSet<int>(over);
            wider.UnionWith(space.RuleDimensions[s]);
            if (space.Size([.. wider]) <= limit)
            {
                over = wider;
                chosen.Add(s);
            }
        }

        chosen.Sort();
        return ([.. over], chosen);
    }

    /// <summary>
    /// The earlier stop rules that match for certain in every cell where rule <paramref name="r"/>
    /// may match (the first of them in each such cell), or null when some cell lets it fire.
    /// </summary>
    private static ImmutableArray<int>? Preempters(DecisionSpace space, Truth[][] tables, List<int> stops, int r, ImmutableArray<int> over)
    {
        var by = new SortedSet<int>();
        var cell = new int[space.Dimensions.Length];
        do
        {
            if (tables[r][Index(space, r, cell)] == Truth.False)
            {
                continue;
            }

            var stopper = -1;
            foreach (var s in stops)
            {
                if (s < r && tables[s][Index(space, s, cell)] == Truth.True)
                {
                    stopper = s;
                    break;
                }
            }

            if (stopper < 0)
            {
                return null;
            }

            by.Add(stopper);
        }
        while (space.Next(cell, over));

        return [.. by];
    }

    /// <summary>
    /// The rule's truth over the cells of the facts its conditions read, row-major over its
    /// dimensions. The conditions are evaluated once per class of values the rule tells apart
    /// (<see cref="DecisionSpace.RuleClasses"/>); every other cell copies its class's truth.
    /// </summary>
    public static Truth[] Table(DecisionSpace space, BoundRule rule, int r)
    {
        var over = space.RuleDimensions[r];
        var classes = space.RuleClasses[r];
        var size = over.Aggregate(1, (n, d) => n * space.Dimensions[d].Values.Length);
        var strides = new int[over.Length];
        for (int k = over.Length - 1, stride = 1; k >= 0; k--)
        {
            strides[k] = stride;
            stride *= space.Dimensions[over[k]].Values.Length;
        }

        var table = new Truth[size];
        var cell = new int[space.Dimensions.Length];
        var i = 0;
        do
        {
            var representative = 0;
            for (var k = 0; k < over.Length; k++)
            {
                representative += classes[k][cell[over[k]]] * strides[k];
            }

            if (representative < i)
            {
                // The class's first cell comes earlier in row-major order: its truth is known.
                table[i++] = table[representative];
                continue;
            }

            space.Enter(cell);
            var truth = Truth.True;
            foreach (var condition in rule.Conditions)
            {
                truth = Kleene.And(truth, space.Evaluator.Condition(condition.Expression));
                if (truth == Truth.False)
                {
                    break;
                }
            }

            table[i++] = truth;
        }
        while (space.Next(cell, over));

        return table;
    }

    /// <summary>The position of <paramref name="cell"/> in rule <paramref name="r"/>'s table (row-major over its dimensions).</summary>
    private static int Index(DecisionSpace space, int r, ReadOnlySpan<int> cell) => Index(space, space.RuleDimensions[r], cell);

    /// <summary>The position of <paramref name="cell"/> among the cells over <paramref name="over"/>, row-major.</summary>
    public static int Index(DecisionSpace space, ImmutableArray<int> over, ReadOnlySpan<int> cell)
    {
        var index = 0;
        foreach (var d in over)
        {
            index = (index * space.Dimensions[d].Values.Length) + cell[d];
        }

        return index;
    }
}

internal enum FindingKind
{
    NeverMatches,
    Preempted,
    AlwaysHolds,
    Skipped,
}

/// <summary>
/// One analyzer's finding about the rule at <paramref name="Rule"/> (consideration order):
/// <paramref name="By"/> the stop rules that pre-empt it; <paramref name="Cells"/> the cells a
/// skipped rule would have needed.
/// </summary>
internal sealed record Finding(FindingKind Kind, int Rule, ImmutableArray<int> By, long Cells);

/// <summary>
/// Coverage gaps: <paramref name="Listed"/> the dimensions a combination names (indexes in the
/// space's dimensions), <paramref name="Combinations"/> each gap as one value index per listed dimension.
/// </summary>
internal sealed record CoverageGaps(ImmutableArray<int> Listed, ImmutableArray<ImmutableArray<int>> Combinations);
