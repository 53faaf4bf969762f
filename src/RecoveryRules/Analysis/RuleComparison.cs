using System.Collections.Immutable;
using System.Text;
using RecoveryRules.Binding;
using RecoveryRules.Compilation;

namespace RecoveryRules.Analysis;

/// <summary>
/// Compares rules with each other over the decision space (docs/design.md, "Policy analysis"):
/// two rules whose conditions hold for exactly the same cases (RR1007), and a rule whose cases all
/// match another rule that decides the same (RR1008). Each works on the rules' truth tables, never
/// on the product of every fact:
/// <list type="bullet">
/// <item>equivalence: a table is reduced by dropping each fact it does not depend on; two rules are
/// equivalent exactly when their reduced tables, over the same facts, are equal and hold no unknown,
/// so grouping the reduced tables finds every equivalent pair in one pass;</item>
/// <item>subsumption: rule j's cases are within rule i's when, for each cell of the facts both read,
/// "j may match for some value of its other facts" implies "i matches for every value of its
/// other facts" (the facts only one of them reads are independent of each other); this is a
/// projection of each table onto the shared facts, linear in the two tables. Only pairs whose
/// decisions are equal are compared.</item>
/// </list>
/// </summary>
internal static class RuleComparison
{
    /// <summary>
    /// The equivalent and subsumed rules, by rule index in consideration order. <paramref name="cells"/>
    /// is the work the comparisons need; <paramref name="complete"/> is false when they needed more
    /// than <paramref name="budget"/> and stopped short.
    /// </summary>
    public static ImmutableArray<RuleRelation> Compare(
        BoundPolicy policy, DecisionSpace space, Truth[]?[] tables, ImmutableArray<Finding> findings, long budget, out long cells, out bool complete)
    {
        var rules = policy.Rules;
        var silent = new HashSet<int>(findings.Where(f => f.Kind is FindingKind.NeverMatches or FindingKind.Preempted or FindingKind.Skipped).Select(f => f.Rule));
        var alwaysHolds = new HashSet<int>(findings.Where(f => f.Kind == FindingKind.AlwaysHolds).Select(f => f.Rule));
        var relations = ImmutableArray.CreateBuilder<RuleRelation>();

        // Equivalence: group by the reduced table.
        var reported = new HashSet<int>();
        var groupOf = new int[rules.Length];
        Array.Fill(groupOf, -1);
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < rules.Length; r++)
        {
            // A rule that decides nothing is RR0026's already (or a stop gate, meant to decide nothing).
            if (tables[r] is not { } table || silent.Contains(r) || alwaysHolds.Contains(r) || IsEmpty(rules[r].Decision)
                || rules[r].Conditions.IsEmpty || space.RuleDimensions[r].IsEmpty || Array.IndexOf(table, Truth.Unknown) >= 0)
            {
                continue;
            }

            var key = ReducedKey(space, space.RuleDimensions[r], table);
            if (key is null)
            {
                continue;
            }

            if (groups.TryGetValue(key, out var first))
            {
                groupOf[r] = first;
                relations.Add(new RuleRelation(RuleRelationKind.Equivalent, r, first));
                reported.Add(r);
            }
            else
            {
                groups[key] = r;
                groupOf[r] = r;
            }
        }

        // Subsumption among rules with equal decisions.
        var decisionGroups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var r = 0; r < rules.Length; r++)
        {
            if (tables[r] is null || silent.Contains(r) || IsEmpty(rules[r].Decision))
            {
                continue;
            }

            var key = DecisionKey(rules[r].Decision);
            if (!decisionGroups.TryGetValue(key, out var members))
            {
                members = [];
                decisionGroups[key] = members;
            }

            members.Add(r);
        }

        var pairs = new List<(int Subsumed, int By)>();
        cells = 0;
        foreach (var members in decisionGroups.Values.Where(m => m.Count > 1))
        {
            foreach (var j in members)
            {
                if (rules[j].Stop || reported.Contains(j))
                {
                    continue;
                }

                foreach (var i in members)
                {
                    if (i != j && (groupOf[i] < 0 || groupOf[i] != groupOf[j]) && !StopBetween(rules, j, i))
                    {
                        pairs.Add((j, i));
                        cells += tables[i]!.Length + tables[j]!.Length;
                    }
                }
            }
        }

        complete = cells <= budget;
        var projections = new Dictionary<(int Rule, string Over, bool Certain), bool[]>();
        pairs.Sort((a, b) => a.Subsumed != b.Subsumed ? a.Subsumed.CompareTo(b.Subsumed) : a.By.CompareTo(b.By));
        var spent = 0L;
        var done = -1;
        foreach (var (j, i) in pairs)
        {
            if (j == done)
            {
                continue;
            }

            spent += tables[i]!.Length + tables[j]!.Length;
            if (spent > budget)
            {
                break;
            }

            if (Subsumes(space, tables, projections, i, j))
            {
                relations.Add(new RuleRelation(RuleRelationKind.Subsumed, j, i));
                done = j;
            }
        }

        return relations.ToImmutable();
    }

    /// <summary>Whether a stop rule between <paramref name="j"/> and a later <paramref name="i"/> may keep <paramref name="i"/> from firing when <paramref name="j"/> fires.</summary>
    private static bool StopBetween(ImmutableArray<BoundRule> rules, int j, int i)
    {
        for (var k = j + 1; k < i; k++)
        {
            if (rules[k].Stop)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every case rule <paramref name="j"/> may match certainly matches rule <paramref name="i"/>.</summary>
    private static bool Subsumes(DecisionSpace space, Truth[]?[] tables, Dictionary<(int, string, bool), bool[]> projections, int i, int j)
    {
        var shared = space.RuleDimensions[i].Intersect(space.RuleDimensions[j]).Order().ToImmutableArray();
        var key = string.Join(",", shared);
        var mayJ = Projection(space, tables, projections, j, shared, key, certain: false);
        var allI = Projection(space, tables, projections, i, shared, key, certain: true);
        for (var s = 0; s < mayJ.Length; s++)
        {
            if (mayJ[s] && !allI[s])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Rule <paramref name="r"/>'s table projected onto <paramref name="shared"/>: with
    /// <paramref name="certain"/>, whether it is true for every value of its other facts; without,
    /// whether it may be true for some.
    /// </summary>
    private static bool[] Projection(DecisionSpace space, Truth[]?[] tables, Dictionary<(int, string, bool), bool[]> projections, int r, ImmutableArray<int> shared, string key, bool certain)
    {
        if (projections.TryGetValue((r, key, certain), out var known))
        {
            return known;
        }

        var table = tables[r]!;
        var result = new bool[space.Size(shared)];
        if (certain)
        {
            Array.Fill(result, true);
        }

        var own = space.RuleDimensions[r];
        var cell = new int[space.Dimensions.Length];
        var index = 0;
        do
        {
            var s = PolicyAnalyzer.Index(space, shared, cell);
            var truth = table[index++];
            if (certain)
            {
                result[s] &= truth == Truth.True;
            }
            else
            {
                result[s] |= truth != Truth.False;
            }
        }
        while (space.Next(cell, own));

        projections[(r, key, certain)] = result;
        return result;
    }

    /// <summary>
    /// The table with every fact it does not depend on dropped, as a key: the facts it still
    /// depends on and its truths over them. Null for a table that depends on no fact at all.
    /// </summary>
    private static string? ReducedKey(DecisionSpace space, ImmutableArray<int> over, Truth[] table)
    {
        var dims = over.ToList();
        var sizes = dims.Select(d => space.Dimensions[d].Values.Length).ToList();
        for (var k = dims.Count - 1; k >= 0; k--)
        {
            var stride = 1;
            for (var m = k + 1; m < sizes.Count; m++)
            {
                stride *= sizes[m];
            }

            var block = stride * sizes[k];
            var independent = true;
            for (var index = 0; index < table.Length && independent; index++)
            {
                var at = (index / stride) % sizes[k];
                independent = table[index] == table[index - (at * stride)];
            }

            if (!independent)
            {
                continue;
            }

            var reduced = new Truth[table.Length / sizes[k]];
            var n = 0;
            for (var index = 0; index < table.Length; index++)
            {
                if ((index % block) < stride)
                {
                    reduced[n++] = table[index];
                }
            }

            table = reduced;
            dims.RemoveAt(k);
            sizes.RemoveAt(k);
        }

        if (dims.Count == 0)
        {
            return null;
        }

        var builder = new StringBuilder(string.Join(",", dims)).Append('|');
        foreach (var truth in table)
        {
            builder.Append(truth == Truth.True ? '1' : '0');
        }

        return builder.ToString();
    }

    private static bool IsEmpty(BoundDecision decision) =>
        decision.Items.IsEmpty && decision.Escalation is null && decision.Empowerment is null && decision.Note is null;

    /// <summary>
    /// What a decision decides, as a key (docs/diagnostics.md RR1008, "the same decision"): the
    /// compensation items in order (kind, amount as the bound expression, note), the escalation
    /// (target and <c>within</c>), the empowerment (role, limit, actions in order) and the note.
    /// </summary>
    private static string DecisionKey(BoundDecision decision)
    {
        var builder = new StringBuilder();
        foreach (var item in decision.Items)
        {
            builder.Append("item\u0001").Append(item.Kind).Append('\u0001')
                .Append(item.Amount is null ? string.Empty : CanonicalForm.Expression(item.Amount)).Append('\u0001')
                .Append(item.Note ?? "\u0002").Append('\u0001');
        }

        if (decision.Escalation is { } escalation)
        {
            builder.Append("escalate\u0001").Append(escalation.Target).Append('\u0001')
                .Append(escalation.WithinSeconds is { } within ? CanonicalForm.Number(within) : "\u0002").Append('\u0001');
        }

        if (decision.Empowerment is { } empowerment)
        {
            builder.Append("empower\u0001").Append(empowerment.Role).Append('\u0001')
                .Append(empowerment.Limit is null ? "\u0002" : CanonicalForm.Expression(empowerment.Limit)).Append('\u0001')
                .AppendJoin('\u0003', empowerment.Actions).Append('\u0001');
        }

        builder.Append("note\u0001").Append(decision.Note ?? "\u0002");
        return builder.ToString();
    }
}

internal enum RuleRelationKind
{
    Equivalent,
    Subsumed,
}

/// <summary><paramref name="Rule"/> is equivalent to, or subsumed by, <paramref name="Other"/> (rule indexes in consideration order).</summary>
internal sealed record RuleRelation(RuleRelationKind Kind, int Rule, int Other);
