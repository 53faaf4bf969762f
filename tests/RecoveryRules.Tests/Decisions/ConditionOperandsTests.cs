using RecoveryRules.Tests.Evaluation;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Decisions;

/// <summary>Each explained condition names its operands: the facts and defines it reads, with their values as the policy saw them.</summary>
public sealed class ConditionOperandsTests
{
    private static RecoveryPolicy Policy() => LoadFrom("Decisions", "explain.policy.yaml");

    private static Decision Explained(string json) => Policy().Decide(json, EvaluationOptions.WithExplanation);

    private static ConditionExplanation Condition(Decision decision, string rule, int index) =>
        decision.Explanation!.Rules.Single(r => r.Rule == rule).Conditions[index];

    private static KeyValuePair<string, string> Operand(string name, string value) => new(name, value);

    /// <summary>The operands as <c>name is value</c> texts, in order (FluentAssertions treats pairs as a dictionary, unordered).</summary>
    private static IEnumerable<string> Texts(IEnumerable<KeyValuePair<string, string>> operands) => operands.Select(o => $"{o.Key} is {o.Value}");

    [Fact]
    public void A_fact_compared_with_a_member_names_only_the_fact()
    {
        var decision = Explained("""{"severity": "critical", "channel": "phone", "delay": "3h"}""");

        Condition(decision, "major-on-time", 0).Should().Be(new ConditionExplanation("severity == major", false, [Operand("severity", "critical")]));
    }

    [Fact]
    public void A_define_shows_its_value_even_when_its_condition_was_not_evaluated()
    {
        var decision = Explained("""{"severity": "critical", "channel": "phone", "delay": "3h"}""");

        Condition(decision, "major-on-time", 1).Should().Be(new ConditionExplanation("not late", null, [Operand("late", "false"), Operand("delay", "3h")]));
    }

    [Fact]
    public void Dotted_facts_in_lists_and_duration_parts_name_the_fact_with_its_compact_duration()
    {
        var decision = Explained("""{"severity": "minor", "channel": "email", "delay": "1h30m", "customer": {"tier": "gold"}}""");

        Texts(Condition(decision, "tiered", 0).Operands).Should().Equal("customer.tier is gold");
        Condition(decision, "tiered", 0).Value.Should().BeTrue();
        Texts(Condition(decision, "tiered", 1).Operands).Should().Equal("delay is 1h30m");
        Condition(decision, "tiered", 1).Value.Should().BeFalse();
    }

    [Fact]
    public void And_and_or_inside_one_condition_name_every_operand_once_in_order_of_first_mention_money_with_its_currency()
    {
        var decision = Explained("""{"severity": "minor", "channel": "email", "delay": "1h", "vip": true, "orderValue": 80, "customer.value": 250.5}""");

        var condition = Condition(decision, "pricey", 0);
        condition.Value.Should().BeTrue();
        Texts(condition.Operands).Should().Equal("vip is true", "orderValue is 80 USD", "halfOrder is 40 USD", "customer.value is 250.5 USD");
    }

    [Fact]
    public void A_duration_define_and_a_channel_list_show_their_values()
    {
        var decision = Explained("""{"severity": "minor", "channel": "chat", "delay": "4h"}""");

        Condition(decision, "overdue", 0).Should().Be(new ConditionExplanation("overdue >= 2h", true, [Operand("overdue", "3h"), Operand("delay", "4h")]));
        Condition(decision, "overdue", 1).Should().Be(new ConditionExplanation("channel in [phone, chat]", true, [Operand("channel", "chat")]));
    }

    [Fact]
    public void A_define_that_fails_for_the_case_where_the_rules_did_not_reach_it_reads_not_evaluated()
    {
        var decision = Explained("""{"severity": "minor", "channel": "email", "delay": "1h", "orderValue": 80}""");

        Condition(decision, "per-item", 0).Should().Be(new ConditionExplanation("count > 0", false, [Operand("count", "0")]));
        Condition(decision, "per-item", 1).Should().Be(new ConditionExplanation("perItem > 10", null, [Operand("perItem", "not evaluated"), Operand("orderValue", "80 USD"), Operand("count", "0")]));
    }

    [Fact]
    public void A_define_the_rules_computed_shows_the_value_they_computed()
    {
        var decision = Explained("""{"severity": "minor", "channel": "email", "delay": "1h", "orderValue": 80, "count": 4}""");

        Condition(decision, "per-item", 1).Should().Be(new ConditionExplanation("perItem > 10", true, [Operand("perItem", "20 USD"), Operand("orderValue", "80 USD"), Operand("count", "4")]));
    }

    [Fact]
    public void Rules_not_considered_after_a_stop_still_show_their_operands()
    {
        var decision = Explained("""{"severity": "critical", "channel": "phone", "delay": "2d"}""");

        Condition(decision, "late-goodwill", 0).Should().Be(new ConditionExplanation("late", null, [Operand("late", "true"), Operand("delay", "2d")]));
    }

    [Fact]
    public void A_rule_without_when_has_no_conditions_and_the_operands_of_a_text_fact_are_quoted()
    {
        var policy = Compile("""
            policy: text
            version: "1"
            facts:
              note: text
            rules:
              - id: noted
                when: note == 'late'
                then: { note: noted }
            """);

        var decision = policy.Decide(Case("\"note\": \"late\""), EvaluationOptions.WithExplanation);

        Texts(decision.Explanation!.Rules.Single().Conditions.Single().Operands).Should().Equal("note is 'late'");
    }

    [Fact]
    public void Every_rule_execution_explains_the_operands_alike()
    {
        const string json = """{"severity": "major", "channel": "phone", "delay": "30h", "vip": true, "orderValue": 120, "count": 3, "customer": {"tier": "platinum", "value": 5000}}""";
        var explanations = new[] { RuleExecution.Interpreted, RuleExecution.Compiled, RuleExecution.Tiered }
            .Select(execution => Yaml.PolicyYaml.Compile(ReadData("Decisions", "explain.policy.yaml"), "explain.policy.yaml", null, new RecoveryPolicyOptions { TimeProvider = Clock(), Execution = execution }).Policy!)
            .Select(policy => policy.EvaluateJson(json, EvaluationOptions.WithExplanation).Decision!.Explanation!)
            .ToList();

        explanations.Should().AllSatisfy(explanation => explanation.Should().Be(explanations[0]));
        explanations[0].Rules.SelectMany(r => r.Conditions).Should().Contain(c => c.Operands.Length > 0);
    }

    [Fact]
    public void Operands_take_part_in_equality_element_by_element()
    {
        var one = new ConditionExplanation("a == b", true, [Operand("a", "x")]);
        var same = new ConditionExplanation("a == b", true, [Operand("a", "x")]);
        var other = new ConditionExplanation("a == b", true, [Operand("a", "y")]);

        one.Should().Be(same);
        one.GetHashCode().Should().Be(same.GetHashCode());
        one.Should().NotBe(other);
        new ConditionExplanation("a", true, default).Should().NotBe(new ConditionExplanation("a", true, []));
    }

    [Fact]
    public void A_decision_evaluated_without_an_explanation_has_none()
    {
        Policy().Decide("""{"severity": "critical", "channel": "phone", "delay": "3h"}""").Explanation.Should().BeNull();
    }
}
