using FluentAssertions.Execution;
using Xunit.Sdk;
using static RecoveryRules.Testing.FluentAssertions.Tests.Retail;

namespace RecoveryRules.Testing.FluentAssertions.Tests;

public sealed class DecisionAssertionsTests
{
    // ---- what passes ----

    [Fact]
    public void The_issue_example_passes_for_a_vip_outage()
    {
        var decision = Decide(VipOutage);

        decision.Should().Compensate(80).And.EscalateTo("duty-manager").Within(TimeSpan.FromHours(1));
        decision.Should().Fire("critical-high-value");
        Decide(MajorOnTime).Should().NotEscalate();
    }

    [Fact]
    public void Every_assertion_passes_when_the_decision_is_what_it_says()
    {
        var decision = Decide(VipOutage);

        decision.Should().Compensate(80.00m).In("USD")
            .And.EscalateTo("duty-manager").Within(TimeSpan.FromMinutes(60))
            .And.Empower("frontline").WithLimit(200).Allowing("replace", "refund")
            .And.FireExactly("critical-high-value")
            .And.NotFire("major-on-time");
        Decide(StandardCritical).Should().NotCompensate().And.NotEmpower().And.FireExactly()
            .And.EscalateTo("team-lead").Within(TimeSpan.FromHours(48));
        Decide(CappedOutage).Should().Compensate(80).Capped().And.Fire("known-outage", "critical-high-value");
    }

    // ---- compensation ----

    [Fact]
    public void Compensate_fails_with_the_expected_and_actual_total_and_how_the_policy_decided()
    {
        var decision = Decide(StandardCritical);

        var message = Failure(() => decision.Should().Compensate(80));

        FirstLine(message).Should().Be("Expected decision to compensate 80.00 USD in total, but it compensates 0.00 USD.");
        message.Should().EndWith("\n\nHow the policy decided:\n" + DecisionDisplay.Explain(decision).TrimEnd());
        message.Should().Contain("\n  [ ] critical-high-value  (priority 100): not matched\n");
    }

    [Fact]
    public void Compensate_says_because_and_lists_the_items_given()
    {
        var decision = Decide(VipOutage);

        var message = Failure(() => decision.Should().Compensate(12, "a {0} failure gets a tenth", "major"));

        FirstLine(message).Should().Be("Expected decision to compensate 12.00 USD in total because a major failure gets a tenth, but it compensates 80.00 USD: refund 80.00 USD from critical-high-value.");
    }

    [Fact]
    public void NotCompensate_fails_with_every_item_and_the_cap()
    {
        var decision = Decide(CappedOutage);

        var message = Failure(() => decision.Should().NotCompensate());

        FirstLine(message).Should().Be("Expected decision to give no compensation, but it compensates 80.00 USD: refund 80.00 USD from critical-high-value, voucher 15.00 USD from known-outage, apology from known-outage (capped).");
    }

    [Fact]
    public void In_fails_with_the_currency_of_the_decision()
    {
        var decision = Decide(VipOutage);

        FirstLine(Failure(() => decision.Should().Compensate(80).In("EUR"))).Should().Be("Expected decision to compensate in EUR, but it compensates in USD.");
    }

    [Fact]
    public void Capped_fails_when_the_total_was_not_capped()
    {
        var decision = Decide(VipOutage);

        FirstLine(Failure(() => decision.Should().Compensate(80).Capped())).Should().Be("Expected decision to cap the compensation, but 80.00 USD is not capped.");
    }

    // ---- escalation ----

    [Fact]
    public void EscalateTo_fails_with_the_target_the_deadline_and_the_rule_that_decided()
    {
        var decision = Decide(VipOutage);

        FirstLine(Failure(() => decision.Should().EscalateTo("retention"))).Should().Be(
            "Expected decision to escalate to retention, but it escalates to duty-manager within 1h (decided by critical-high-value).");
    }

    [Fact]
    public void EscalateTo_fails_when_the_decision_does_not_escalate()
    {
        var decision = Decide(MajorOnTime);

        FirstLine(Failure(() => decision.Should().EscalateTo("team-lead").Within(TimeSpan.FromHours(1)))).Should().Be(
            "Expected decision to escalate to team-lead, but it does not escalate.");
    }

    [Fact]
    public void Within_fails_with_both_deadlines_written_as_policies_write_them()
    {
        var decision = Decide(VipOutage);

        var message = Failure(() => decision.Should().Compensate(80).And.EscalateTo("duty-manager").Within(TimeSpan.FromMinutes(90)));

        FirstLine(message).Should().Be("Expected the escalation of decision to duty-manager to be due within 1h30m, but it is due within 1h (decided by critical-high-value).");
        message.Should().Contain("\n\nHow the policy decided:\nDecision\n");
    }

    [Fact]
    public void NotEscalate_fails_with_the_escalation_made()
    {
        var decision = Decide(StandardCritical);

        FirstLine(Failure(() => decision.Should().NotEscalate("nothing matched"))).Should().Be(
            "Expected decision not to escalate because nothing matched, but it escalates to team-lead within 2d (decided by otherwise).");
    }

    // ---- empowerment ----

    [Fact]
    public void Empower_fails_with_the_role_its_limit_actions_and_rules()
    {
        var decision = Decide(VipOutage);

        FirstLine(Failure(() => decision.Should().Empower("manager"))).Should().Be(
            "Expected decision to empower manager, but it empowers frontline (up to 200.00 USD, may refund, replace; from critical-high-value).");
    }

    [Fact]
    public void Empower_fails_when_no_one_is_empowered()
    {
        var decision = Decide(StandardCritical);

        FirstLine(Failure(() => decision.Should().Empower("frontline").WithLimit(200).Allowing("refund"))).Should().Be(
            "Expected decision to empower frontline, but it empowers no one.");
    }

    [Fact]
    public void WithLimit_fails_with_both_limits()
    {
        var decision = Decide(VipOutage);

        FirstLine(Failure(() => decision.Should().Empower("frontline").WithLimit(100))).Should().Be(
            "Expected the limit of frontline in decision to be 100.00 USD, but it is 200.00 USD.");
    }

    [Fact]
    public void Allowing_fails_with_the_actions_allowed_and_those_missing()
    {
        var decision = Decide(VipOutage);

        FirstLine(Failure(() => decision.Should().Empower("frontline").Allowing("refund", "goodwill"))).Should().Be(
            "Expected frontline in decision to be allowed to refund, goodwill, but it may only refund, replace (not goodwill).");
    }

    [Fact]
    public void NotEmpower_fails_with_the_empowerment_given()
    {
        var decision = Decide(VipOutage);

        FirstLine(Failure(() => decision.Should().NotEmpower())).Should().Be(
            "Expected decision to empower no one, but it empowers frontline (up to 200.00 USD, may refund, replace; from critical-high-value).");
    }

    // ---- rules ----

    [Fact]
    public void Fire_fails_with_why_the_rule_did_not_fire_and_how_the_policy_decided()
    {
        var decision = Decide(StandardCritical);

        var message = Failure(() => decision.Should().Fire("critical-high-value"));

        message.Should().StartWith(
            "Expected decision to fire critical-high-value, but it did not:\n" +
            "  critical-high-value: highValue was false (highValue is false, customer.tier is standard, customer.value is 0 USD)\n" +
            "Rules that fired: none.\n\nHow the policy decided:\n");
        message.Should().Contain("\n  " + DecisionDisplay.WhyNotFired(decision, "critical-high-value") + "\n");
        message.Should().EndWith(DecisionDisplay.Explain(decision).TrimEnd());
    }

    [Fact]
    public void Fire_names_only_the_rules_that_did_not_fire()
    {
        var decision = Decide(VipOutage);

        Failure(() => decision.Should().Fire("critical-high-value", "major-on-time")).Should().StartWith(
            "Expected decision to fire critical-high-value, major-on-time, but major-on-time did not:\n" +
            "  major-on-time: severity == major was false (severity is critical)\n" +
            "Rules that fired: critical-high-value.\n");
    }

    [Fact]
    public void Fire_of_a_rule_the_policy_does_not_have_says_so()
    {
        var decision = Decide(VipOutage);

        Failure(() => decision.Should().Fire("critical-high-valu")).Should().StartWith(
            "Expected decision to fire critical-high-valu, but it did not:\n  critical-high-valu: the policy has no rule of that name\n");
    }

    [Fact]
    public void Without_an_explanation_a_failure_says_how_to_get_one()
    {
        var decision = Decide(VipOutage, explain: false);

        var message = Failure(() => decision.Should().Fire("major-on-time"));

        message.Should().Be(
            "Expected decision to fire major-on-time, but it did not.\n" +
            "Rules that fired: critical-high-value.\n\n" +
            "What the policy decided (without why: the decision has no explanation; evaluate the case with EvaluationOptions.WithExplanation to see why each rule fired or did not):\n" +
            DecisionDisplay.Explain(decision).TrimEnd());
    }

    [Fact]
    public void NotFire_fails_with_why_the_rule_fired()
    {
        var decision = Decide(VipOutage);

        Failure(() => decision.Should().NotFire("critical-high-value", "{0} is not a VIP", "the customer")).Should().StartWith(
            "Expected decision not to fire critical-high-value because the customer is not a VIP, but it did:\n" +
            "  critical-high-value: fired, every condition true (severity is critical, highValue is true, customer.tier is gold, customer.value is 0 USD)\n\nHow the policy decided:\n");
    }

    [Fact]
    public void FireExactly_fails_with_why_each_missing_rule_did_not_fire_and_each_other_rule_did()
    {
        var decision = Decide(VipOutage);

        Failure(() => decision.Should().FireExactly("major-on-time")).Should().StartWith(
            "Expected decision to fire exactly [major-on-time], but it fired [critical-high-value]:\n" +
            "  major-on-time: severity == major was false (severity is critical)\n" +
            "  critical-high-value: fired, every condition true (severity is critical, highValue is true, customer.tier is gold, customer.value is 0 USD)\n\n");
    }

    // ---- how failures behave ----

    [Fact]
    public void In_an_assertion_scope_every_failure_is_reported_and_a_missing_escalation_is_reported_once()
    {
        var decision = Decide(MajorOnTime);

        var message = Failure(() =>
        {
            using var scope = new AssertionScope();
            decision.Should().Compensate(20).And.EscalateTo("team-lead").Within(TimeSpan.FromHours(1)).And.Empower("frontline").WithLimit(5).Allowing("refund");
        });

        message.Should().Contain("Expected decision to compensate 20.00 USD in total, but it compensates 12.00 USD: credit 12.00 USD from major-on-time.");
        message.Should().Contain("Expected decision to escalate to team-lead, but it does not escalate.");
        message.Should().Contain("Expected decision to empower frontline, but it empowers no one.");
        message.Should().NotContain("to be due within").And.NotContain("limit of").And.NotContain("allowed to");
    }

    [Fact]
    public void Braces_in_the_decision_are_printed_as_they_are()
    {
        var decision = Decide(VipOutage) with { Notes = ["Offer {gift} and {0}"] };

        Failure(() => decision.Should().NotEscalate()).Should().Contain("  Notes         Offer {gift} and {0}\n");
    }

    [Fact]
    public void A_null_decision_fails_every_assertion_without_an_exception_of_its_own()
    {
        Decision decision = null!;

        FirstLine(Failure(() => decision.Should().Compensate(80))).Should().Be("Expected decision to compensate 80 in total, but found <null>.");
        FirstLine(Failure(() => decision.Should().Fire("critical-high-value"))).Should().Be("Expected decision to fire [critical-high-value], but found <null>.");
        FirstLine(Failure(() => decision.Should().EscalateTo("team-lead").Within(TimeSpan.FromHours(1)))).Should().Be("Expected decision to escalate to team-lead, but found <null>.");
    }

    private static string Failure(Action assertion) => assertion.Should().Throw<XunitException>().Which.Message;

    private static string FirstLine(string message) => message.Split('\n')[0];
}
