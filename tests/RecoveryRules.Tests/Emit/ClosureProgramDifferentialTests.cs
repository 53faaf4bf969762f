using System.Text.Json.Nodes;
using CsCheck;
using RecoveryRules.Emit;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;
using static RecoveryRules.Tests.Emit.DifferentialPolicies;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// The closure program (docs/design.md §20), the program without dynamic code, against the compiled IL program: for
/// generated policies and cases (with conditions and amounts that fail for some cases: a division by zero, an
/// overflow, a negative amount, clamp bounds), for every example policy with its cases and mutated ones (facts
/// missing, values changed), with and without explanations, indexed and not: the same decision JSON (amounts with
/// their scale, fired rules in order, every condition's value when explaining) or the same case error.
/// </summary>
public sealed class ClosureProgramDifferentialTests
{
    /// <summary>The generated policies' shape: with the label fact and its defines.</summary>
    private static readonly DifferentialPolicies Shape = Labelled;

    /// <summary>Conditions over the extra facts and defines (see <see cref="DifferentialPolicies.ToYaml"/>); some can fail for a case.</summary>
    private static readonly Gen<Condition> Extra = Gen.OneOf("lateMajor", "not lateMajor", "inNorth", "not inNorth", "wide", "not wide", "flag", "not flag", "flag == false", "flag != proactive",
            "region in [north, east]", "region not in [north, east]", "region != south", "region == west", "major <= severity", "sevOf > minor", "major <= sevOf", "sevOf in [minor, major]", "sevOf == severity", "sev != critical",
            "(severity == minor) or (region == west)", "loyalFlag", "lateMajor and region == east", "isVip", "not isVip", "isPress", "notVip", "vipNe",
            "orderValue in [0, 10, 100.00]", "repeatFailures not in [1, 2]",
            "delay.days >= 1", "1 <= delay.hours", "delay.minutes < 90", "-orderValue < -50", "abs(orderValue - 100) < 20", "round(orderValue / 7) == 3",
            "min(orderValue, 40, customer.value) >= 40.0", "perUnit > 20", "wideOrNorth",
            "proactive == flag", "severity in [minor, major] or flag").Select(Known);

    /// <summary>Conditions that fail for some cases: division by zero when repeatFailures is 0, overflow for large order values, clamp bounds.</summary>
    private static readonly Gen<Condition> Failing = Gen.OneOf("risky", "risky and channel == email", "channel == email and risky", "orderValue / repeatFailures > 10",
            "orderValue * 100000000000000000000000000 > 1", "(orderValue / repeatFailures > 10) or region == north",
            "region == north or orderValue / repeatFailures > 10", "clamp(orderValue, 50, repeatFailures * 10) > 40").Select(Known);

    private static readonly Gen<Condition> Conditions = Gen.Frequency((3, PolicyGenerators.Conditions), (3, Extra), (1, Failing));

    /// <summary>A large policy's: with a failing condition in a few of hundreds of rules, every case would fail.</summary>
    private static readonly Gen<Condition> LargeConditions = Gen.Frequency((3, PolicyGenerators.Conditions), (2, Extra));

    private static readonly Gen<string> Amounts = Gen.OneOf(
        PolicyGenerators.Amounts.Select(a => a.Text),
        Gen.OneOf("orderValue / repeatFailures", "orderValue - 100", "perUnit", "clamp(orderValue, 10, repeatFailures * 20)", "max(10.0, 10.00, perUnit)", "min(5.00, 5, 5.0)", "round(delay.hours) * 1.5", "orderValue * 100000000000000000000000000", "-orderValue + 200",
            "bonus", "abs(0 - orderValue) / 3"));

    private static readonly Gen<GeneratedDecision> Decisions = Gen.Select(
        PolicyGenerators.Decisions, Amounts, Gen.Bool,
        (decision, amount, replace) => replace && decision.Items.Count > 0
            ? decision with { Items = [decision.Items[0] with { Amount = new Amount(amount, _ => 0m) }, .. decision.Items.Skip(1)] }
            : decision);

    /// <summary>Policies of <paramref name="min"/>–<paramref name="max"/> rules; a large one's (over 100 rules) without failing conditions and with the generators' own amounts.</summary>
    private static Gen<GeneratedPolicy> Policies(int min, int max)
    {
        var large = max > 100;
        var decisions = large ? PolicyGenerators.Decisions : Decisions;
        return DifferentialPolicies.Policies(
            Rules(min, max, large, large ? LargeConditions : Conditions, decisions),
            large ? PolicyGenerators.Amounts : Amounts.Select(a => new Amount(a, _ => 0m)),
            decisions);
    }

    private static Gen<string> Cases => Shape.Cases;

    [Fact]
    public void Closure_and_compiled_programs_decide_alike_for_generated_policies_and_cases()
    {
        var (decisions, errors) = Shape.Sample(Policies(1, 30), Compare);

        // Not vacuous: both decisions and case errors were compared.
        decisions.Should().BePositive();
        errors.Should().BePositive();
    }

    [Fact]
    public void Closure_and_compiled_programs_decide_alike_for_a_generated_300_rule_policy()
    {
        var policy = Policies(300, 300).Generate(new PCG(20261207, 1), null, out _);
        var cases = Cases.Array[500, 500].Generate(new PCG(20261207, 2), null, out _);
        var (decisions, errors) = Compare(ToYaml(policy), cases);
        decisions.Should().BePositive();
        errors.Should().BePositive();
    }

    public static TheoryData<string> ExamplePolicies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ExamplesFolder(), "*.policy.yaml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(ExamplesFolder(), file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExamplePolicies))]
    public void Closure_and_compiled_programs_decide_alike_for_an_example_policy_and_mutated_cases(string policyFile)
    {
        var path = Path.Combine(ExamplesFolder(), policyFile);
        var folder = Path.GetDirectoryName(path)!;
        var cases = Directory.EnumerateFiles(folder, "*.jsonl").Where(f => !f.EndsWith("records.jsonl", StringComparison.Ordinal))
            .SelectMany(File.ReadLines)
            .Concat(Directory.EnumerateFiles(folder, "case-*.json").Select(File.ReadAllText))
            .Where(line => line.TrimStart().StartsWith('{'))
            .ToList();
        if (cases.Count == 0)
        {
            // The example services' policies are the retail policy's variants: its cases.
            cases.AddRange(File.ReadLines(Path.Combine(ExamplesFolder(), "retail", "cases.jsonl")).Where(line => line.TrimStart().StartsWith('{')));
        }

        var mutated = cases.SelectMany((json, i) => Mutations(json, new Random(i))).ToList();
        var (decisions, errors) = Compare(File.ReadAllText(path), [.. cases, .. mutated]);

        decisions.Should().BePositive();
        errors.Should().BePositive("missing facts and changed values make some cases fail");
    }

    /// <summary>A case changed: a fact dropped, a number made zero, negative, huge or fractional, a member or a boolean flipped.</summary>
    private static IEnumerable<string> Mutations(string json, Random random)
    {
        if (JsonNode.Parse(json) is not JsonObject original)
        {
            yield break;
        }

        var names = original.Select(p => p.Key).Where(k => k != "id").ToList();
        for (var m = 0; m < 12; m++)
        {
            var copy = (JsonObject)original.DeepClone();
            var name = names[random.Next(names.Count)];
            switch (random.Next(8))
            {
                case 0:
                    copy.Remove(name);
                    break;
                case 1:
                    copy[name] = 0;
                    break;
                case 2:
                    copy[name] = -random.Next(1, 500);
                    break;
                case 3:
                    copy[name] = 79000000000000000000000000000m;
                    break;
                case 4:
                    copy[name] = random.Next(0, 100000) / 1000m;
                    break;
                case 5:
                    copy[name] = random.Next(2) == 0;
                    break;
                case 6:
                    copy[name] = new[] { "minor", "critical", "gold", "chat", "technical", "24h", "0s", "PT1H30M", "3d" }[random.Next(9)];
                    break;
                default:
                    if (copy["customer"] is JsonObject customer)
                    {
                        customer["value"] = random.Next(3) == 0 ? 0 : random.Next(0, 30000);
                        customer["tier"] = new[] { "standard", "silver", "gold", "platinum" }[random.Next(4)];
                    }

                    copy["repeatFailures"] = random.Next(0, 4);
                    break;
            }

            yield return copy.ToJsonString();
        }
    }

    /// <summary>
    /// Evaluates every case with the compiled IL program and with the closure program (unindexed, indexed, and as the
    /// program without dynamic code), with and without explanations; returns how many decisions and case errors were compared.
    /// </summary>
    private static (int Decisions, int Errors) Compare(string yaml, IReadOnlyList<string> cases)
    {
        var result = PolicyYaml.Compile(yaml, "generated.policy.yaml");
        result.Success.Should().BeTrue(string.Join(Environment.NewLine, result.Diagnostics));
        var loaded = result.Policy!;
        var compiled = With(loaded, new TieredRuleProgram(loaded.Bound, RuleExecution.Compiled, dynamicCodeSupported: true, TaskScheduler.Default, RuleIndexing.Never));
        var closures = new[]
        {
            With(loaded, new TieredRuleProgram(loaded.Bound, RuleExecution.Interpreted, dynamicCodeSupported: true, TaskScheduler.Default, RuleIndexing.Never, InterpretedProgram.Closures)),
            With(loaded, new TieredRuleProgram(loaded.Bound, RuleExecution.Interpreted, dynamicCodeSupported: true, TaskScheduler.Default, RuleIndexing.Always, InterpretedProgram.Closures)),
            With(loaded, new TieredRuleProgram(loaded.Bound, RuleExecution.Compiled, dynamicCodeSupported: false)),
        };
        ((TieredRuleProgram)closures[2].Program).Interpreter.Should().Be(InterpretedProgram.Closures);

        return CountOutcomes(cases, json =>
        {
            foreach (var options in new[] { Plain, Explained })
            {
                var expected = Outcome(compiled, json, options);
                foreach (var closure in closures)
                {
                    var actual = Outcome(closure, json, options);
                    if (actual != expected)
                    {
                        Assert.Fail($"The closure program decides differently from the IL program for case {json}{Environment.NewLine}closures: {actual}{Environment.NewLine}IL:       {expected}");
                    }
                }
            }

            return compiled.EvaluateJson(json, Plain).Decision is not null;
        });
    }

    private static readonly EvaluationOptions Plain = new() { Now = RecoveryRules.Tests.Evaluation.Policies.Now };

    private static readonly EvaluationOptions Explained = new() { Now = RecoveryRules.Tests.Evaluation.Policies.Now, Explain = true };

    /// <summary>The decision's JSON (with its explanation when asked), or the case error's field, id and message.</summary>
    private static string Outcome(RecoveryPolicy policy, string json, EvaluationOptions options)
    {
        var result = policy.EvaluateJson(json, options);
        return result.Decision is { } decision
            ? decision.ToJson()
            : $"error {result.Error?.Field} {result.Error?.Id}: {result.Error?.Message}";
    }

    private static RecoveryPolicy With(RecoveryPolicy loaded, TieredRuleProgram program) =>
        new(loaded.Bound, loaded.Identity, program, new RecoveryPolicyOptions { Execution = program.Execution });

    private static string ToYaml(GeneratedPolicy policy) => Shape.ToYaml(policy);

    private static string ExamplesFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "examples")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("examples"), "examples");
    }

}
