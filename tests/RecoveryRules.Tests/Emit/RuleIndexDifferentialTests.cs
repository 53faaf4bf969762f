using System.Globalization;
using CsCheck;
using RecoveryRules.Emit;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;

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
    private static readonly string[] Regions = ["north", "south", "east", "west"];

    /// <summary>Conditions over the extra facts and defines (see <see cref="ToYaml"/>); some can fail for a case.</summary>
    private static readonly Gen<Condition> Extra = Gen.OneOf(
        Gen.OneOf("lateMajor", "not lateMajor", "inNorth", "not inNorth", "wide", "not wide", "flag", "not flag", "flag == false",
            "region in [north, east]", "region != south", "region == west", "major <= severity", "(severity == minor) or (region == west)",
            "loyalFlag", "lateMajor and region == east").Select(Known),
        // Can fail: division by zero when repeatFailures is 0, overflow for large order values.
        Gen.OneOf("risky", "risky and channel == email", "channel == email and risky", "orderValue / repeatFailures > 10",
            "orderValue * 100000000000000000000000000 > 1", "(orderValue / repeatFailures > 10) or region == north",
            "region == north or orderValue / repeatFailures > 10").Select(Known));

    private static readonly Gen<Condition> Conditions = Gen.Frequency((3, PolicyGenerators.Conditions), (2, Extra));

    private static readonly Gen<decimal?> Priorities = Gen.OneOf<decimal?>(null, null, null, 0m, 1m, 1.5m, 10m, -1m);

    /// <summary>Rules; a large policy's (<paramref name="large"/>) have a condition, decide something and rarely stop, so it loads without a flood of warnings.</summary>
    private static Gen<GeneratedRule[]> Rules(int min, int max, bool large = false) =>
        Gen.Select(
            Priorities,
            Gen.Frequency((large ? 400 : 8, Gen.Const(false)), (1, Gen.Const(true))),
            Conditions.Array[large ? 1 : 0, 4],
            large ? PolicyGenerators.Decisions.Where(d => !d.IsEmpty) : PolicyGenerators.Decisions)
            .Array[min, max]
            .Select(parts => parts.Select((p, i) => new GeneratedRule($"r{i + 1}", p.Item1, p.Item2, p.Item3, p.Item4)).ToArray());

    private static Gen<GeneratedPolicy> Policies(int min, int max, bool large = false) => Gen.Select(
        Gen.OneOf("sum", "max", "first"),
        Gen.OneOf("highest", "first"),
        Gen.Frequency((1, Gen.Const((Amount?)null)), (1, PolicyGenerators.Amounts.Select(a => (Amount?)a))),
        Rules(min, max, large),
        PolicyGenerators.Decisions.Null(0.4),
        (compensation, selection, cap, rules, otherwise) => new GeneratedPolicy(compensation, selection, selection, cap, rules, otherwise));

    private static readonly Gen<string> Cases = Gen.Select(
        PolicyGenerators.Cases,
        Gen.Int[0, 3],
        Gen.Bool,
        Gen.Frequency((6, Gen.Const(0m)), (1, Gen.Const(1000m)), (1, Gen.Const(79000000000000000000000000000m))),
        (c, region, flag, big) => Json(c with { OrderValue = c.OrderValue + big }, Regions[region], flag));

    [Fact]
    public void Indexed_and_unindexed_programs_decide_alike_for_generated_policies_and_cases()
    {
        var errors = 0;
        var decisions = 0;
        Gen.Select(Policies(1, 40), Cases.Array[20, 40]).Sample(
            input =>
            {
                var (d, e) = Compare(ToYaml(input.Item1), input.Item2);
                Interlocked.Add(ref decisions, d);
                Interlocked.Add(ref errors, e);
            },
            iter: 150,
            print: input => Environment.NewLine + ToYaml(input.Item1));

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
        var decisions = 0;
        var errors = 0;
        foreach (var json in cases)
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

            if (pairs[0].Item2.EvaluateJson(json, options).Decision is null)
            {
                errors++;
            }
            else
            {
                decisions++;
            }
        }

        return (decisions, errors);
    }

    private static RecoveryPolicy With(RecoveryPolicy loaded, RuleIndexing indexing, RuleExecution execution)
    {
        var options = new RecoveryPolicyOptions { Execution = execution };
        var program = new TieredRuleProgram(loaded.Bound, execution, dynamicCodeSupported: true, TaskScheduler.Default, indexing);
        return new RecoveryPolicy(loaded.Bound, loaded.Identity, program, options);
    }

    /// <summary>The generated policy's YAML with two more facts (a <c>oneOf</c> and a boolean) and the defines <see cref="Extra"/> names.</summary>
    private static string ToYaml(GeneratedPolicy policy) => policy.ToYaml()
        .Replace("facts:\n", "facts:\n  region: { oneOf: [north, south, east, west] }\n  flag: bool\n", StringComparison.Ordinal)
        .Replace("combine:\n", """
            define:
              lateMajor: severity >= major and delay > 2h
              inNorth: region == north
              wide: channel in [email, chat] or region == west
              ratio: orderValue / repeatFailures
              risky: ratio > 50
              loyalFlag: flag and customer.tier in [gold, platinum]
            combine:

            """, StringComparison.Ordinal);

    private static string Json(GeneratedCase c, string region, bool flag)
    {
        var json = c.ToJson();
        return string.Concat(json.AsSpan(0, json.Length - 1), string.Create(CultureInfo.InvariantCulture, $", \"region\": \"{region}\", \"flag\": {(flag ? "true" : "false")}}}"));
    }

    private static Condition Known(string text) => new(text, _ => throw new InvalidOperationException("Only the engine decides these policies."));
}
