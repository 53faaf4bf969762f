using CsCheck;
using RecoveryRules.Emit;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;
using static RecoveryRules.Tests.Emit.DifferentialPolicies;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// The indexed program against the unindexed one (docs/design.md, "Rule indexing"): for generated
/// policies (priorities, <c>stop</c>, <c>otherwise</c>, a cap, defines, a <c>oneOf</c> fact, a
/// boolean, and conditions that fail for some cases: a division by zero, an overflow, before and
/// after indexable ones) and generated cases, both decide exactly alike: the decision's JSON (amounts
/// with their scale, items, fired rules in order) or the same case error.
/// </summary>
public sealed class RuleIndexDifferentialTests
{
    /// <summary>The generated policies' shape: a region and a flag, no label.</summary>
    private static readonly DifferentialPolicies Shape = Plain;

    /// <summary>Conditions over the extra facts and defines (see <see cref="DifferentialPolicies.ToYaml"/>); some can fail for a case.</summary>
    private static readonly Gen<Condition> Extra = Gen.OneOf(
        Gen.OneOf("lateMajor", "not lateMajor", "inNorth", "not inNorth", "wide", "not wide", "flag", "not flag", "flag == false",
            "region in [north, east]", "region != south", "region == west", "major <= severity", "(severity == minor) or (region == west)",
            "loyalFlag", "lateMajor and region == east").Select(Known),
        // Can fail: division by zero when repeatFailures is 0, overflow for large order values.
        Gen.OneOf("risky", "risky and channel == email", "channel == email and risky", "orderValue / repeatFailures > 10",
            "orderValue * 100000000000000000000000000 > 1", "(orderValue / repeatFailures > 10) or region == north",
            "region == north or orderValue / repeatFailures > 10").Select(Known));

    private static readonly Gen<Condition> Conditions = Gen.Frequency((3, PolicyGenerators.Conditions), (2, Extra));

    /// <summary>Policies of <paramref name="min"/>–<paramref name="max"/> rules; a <paramref name="large"/> policy's rules have a condition, decide something and rarely stop, so it loads without a flood of warnings.</summary>
    private static Gen<GeneratedPolicy> Policies(int min, int max, bool large = false) => DifferentialPolicies.Policies(
        Rules(min, max, large, Conditions, large ? PolicyGenerators.Decisions.Where(d => !d.IsEmpty) : PolicyGenerators.Decisions),
        PolicyGenerators.Amounts,
        PolicyGenerators.Decisions);

    private static Gen<string> Cases => Shape.Cases;

    [Fact]
    public void Indexed_and_unindexed_programs_decide_alike_for_generated_policies_and_cases()
    {
        var (decisions, errors) = Shape.Sample(Policies(1, 40), Compare);

        // Not vacuous: both decisions and case errors were compared.
        decisions.Should().BePositive();
        errors.Should().BePositive();
    }

    [Fact]
    public void Indexed_and_unindexed_programs_decide_alike_for_a_generated_2000_rule_policy()
    {
        var policy = Policies(2000, 2000, large: true).Generate(new PCG(20261206, 1), null, out _);
        var cases = Cases.Array[1000, 1000].Generate(new PCG(20261206, 2), null, out _);
        var (decisions, _) = Compare(ToYaml(policy), cases);
        decisions.Should().BePositive();
    }

    [Fact]
    public void Small_policies_stay_unindexed_and_large_selective_ones_are_indexed()
    {
        var small = PolicyYaml.Compile(ToYaml(Policies(3, 3).Generate(new PCG(1, 1), null, out _)), "small.policy.yaml").GetPolicyOrThrow().Bound;
        // Each rule also keyed on a region and a channel: a case runs about one rule in 24.
        var segmented = Policies(200, 200, large: true).Generate(new PCG(1, 2), null, out _);
        segmented = segmented with
        {
            Rules = [.. segmented.Rules.Select((r, i) => r with { When = [Known($"region == {Regions[i % 4]} and channel == {GeneratedPolicy.Channels[i % 6]}"), .. r.When] })],
        };
        var large = PolicyYaml.Compile(ToYaml(segmented), "large.policy.yaml").GetPolicyOrThrow().Bound;

        PolicyProgram.Emit(small, explain: false).Index.Should().BeNull();
        var index = PolicyProgram.Emit(large, explain: false).Index;
        index.Should().NotBeNull();
        index!.ExpectedShare.Should().BeLessThan(0.05);
        PolicyProgram.Emit(large, explain: true).Index.Should().BeNull("the explaining program stays unindexed");
        PolicyProgram.Emit(large, explain: false, RuleIndexing.Never).Index.Should().BeNull();
        PolicyProgram.Emit(small, explain: false, RuleIndexing.Always).Index.Should().NotBeNull();
    }

    /// <summary>Evaluates every case with both programs; returns how many decisions and how many case errors were compared.</summary>
    private static (int Decisions, int Errors) Compare(string yaml, IReadOnlyList<string> cases)
    {
        var result = PolicyYaml.Compile(yaml, "generated.policy.yaml");
        result.Success.Should().BeTrue(string.Join(Environment.NewLine, result.Diagnostics));
        var loaded = result.Policy!;

        // The indexed program interpreted against the unindexed one compiled, and the other way round:
        // both tiers of both shapes.
        var pairs = new[]
        {
            (With(loaded, RuleIndexing.Always, RuleExecution.Interpreted), With(loaded, RuleIndexing.Never, RuleExecution.Compiled)),
            (With(loaded, RuleIndexing.Always, RuleExecution.Compiled), With(loaded, RuleIndexing.Never, RuleExecution.Interpreted)),
        };
        var options = new EvaluationOptions { Now = RecoveryRules.Tests.Evaluation.Policies.Now };
        return CountOutcomes(cases, json =>
        {
            foreach (var (indexed, unindexed) in pairs)
            {
                var expected = unindexed.EvaluateJson(json, options);
                var actual = indexed.EvaluateJson(json, options);
                actual.Decision?.ToJson().Should().Be(expected.Decision?.ToJson(), $"case {json}");
                (actual.Decision is null).Should().Be(expected.Decision is null, $"case {json}");
                actual.Error?.Id.Should().Be(expected.Error?.Id, $"case {json}");
                actual.Error?.Message.Should().Be(expected.Error?.Message, $"case {json}");
                (actual.Error is null).Should().Be(expected.Error is null, $"case {json}");
            }

            return pairs[0].Item2.EvaluateJson(json, options).Decision is not null;
        });
    }

    private static RecoveryPolicy With(RecoveryPolicy loaded, RuleIndexing indexing, RuleExecution execution)
    {
        var options = new RecoveryPolicyOptions { Execution = execution };
        var program = new TieredRuleProgram(loaded.Bound, execution, dynamicCodeSupported: true, TaskScheduler.Default, indexing);
        return new RecoveryPolicy(loaded.Bound, loaded.Identity, program, options);
    }

    private static string ToYaml(GeneratedPolicy policy) => Shape.ToYaml(policy);
}
