using System.Globalization;
using CsCheck;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Fuzzing;

/// <summary>
/// Random cases through policies evaluated with an explanation (docs/fuzzing.md): rendering the
/// decision never throws, and every rule's why names it: a rule not matched gives its first false
/// condition, one not considered the rule that stopped, one matched fires with every condition true;
/// every operand is named in its condition's text.
/// </summary>
public sealed class ExplanationFuzzTests
{
    /// <summary>Cases with the built-in facts and, for the retail example, its facts, else those of Decisions/Data/explain.policy.yaml.</summary>
    private static Gen<string> Cases(bool retail) => Gen.Select(
        Gen.Select(Gen.OneOf(Gen.Const("minor"), Gen.Const("moderate"), Gen.Const("major"), Gen.Const("critical")), Gen.OneOf(Gen.Const("phone"), Gen.Const("email"), Gen.Const("chat"), Gen.Const("social"), Gen.Const("store"), Gen.Const("app")), Gen.Int[0, 30 * 24 * 3600]),
        Gen.Select(Gen.OneOf(Gen.Const("standard"), Gen.Const("silver"), Gen.Const("gold"), Gen.Const("platinum")), Gen.Int[0, 20000], Gen.Int[0, 100000]),
        Gen.Select(Gen.Int[0, 4], Gen.Bool, Gen.Bool, Gen.OneOf(Gen.Const("information"), Gen.Const("operation"), Gen.Const("communication"), Gen.Const("technical"))),
        (first, second, third) => string.Create(CultureInfo.InvariantCulture,
            $$"""{"id": "f", "severity": "{{first.Item1}}", "channel": "{{first.Item2}}", "delay": "{{first.Item3}}s", "customer": {"tier": "{{second.Item1}}", "value": {{second.Item2}}}, "orderValue": {{second.Item3 / 100m}}, {{(retail
                ? $"\"proactive\": {(third.Item3 ? "true" : "false")}, \"failureType\": \"{third.Item4}\", \"repeatFailures\": {third.Item1}"
                : $"\"count\": {third.Item1}, \"vip\": {(third.Item2 ? "true" : "false")}")}}}"""));

    public static TheoryData<string> PolicyPaths { get; } =
    [
        Path.Combine("tests", "RecoveryRules.Tests", "Decisions", "Data", "explain.policy.yaml"),
        Path.Combine("examples", "retail", "retail.policy.yaml"),
    ];

    [Theory]
    [MemberData(nameof(PolicyPaths))]
    public void Random_cases_render_and_every_rule_gets_its_why(string policyPath)
    {
        var path = RepositoryRoot.Combine(policyPath.Split(Path.DirectorySeparatorChar));
        var policy = Policies.Compile(File.ReadAllText(path), path);
        var decided = 0;

        Cases(policyPath.StartsWith("examples", StringComparison.Ordinal)).Sample(
            json =>
            {
                var result = policy.EvaluateJson(json, EvaluationOptions.WithExplanation);
                if (result.Decision is not { } decision)
                {
                    return; // a case error (a define past zero, say) has nothing to explain
                }

                Interlocked.Increment(ref decided);
                // Plain asserts: FluentAssertions' predicate assertions compile an expression per call, too slow in a fuzz loop.
                Assert.StartsWith("Decision\n", DecisionDisplay.Explain(decision), StringComparison.Ordinal);
                foreach (var rule in decision.Explanation!.Rules)
                {
                    var whyNot = DecisionDisplay.WhyNotFired(decision, rule.Rule);
                    var why = DecisionDisplay.WhyFired(decision, rule.Rule);
                    switch (rule.Outcome)
                    {
                        case RuleOutcome.Matched:
                            Assert.Null(whyNot);
                            Assert.StartsWith(rule.Rule + ": fired", why, StringComparison.Ordinal);
                            break;
                        case RuleOutcome.NotConsidered:
                            Assert.Null(why);
                            Assert.StartsWith(rule.Rule + ": not considered (", whyNot, StringComparison.Ordinal);
                            break;
                        default:
                            Assert.Null(why);
                            var firstFalse = rule.Conditions.First(condition => condition.Value == false);
                            Assert.StartsWith($"{rule.Rule}: {firstFalse.Condition} was false", whyNot, StringComparison.Ordinal);
                            break;
                    }

                    foreach (var condition in rule.Conditions)
                    {
                        // The first operand is named by the condition; a later one is named by it too, or follows a
                        // define (an operand that is not a fact): what that define was computed from.
                        var facts = decision.Explanation!.Facts.Select(fact => fact.Key).ToHashSet(StringComparer.Ordinal);
                        for (var i = 0; i < condition.Operands.Length; i++)
                        {
                            var operand = condition.Operands[i];
                            Assert.True(
                                operand.Value.Length > 0
                                && (condition.Condition.Contains(operand.Key, StringComparison.Ordinal) || condition.Operands.Take(i).Any(earlier => !facts.Contains(earlier.Key))),
                                $"{condition.Condition}: operand {operand.Key} is {operand.Value}");
                        }

                        if (condition.Operands.Length > 0)
                        {
                            Assert.Contains(condition.Operands[0].Key, condition.Condition, StringComparison.Ordinal);
                        }

                        Assert.Equal(condition.Operands.Length, condition.Operands.Select(operand => operand.Key).Distinct(StringComparer.Ordinal).Count());
                    }
                }
            },
            iter: Math.Max(1, CaseFuzzing.Iterations / 3),
            threads: 1);

        decided.Should().BeGreaterThan(0);
    }
}
