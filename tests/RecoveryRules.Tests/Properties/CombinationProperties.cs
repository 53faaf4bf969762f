using CsCheck;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Properties;

/// <summary>
/// Random policies and cases: the engine never throws, agrees with an independent model of §3 and
/// §9 on every part of the decision, and keeps the combination invariants (cap, sum, highest
/// escalation, consideration order, stop, determinism).
/// </summary>
public sealed class CombinationProperties
{
    private static readonly Gen<(GeneratedPolicy Policy, GeneratedCase[] Cases)> PolicyAndCases =
        Gen.Select(PolicyGenerators.Policies, PolicyGenerators.Cases.Array[1, 12]);

    private static string Print((GeneratedPolicy Policy, GeneratedCase[] Cases) input) =>
        Environment.NewLine + input.Policy.ToYaml() + string.Join(Environment.NewLine, input.Cases.Select(c => c.ToJson()));

    private static RecoveryPolicy Compile(GeneratedPolicy generated, RuleExecution execution = RuleExecution.Compiled)
    {
        var result = PolicyYaml.Compile(generated.ToYaml(), "generated.policy.yaml", null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = execution });
        result.Success.Should().BeTrue(string.Join(Environment.NewLine, result.Diagnostics.Select(d => d.ToString())));
        return result.Policy!;
    }

    [Theory]
    [InlineData(RuleExecution.Compiled)]
    [InlineData(RuleExecution.Interpreted)]
    public void Generated_policies_compile_and_decide_every_valid_case_as_the_model_says(RuleExecution execution)
    {
        PolicyAndCases.Sample(input =>
        {
            var policy = Compile(input.Policy, execution);
            foreach (var generatedCase in input.Cases)
            {
                var result = policy.EvaluateJson(generatedCase.ToJson());
                result.IsDecision.Should().BeTrue(result.Error?.ToString());
                var decision = result.Decision!;
                var expected = input.Policy.Decide(generatedCase);

                decision.Fired.Should().Equal(expected.Fired, "fired for {0}", generatedCase);
                decision.Compensation.Items.Select(i => (i.Kind, i.Amount, i.Rule, i.Note)).Should().Equal(expected.Items, "items for {0}", generatedCase);
                decision.Compensation.Total.Should().Be(expected.Total, "total for {0}", generatedCase);
                decision.Compensation.Capped.Should().Be(expected.Capped, "capped for {0}", generatedCase);
                (decision.Escalation is null ? ((string, TimeSpan?, string)?)null : (decision.Escalation.To, decision.Escalation.Within, decision.Escalation.Rule))
                    .Should().Be(expected.Escalation, "escalation for {0}", generatedCase);
                if (expected.Empowerment is { } empowerment)
                {
                    decision.Empowerment.Should().NotBeNull();
                    decision.Empowerment!.Role.Should().Be(empowerment.Role);
                    decision.Empowerment.Limit.Should().Be(empowerment.Limit);
                    decision.Empowerment.Actions.Should().Equal(empowerment.Actions);
                    decision.Empowerment.Rules.Should().Equal(empowerment.Rules);
                }
                else
                {
                    decision.Empowerment.Should().BeNull();
                }

                decision.Notes.Should().Equal(expected.Notes, "notes for {0}", generatedCase);
            }
        }, iter: 200, print: Print);
    }

    [Fact]
    public void Combination_invariants_hold_for_generated_policies_and_cases()
    {
        PolicyAndCases.Sample(input =>
        {
            var policy = Compile(input.Policy);
            var order = input.Policy.ConsiderationOrder().Select(r => r.Id).ToList();
            var rules = input.Policy.Rules.ToDictionary(r => r.Id);
            foreach (var generatedCase in input.Cases)
            {
                var json = generatedCase.ToJson();
                var recoveryCase = policy.ReadCase(json);
                policy.TryEvaluate(recoveryCase, out var decision, out var error, EvaluationOptions.WithExplanation).Should().BeTrue(error?.ToString());
                var compensation = decision!.Compensation;
                var explanation = decision.Explanation!;

                // Cap: never above it; capped exactly when it limited.
                if (input.Policy.Cap is not null)
                {
                    compensation.Total.Should().BeLessThanOrEqualTo(explanation.Cap!.Value);
                    compensation.Capped.Should().Be(explanation.UncappedTotal > explanation.Cap);
                    compensation.Total.Should().Be(Math.Min(explanation.UncappedTotal!.Value, explanation.Cap.Value));
                }
                else
                {
                    compensation.Capped.Should().BeFalse();
                }

                // Not capped: the total is the sum of the kept items' (rounded) amounts.
                if (!compensation.Capped)
                {
                    compensation.Total.Should().Be(compensation.Items.Sum(i => i.Amount ?? 0m));
                }

                compensation.Items.Where(i => i.Amount is { } a && (a < 0 || decimal.Round(a, 2) != a)).Should().BeEmpty("amounts are rounded to cents and never negative");

                // Highest escalation: never below any matching escalating rule's target.
                var fired = decision.Fired.Select(id => rules[id]).ToList();
                if (input.Policy.EscalationMode == "highest" && fired.Count > 0)
                {
                    var target = decision.Escalation is null ? -1 : Array.IndexOf(GeneratedPolicy.Escalations, decision.Escalation.To);
                    fired.Where(r => r.Then.Escalate is not null && Array.IndexOf(GeneratedPolicy.Escalations, r.Then.Escalate.To) > target)
                        .Should().BeEmpty("the decision's target is the highest");
                }

                // Fired: in consideration order, nothing after a fired stop rule.
                var positions = decision.Fired.Select(id => order.IndexOf(id)).ToList();
                positions.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
                var stop = decision.Fired.Select((id, i) => (id, i)).FirstOrDefault(p => rules[p.id].Stop);
                if (stop.id is not null)
                {
                    stop.i.Should().Be(decision.Fired.Length - 1, "no rule fires after a stop rule");
                }

                explanation.Rules.Select(r => r.Rule).Should().Equal(order);
                explanation.Rules.Where(r => r.Outcome == RuleOutcome.Matched).Select(r => r.Rule).Should().Equal(decision.Fired);

                // Deterministic, and the same through every door.
                var again = policy.EvaluateJson(json).Decision!;
                again.ToJson().Should().Be((decision with { Explanation = null }).ToJson());
                policy.Evaluate(recoveryCase).ToJson().Should().Be(again.ToJson());
            }
        }, iter: 200, print: Print);
    }

    [Fact]
    public void No_exception_escapes_for_damaged_cases()
    {
        var damage = Gen.Select(PolicyGenerators.Cases, Gen.Int[0, 9], Gen.Int[0, 400], (c, kind, at) => Damage(c.ToJson(), kind, at));
        var policy = Compile(new GeneratedPolicy("sum", "highest", "highest", null,
            [new GeneratedRule("all", null, false, [], new GeneratedDecision([new GeneratedItem("refund", new Amount("orderValue / 2", c => c.OrderValue / 2), null)], null, null, null))], null));

        damage.Sample(json =>
        {
            var result = policy.EvaluateJson(json);
            if (!result.IsDecision)
            {
                result.Error.Id.Should().MatchRegex("^RR04[0-9][0-9]$");
                result.ToJson().Should().Contain("\"error\":{\"id\":\"RR04");
            }

            if (policy.TryReadCase(json, out var recoveryCase, out var readError))
            {
                policy.TryEvaluate(recoveryCase, out var decision, out var evaluationError).Should().Be(result.IsDecision);
                (decision?.ToJson() ?? evaluationError!.ToJson()).Should().Be(result.ToJson());
            }
            else
            {
                readError.Id.Should().Be(result.Error!.Id);
            }
        }, iter: 1000, print: json => json);
    }

    private static string Damage(string json, int kind, int at)
    {
        var position = at % (json.Length + 1);
        return kind switch
        {
            0 => json[..position],
            1 => json.Remove(Math.Min(position, json.Length - 1), 1),
            2 => json.Insert(position, "\""),
            3 => json.Replace("\"minor\"", "\"Minor\"", StringComparison.Ordinal).Replace("\"critical\"", "null", StringComparison.Ordinal),
            4 => json.Replace("\"delay\"", "\"occurredAt\"", StringComparison.Ordinal),
            5 => json.Replace("false", "\"no\"", StringComparison.Ordinal).Replace("true", "1", StringComparison.Ordinal),
            6 => json.Replace("\"orderValue\": ", "\"orderValue\": -", StringComparison.Ordinal),
            7 => json.Replace("\"orderValue\": ", "\"orderValue\": 1e30", StringComparison.Ordinal),
            8 => json.Insert(position, "{\"customer.tier\": \"gold\"},"),
            _ => json.Replace("}", ", \"x\": []}", StringComparison.Ordinal),
        };
    }
}
