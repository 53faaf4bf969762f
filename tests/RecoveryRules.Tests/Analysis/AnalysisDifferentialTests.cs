using CsCheck;
using RecoveryRules.Analysis;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Analysis;

/// <summary>
/// The analysis against the engine, for random small policies (docs/design.md, "Policy
/// analysis"): every rule it calls never matching or pre-empted never fires, and every coverage
/// gap it lists falls to no rule and gets no escalation, for every combination of severity, tier,
/// channel and <c>proactive</c> and random numbers, money and durations.
/// </summary>
public sealed class AnalysisDifferentialTests
{
    // Conditions the analysis decides exactly, and some it cannot (two facts compared with each other).
    private static readonly Gen<Condition> Conditions = Gen.Frequency(
        (8, PolicyGenerators.Conditions),
        (1, Gen.Const(new Condition("orderValue > customer.value", c => c.OrderValue > c.CustomerValue))),
        (1, Gen.Const(new Condition("delay.hours * 2 < repeatFailures", c => c.DelaySeconds / 3600m * 2 < c.RepeatFailures))));

    private static readonly Gen<GeneratedPolicy> Policies = Gen.Select(
        Gen.Select(Gen.Frequency((5, Gen.Const(false)), (2, Gen.Const(true))), Conditions.Array[0, 3], PolicyGenerators.Decisions).Array[1, 8],
        PolicyGenerators.Decisions.Null(0.6),
        (parts, otherwise) => new GeneratedPolicy(
            "sum", "highest", "highest", null,
            [.. parts.Select((p, i) => new GeneratedRule($"r{i + 1}", null, p.Item1, p.Item2, p.Item3))],
            otherwise));

    /// <summary>Delay, order value, customer value and repeat failures: the facts the analysis splits into intervals.</summary>
    private static readonly Gen<(string Delay, decimal Seconds, decimal OrderValue, int CustomerValue, int RepeatFailures)> Numbers =
        PolicyGenerators.Cases.Select(c => (c.DelayText, c.DelaySeconds, c.OrderValue, (int)c.CustomerValue, c.RepeatFailures));

    private static readonly Gen<(GeneratedPolicy Policy, (string Delay, decimal Seconds, decimal OrderValue, int CustomerValue, int RepeatFailures)[] Numbers)> Inputs =
        Gen.Select(Policies, Numbers.Array[3, 6]);

    [Fact]
    public void Rules_the_analysis_calls_unreachable_never_fire_and_listed_gaps_fall_to_no_rule()
    {
        var rulesNeverFiring = 0;
        var gapCases = 0;
        Inputs.Sample(
            input =>
            {
                var result = PolicyYaml.Compile(input.Policy.ToYaml(), "generated.policy.yaml", null, new RecoveryPolicyOptions { TimeProvider = RecoveryRules.Tests.Evaluation.Policies.Clock(), Analyze = true });
                result.Success.Should().BeTrue(string.Join(Environment.NewLine, result.Diagnostics));
                var policy = result.Policy!;
                var bound = policy.Bound;
                var space = DecisionSpace.Create(bound);

                var neverFiring = PolicyAnalyzer.Run(bound, space)
                    .Where(f => f.Kind is FindingKind.NeverMatches or FindingKind.Preempted)
                    .Select(f => bound.Rules[f.Rule].Id)
                    .Concat(bound.Rules.SkipWhile(r => !(r.Stop && r.Conditions.IsEmpty)).Skip(1).Select(r => r.Id))
                    .ToHashSet(StringComparer.Ordinal);
                var gaps = PolicyAnalyzer.Gaps(bound, space, out _);
                gaps.Should().NotBeNull("a generated policy is far below the limits");
                var gapLabels = gaps!.Combinations
                    .Select(g => gaps.Listed.Select((d, i) => (space.Dimensions[d].Fact.Name, space.Dimensions[d].Label(g[i]))).ToList())
                    .ToList();

                Interlocked.Add(ref rulesNeverFiring, neverFiring.Count);
                foreach (var generated in AllCases(input.Numbers))
                {
                    var decision = policy.EvaluateJson(generated.ToJson()).Decision!;
                    decision.Fired.Should().NotIntersectWith(neverFiring, $"the analysis says these rules never fire; case {generated}");
                    if (gapLabels.Any(gap => gap.All(part => Value(generated, part.Item1) == part.Item2)))
                    {
                        Interlocked.Increment(ref gapCases);
                        decision.Fired.Should().BeEmpty($"the analysis lists this case's combination as a gap; case {generated}");
                        decision.Escalation.Should().BeNull($"the analysis lists this case's combination as a gap; case {generated}");
                    }
                }
            },
            iter: 60,
            print: input => Environment.NewLine + input.Policy.ToYaml());

        // Not vacuous: the random policies do have rules that never fire and gaps.
        rulesNeverFiring.Should().BePositive();
        gapCases.Should().BePositive();
    }

    /// <summary>Every combination of the finite facts, with each of the given numbers.</summary>
    private static IEnumerable<GeneratedCase> AllCases((string Delay, decimal Seconds, decimal OrderValue, int CustomerValue, int RepeatFailures)[] numbers)
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
                            yield return new GeneratedCase(severity, tier, channel, n.Delay, n.Seconds, n.OrderValue, n.CustomerValue, n.RepeatFailures, proactive);
                        }
                    }
                }
            }
        }
    }

    private static string Value(GeneratedCase c, string fact) => fact switch
    {
        "severity" => GeneratedPolicy.Severities[c.Severity],
        "customer.tier" => GeneratedPolicy.Tiers[c.Tier],
        "channel" => GeneratedPolicy.Channels[c.Channel],
        "proactive" => c.Proactive ? "true" : "false",
        _ => throw new InvalidOperationException($"A gap names '{fact}', which is not a finite fact of the generated policies."),
    };
}
