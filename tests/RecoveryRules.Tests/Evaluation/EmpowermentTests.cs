using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>§3.6 and §9: empowerment highest (role, largest limit, merged actions, every rule) and first.</summary>
public sealed class EmpowermentTests
{
    private static readonly RecoveryPolicy Highest = Load("empowerment-highest.policy.yaml");
    private static readonly RecoveryPolicy First = Load("empowerment-first.policy.yaml");

    private const string FourRules = "\"frontlineBig\": true, \"supervisorSmall\": true, \"supervisorUnlimited\": true, \"teamLeadBare\": true";

    [Fact]
    public void Highest_takes_the_highest_role_the_largest_limit_and_merges_actions_first_seen()
    {
        var decision = Highest.Decide(Case(FourRules));

        var empowerment = decision.Empowerment!;
        empowerment.Role.Should().Be("supervisor");
        empowerment.Limit.Should().Be(500m, "the largest limit, even from a rule with a lower role");
        empowerment.Actions.Should().Equal("refund", "replace", "waive-fee", "call-back");
        empowerment.Rules.Should().Equal("frontline-big", "supervisor-small", "supervisor-unlimited", "team-lead-bare");
        decision.Raw("empowerment").Should().Be(
            "{\"role\":\"supervisor\",\"limit\":500.00,\"actions\":[\"refund\",\"replace\",\"waive-fee\",\"call-back\"],"
            + "\"rules\":[\"frontline-big\",\"supervisor-small\",\"supervisor-unlimited\",\"team-lead-bare\"]}");
    }

    [Fact]
    public void Highest_merges_more_than_64_actions_first_seen_each_once()
    {
        var decision = Load("empowerment-many-actions.policy.yaml").Decide(Case("\"first\": true, \"second\": true, \"third\": true"));

        string[] expected = [.. Enumerable.Range(1, 40).Select(i => $"a{i:00}"), .. Enumerable.Range(1, 30).Select(i => $"b{i:00}"), "c01"];
        decision.Empowerment!.Actions.Should().Equal(expected);
        decision.Empowerment.Role.Should().Be("supervisor");
        decision.Empowerment.Rules.Should().Equal("first", "second", "third");
    }

    [Fact]
    public void Highest_limit_is_null_when_no_empowering_rule_gives_one()
    {
        var decision = Highest.Decide(Case("\"supervisorUnlimited\": true, \"teamLeadBare\": true"));

        decision.Empowerment!.Limit.Should().BeNull();
        decision.Empowerment.Actions.Should().Equal("call-back", "refund");
        decision.Raw("empowerment", "limit").Should().Be("null");
    }

    [Fact]
    public void Highest_limit_is_computed_from_the_case_and_rounded()
    {
        Highest.Decide(Case("\"dividedLimit\": true, \"orderValue\": 100, \"divisor\": 3")).Raw("empowerment", "limit").Should().Be("33.33");
    }

    [Fact]
    public void First_empowerment_is_the_first_empowering_rule_alone()
    {
        First.Decide(Case(FourRules)).Empowerment
            .Should().BeEquivalentTo(new EmpowermentDecision("frontline", 500m, ["refund", "replace"], ["frontline-big"]));
    }

    [Fact]
    public void First_empowerment_keeps_a_null_limit_rather_than_borrowing_one()
    {
        First.Decide(Case("\"supervisorUnlimited\": true, \"frontlineBig\": true")).Empowerment
            .Should().BeEquivalentTo(new EmpowermentDecision("frontline", 500m, ["refund", "replace"], ["frontline-big"]),
                "frontline-big comes first in file order");
        First.Decide(Case("\"supervisorUnlimited\": true, \"teamLeadBare\": true")).Empowerment
            .Should().BeEquivalentTo(new EmpowermentDecision("supervisor", null, ["call-back", "refund"], ["supervisor-unlimited"]));
    }

    [Fact]
    public void Limit_of_a_rule_that_first_drops_is_still_evaluated_so_its_division_by_zero_is_a_case_error()
    {
        var error = First.Reject(Case("\"frontlineBig\": true, \"dividedLimit\": true, \"divisor\": 0"));

        error.Id.Should().Be("RR0420");
        error.Message.Should().Contain("limit").And.Contain("divided-limit");
    }

    [Fact]
    public void Negative_limit_is_a_case_error_that_names_the_limit()
    {
        var error = Highest.Reject(Case("\"dividedLimit\": true, \"orderValue\": -30, \"divisor\": 1"));

        error.Id.Should().Be("RR0421");
        error.Message.Should().Contain("limit").And.Contain("divided-limit").And.Contain("-30.00");
    }

    [Theory]
    [InlineData("empowerment-first.policy.yaml")]
    [InlineData("empowerment-highest.policy.yaml")]
    public void Empowerment_is_null_when_no_matching_rule_empowers(string file)
    {
        var decision = Load(file).Decide(Case());

        decision.Empowerment.Should().BeNull();
        decision.Raw("empowerment").Should().Be("null");
    }
}
