using System.Globalization;
using System.Text;
using CsCheck;
using RecoveryRules.Analysis;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Review;

/// <summary>
/// The decision matrix against the engine, for random small policies (docs/design.md, "The
/// decision matrix"): every case of the enumerated decision space (one representative value per
/// fact the rules read, and two values of each other fact) is evaluated, and each cell holds
/// exactly the targets, shortest SLAs, rules and coverage its cases get, and a compensation range
/// that holds every total, with ends that are totals when the amounts are constants.
/// </summary>
public sealed class DecisionMatrixPropertyTests
{
    private static readonly Gen<Condition> Conditions = Gen.Frequency(
        (12, PolicyGenerators.Conditions),
        (1, Gen.Const(new Condition("orderValue > customer.value", c => c.OrderValue > c.CustomerValue))));

    private static readonly Gen<GeneratedPolicy> Policies = Gen.Select(
        Gen.OneOf("sum", "max", "first"),
        Gen.OneOf("highest", "first"),
        Gen.Frequency((2, Gen.Const((Amount?)null)), (1, PolicyGenerators.Amounts.Select(a => (Amount?)a)), (1, Gen.Int[0, 80].Select(m => (Amount?)new Amount(m.ToString(CultureInfo.InvariantCulture), _ => m)))),
        Gen.Select(Gen.Frequency((5, Gen.Const(false)), (1, Gen.Const(true))), Conditions.Array[0, 2], PolicyGenerators.Decisions).Array[1, 6],
        PolicyGenerators.Decisions.Null(0.5),
        (compensation, escalation, cap, parts, otherwise) => new GeneratedPolicy(
            compensation, escalation, "highest", cap,
            [.. parts.Select((p, i) => new GeneratedRule($"r{i + 1}", null, p.Item1, p.Item2, p.Item3))],
            otherwise));

    /// <summary>Values of the facts no rule reads (the matrix takes their whole domain).</summary>
    private static readonly Dictionary<string, string[]> Unread = new(StringComparer.Ordinal)
    {
        ["delay"] = ["\"PT0S\"", "\"PT50H\""],
        ["orderValue"] = ["0", "250.5"],
        ["customer.value"] = ["0", "15000"],
        ["repeatFailures"] = ["0", "3"],
        ["proactive"] = ["false", "true"],
    };

    [Fact]
    public void Every_cell_holds_exactly_what_its_cases_are_decided()
    {
        var checkedCells = 0;
        var evaluatedPolicies = 0;
        Policies.Sample(
            generated =>
            {
                var policy = PolicyYaml.Compile(generated.ToYaml(), "generated.policy.yaml").GetPolicyOrThrow();
                var matrix = DecisionMatrix.Create(policy);
                matrix.IsComplete.Should().BeTrue("a small generated policy is far below the limits");
                var space = DecisionSpace.Create(policy.Bound);
                var dimensions = space.Dimensions.Select(d => (d.Fact.Name, Values: Enumerable.Range(0, d.Values.Length).Select(i => Json(d, i)).ToArray()))
                    .Concat(Unread.Where(u => !space.Dimensions.Any(d => d.Fact.Name == u.Key)).Select(u => (Name: u.Key, Values: u.Value)))
                    .ToList();
                if (dimensions.Aggregate(1L, (n, d) => n * d.Values.Length) > 20_000)
                {
                    return;
                }

                Interlocked.Increment(ref evaluatedPolicies);
                var outcomes = new Dictionary<(string, string, string), List<CaseResult>>();
                foreach (var values in Product(dimensions.Select(d => d.Values).ToList()))
                {
                    var facts = dimensions.Select(d => d.Name).Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
                    var key = (Unquote(facts["severity"]), Unquote(facts["customer.tier"]), Unquote(facts["channel"]));
                    if (!outcomes.TryGetValue(key, out var list))
                    {
                        outcomes[key] = list = [];
                    }

                    list.Add(policy.EvaluateJson(CaseJson(facts)));
                }

                var constantAmounts = generated.Rules.Select(r => r.Then).Append(generated.Otherwise)
                    .Where(d => d is not null).SelectMany(d => d!.Items).All(i => i.Amount is null || IsNumber(i.Amount.Text))
                    && (generated.Cap is null || IsNumber(generated.Cap.Text));
                foreach (var cell in matrix.Cells)
                {
                    var results = outcomes[(cell.Severity, cell.Tier, cell.Channel)];
                    var decisions = results.Where(r => r.IsDecision).Select(r => r.Decision!).ToList();
                    var because = $"cell {cell.Severity}/{cell.Tier}/{cell.Channel}";
                    foreach (var decision in decisions)
                    {
                        decision.Compensation.Total.Should().BeGreaterThanOrEqualTo(cell.Compensation.Minimum, because);
                        if (cell.Compensation.Maximum is { } maximum)
                        {
                            decision.Compensation.Total.Should().BeLessThanOrEqualTo(maximum, because);
                        }

                        decision.Fired.Should().BeSubsetOf(cell.Rules, because);
                        if (decision.Escalation is { } escalation)
                        {
                            cell.Escalations.Select(e => e.Target).Should().Contain(escalation.To, because);
                        }
                        else
                        {
                            cell.MayNotEscalate.Should().BeTrue(because);
                        }
                    }

                    // A case error (a negative amount for a negative representative) is no decision: exactness is
                    // checked where every case of the cell is decided and the analysis decided every condition.
                    if (!cell.IsExact || decisions.Count < results.Count)
                    {
                        continue;
                    }

                    Interlocked.Increment(ref checkedCells);
                    var reached = decisions.Where(d => d.Escalation is not null).GroupBy(d => d.Escalation!.To)
                        .Select(g => (Target: g.Key, Within: g.Select(d => d.Escalation!.Within).Where(w => w is not null).Min()))
                        .OrderBy(t => t.Target, StringComparer.Ordinal).ToList();
                    cell.Escalations.Select(e => (e.Target, Within: e.ShortestWithin)).OrderBy(t => t.Target, StringComparer.Ordinal)
                        .Should().Equal(reached, because);
                    cell.MayNotEscalate.Should().Be(decisions.Any(d => d.Escalation is null), because);
                    cell.Rules.Should().BeEquivalentTo(decisions.SelectMany(d => d.Fired).Distinct(), because);
                    var unmatched = decisions.Count(d => d.Fired.IsEmpty);
                    cell.Coverage.Should().Be(unmatched == 0 ? CellCoverage.Covered : unmatched == decisions.Count ? CellCoverage.Uncovered : CellCoverage.Partial, because);
                    if (constantAmounts)
                    {
                        cell.Compensation.Minimum.Should().Be(decisions.Min(d => d.Compensation.Total), because);
                        cell.Compensation.Maximum.Should().Be(decisions.Max(d => d.Compensation.Total), because);
                    }
                }
            },
            iter: 40,
            print: p => Environment.NewLine + p.ToYaml());

        checkedCells.Should().BePositive("the comparison must not be vacuous");
        evaluatedPolicies.Should().BeGreaterThanOrEqualTo(20, "most generated policies have a space small enough to evaluate every case of");
    }

    private static bool IsNumber(string text) => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _);

    private static string Unquote(string json) => json.Trim('"');

    /// <summary>A representative value as JSON: a member or a duration as a string, a number as it is.</summary>
    private static string Json(Dimension dimension, int index)
    {
        var label = dimension.Label(index);
        return dimension.Fact.Type.Kind switch
        {
            Symbols.TypeKind.Member or Symbols.TypeKind.Text => $"\"{label}\"",
            Symbols.TypeKind.Duration => $"\"PT{label}S\"",
            _ => label,
        };
    }

    private static string CaseJson(Dictionary<string, string> facts)
    {
        var json = new StringBuilder("{");
        var customer = new List<string>();
        foreach (var (name, value) in facts)
        {
            if (name.StartsWith("customer.", StringComparison.Ordinal))
            {
                customer.Add($"\"{name["customer.".Length..]}\": {value}");
            }
            else
            {
                json.Append(CultureInfo.InvariantCulture, $"\"{name}\": {value}, ");
            }
        }

        return json.Append("\"customer\": {").AppendJoin(", ", customer).Append("}}").ToString();
    }

    private static IEnumerable<string[]> Product(List<string[]> dimensions)
    {
        var index = new int[dimensions.Count];
        while (true)
        {
            yield return [.. dimensions.Select((d, i) => d[index[i]])];
            var at = dimensions.Count - 1;
            while (at >= 0 && ++index[at] == dimensions[at].Length)
            {
                index[at--] = 0;
            }

            if (at < 0)
            {
                yield break;
            }
        }
    }
}
