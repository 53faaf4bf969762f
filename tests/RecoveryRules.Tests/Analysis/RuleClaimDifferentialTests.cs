using System.Globalization;
using CsCheck;
using RecoveryRules.Analysis;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Analysis;

/// <summary>
/// What the analyzers claim about pairs of rules and about severities (docs/design.md, "Policy
/// analysis"), checked by evaluating random small policies through the engine on every combination
/// of severity, tier, channel and <c>proactive</c> with random numbers: rules called equivalent
/// (RR1007) match the same cases; a rule called subsumed (RR1008) never fires without the rule it is
/// subsumed by; and each severity inversion (RR1014) is real for the two cases it names.
/// </summary>
public sealed class RuleClaimDifferentialTests
{
    // A few decisions, so that rules often decide the same (RR1008) and often escalate (RR1014).
    private static readonly GeneratedDecision[] Pool =
    [
        new([new GeneratedItem("voucher", new Amount("10", _ => 10m), null)], new GeneratedEscalation("supervisor", "1h", TimeSpan.FromHours(1)), null, null),
        new([], new GeneratedEscalation("team-lead", "2h", TimeSpan.FromHours(2)), null, null),
        new([new GeneratedItem("apology", null, null)], new GeneratedEscalation("duty-manager", "30m", TimeSpan.FromMinutes(30)), null, null),
        new([], new GeneratedEscalation("supervisor", "4h", TimeSpan.FromHours(4)), null, null),
        new([new GeneratedItem("voucher", new Amount("10", _ => 10m), null)], null, null, null),
    ];

    private static readonly Gen<GeneratedPolicy> Policies = Gen.Select(
        Gen.Select(Gen.Frequency((5, Gen.Const(false)), (1, Gen.Const(true))), PolicyGenerators.Atom.Array[1, 2], Gen.Int[0, Pool.Length - 1]).Array[2, 8],
        Gen.OneOf("highest", "first"),
        (parts, escalation) => new GeneratedPolicy(
            "sum", escalation, "highest", null,
            [.. parts.Select((p, i) => new GeneratedRule($"r{i + 1}", null, p.Item1, p.Item2, Pool[p.Item3]))],
            null));

    private static readonly Gen<(string Delay, decimal Seconds, decimal OrderValue, int CustomerValue, int RepeatFailures)[]> Numbers =
        PolicyGenerators.Cases.Select(c => (c.DelayText, c.DelaySeconds, c.OrderValue, (int)c.CustomerValue, c.RepeatFailures)).Array[3, 5];

    [Fact]
    public void Equivalent_and_subsumed_rules_and_severity_inversions_hold_when_evaluated()
    {
        var equivalent = 0;
        var subsumed = 0;
        var inverted = 0;
        Gen.Select(Policies, Numbers).Sample(
            input =>
            {
                var (generated, numbers) = input;
                var policy = Compile(generated);
                var bound = policy.Bound;
                var space = DecisionSpace.Create(bound);
                var findings = PolicyAnalyzer.Run(bound, space, out var tables);
                var relations = RuleComparison.Compare(bound, space, tables, findings, PolicyAnalyzer.MaxWork, out _, out _);
                var inversions = SeverityInversion.Find(bound, space, tables, PolicyAnalyzer.MaxWork, out _);
                inversions.Should().NotBeNull("a generated policy is far below the limits");

                // Equivalence is about conditions: without stop, a rule fires exactly when it matches.
                var withoutStop = Compile(generated with { Rules = [.. generated.Rules.Select(r => r with { Stop = false })] });
                var cases = AllCases(numbers).ToList();
                foreach (var relation in relations)
                {
                    var rule = bound.Rules[relation.Rule].Id;
                    var other = bound.Rules[relation.Other].Id;
                    foreach (var json in cases)
                    {
                        if (relation.Kind == RuleRelationKind.Equivalent)
                        {
                            var fired = withoutStop.EvaluateJson(json).Decision!.Fired;
                            fired.Contains(rule).Should().Be(fired.Contains(other), $"the analysis calls '{rule}' equivalent to '{other}'; case {json}");
                        }
                        else
                        {
                            var fired = policy.EvaluateJson(json).Decision!.Fired;
                            if (fired.Contains(rule))
                            {
                                fired.Should().Contain(other, $"the analysis calls '{rule}' subsumed by '{other}'; case {json}");
                            }
                        }
                    }

                    Interlocked.Increment(ref relation.Kind == RuleRelationKind.Equivalent ? ref equivalent : ref subsumed);
                }

                foreach (var inversion in inversions!)
                {
                    var lower = policy.EvaluateJson(CaseAt(space, inversion.Cell, inversion.Level)).Decision!.Escalation;
                    var higher = policy.EvaluateJson(CaseAt(space, inversion.Cell, inversion.Level + 1)).Decision!.Escalation;
                    lower.Should().NotBeNull();
                    higher.Should().NotBeNull();
                    var (low, high) = (Array.IndexOf(GeneratedPolicy.Escalations, lower!.To), Array.IndexOf(GeneratedPolicy.Escalations, higher!.To));
                    if (inversion.Within)
                    {
                        high.Should().Be(low);
                        higher.Within.Should().BeGreaterThan(lower.Within!.Value);
                    }
                    else
                    {
                        high.Should().BeLessThan(low, "the analysis says the more severe case is escalated lower");
                    }

                    Interlocked.Increment(ref inverted);
                }
            },
            iter: 200, // enough that each kind of claim turns up (at 80 a run once had no equivalent pair)
            print: input => Environment.NewLine + input.Item1.ToYaml());

        // Not vacuous: the random policies do have each kind of claim.
        equivalent.Should().BePositive();
        subsumed.Should().BePositive();
        inverted.Should().BePositive();
    }

    private static RecoveryPolicy Compile(GeneratedPolicy generated)
    {
        var result = PolicyYaml.Compile(generated.ToYaml(), "generated.policy.yaml", null, new RecoveryPolicyOptions { TimeProvider = RecoveryRules.Tests.Evaluation.Policies.Clock() });
        result.Success.Should().BeTrue(string.Join(Environment.NewLine, result.Diagnostics));
        return result.Policy!;
    }

    /// <summary>The case of a cell of the space at a severity level: each fact at its cell's value, the others at any valid value.</summary>
    private static string CaseAt(DecisionSpace space, System.Collections.Immutable.ImmutableArray<int> cell, int severity)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["severity"] = "minor", ["customer.tier"] = "standard", ["channel"] = "phone", ["delay"] = "0",
            ["orderValue"] = "0", ["customer.value"] = "0", ["repeatFailures"] = "0", ["proactive"] = "false",
        };
        for (var d = 0; d < space.Dimensions.Length; d++)
        {
            var dimension = space.Dimensions[d];
            var index = dimension.Fact.Name == "severity" ? severity : cell[d];
            values[dimension.Fact.Name] = dimension.IsFinite ? dimension.Label(index) : dimension.Values[index].Number.ToString(CultureInfo.InvariantCulture);
        }

        return "{\"id\": \"c\", \"severity\": \"" + values["severity"] + "\", \"channel\": \"" + values["channel"] + "\", \"delay\": \"" + values["delay"] + "s\", "
            + "\"customer\": {\"tier\": \"" + values["customer.tier"] + "\", \"value\": " + values["customer.value"] + "}, \"orderValue\": " + values["orderValue"] + ", "
            + "\"repeatFailures\": " + values["repeatFailures"] + ", \"proactive\": " + values["proactive"] + "}";
    }

    /// <summary>Every combination of the finite facts, with each of the given numbers.</summary>
    private static IEnumerable<string> AllCases((string Delay, decimal Seconds, decimal OrderValue, int CustomerValue, int RepeatFailures)[] numbers)
    {
        for (var severity = 0; severity < 4; severity++)
        {
            for (var tier = 0; tier < 4; tier++)
            {
                for (var channel = 0; channel < 6; channel++)
                {
                    foreach (var proactive in new[] { false, true })
                    {
                        foreach (var n in numbers)
                        {
                            yield return new GeneratedCase(severity, tier, channel, n.Delay, n.Seconds, n.OrderValue, n.CustomerValue, n.RepeatFailures, proactive).ToJson();
                        }
                    }
                }
            }
        }
    }
}
