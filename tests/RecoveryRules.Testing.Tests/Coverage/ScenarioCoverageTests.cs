using RecoveryRules.Testing.Tests.Infrastructure;

namespace RecoveryRules.Testing.Tests.Coverage;

public sealed class ScenarioCoverageTests
{
    [Fact]
    public void Rules_conditions_targets_and_roles_not_exercised_are_listed()
    {
        var result = Suites.Load("coverage.tests.yaml").Run();
        result.Failed.Should().Be(0);

        var coverage = ScenarioCoverage.Measure([result]).Should().ContainSingle().Subject;

        coverage.Policy.Id.Should().Be("small");
        coverage.PolicyPath.Should().Be(result.Suite.PolicyPath);
        coverage.Scenarios.Should().Be(3);
        coverage.Rules.Should().Equal("critical", "late-phone", "social-minor", "after-stop");
        coverage.RulesNeverFired.Should().Equal("social-minor", "after-stop");
        coverage.RulesFired.Should().Be(2);
        coverage.RulesFiredPercent.Should().Be(50m);
        coverage.Conditions.Select(Name).Should().Equal(
            "critical#0 severity == critical", "late-phone#0 late", "late-phone#1 channel == phone",
            "social-minor#0 severity == minor", "social-minor#1 channel == social", "after-stop#0 severity == minor");
        coverage.ConditionsNeverTrue.Select(Name).Should().Equal(
            "social-minor#0 severity == minor", "social-minor#1 channel == social", "after-stop#0 severity == minor");
        coverage.ConditionsNeverFalse.Select(Name).Should().Equal(
            "late-phone#1 channel == phone", "social-minor#1 channel == social");
        coverage.EscalationTargetsNeverProduced.Should().Equal("retention");
        coverage.RolesNeverProduced.Should().BeEmpty();
    }

    [Fact]
    public void A_condition_is_located_in_the_policy_file()
    {
        var result = Suites.Load("coverage.tests.yaml").Run();

        var condition = ScenarioCoverage.Measure([result])[0].Conditions[0];

        condition.Location.Path.Should().Be(result.Suite.PolicyPath);
        (condition.Location.Line + 1, condition.Location.Column + 1).Should().Be((13, 11));
    }

    [Fact]
    public void Suites_of_the_same_policy_count_together()
    {
        var results = new[] { Suites.Load("coverage.tests.yaml").Run(), Suites.Load("coverage-more.tests.yaml").Run() };

        var coverage = ScenarioCoverage.Measure(results).Should().ContainSingle().Subject;

        coverage.Scenarios.Should().Be(4);
        coverage.RulesNeverFired.Should().Equal("after-stop");
        coverage.RulesFiredPercent.Should().Be(75m);
        coverage.ConditionsNeverTrue.Select(Name).Should().Equal("after-stop#0 severity == minor");
        coverage.ConditionsNeverFalse.Select(Name).Should().Equal("late-phone#1 channel == phone", "social-minor#1 channel == social");
        coverage.EscalationTargetsNeverProduced.Should().BeEmpty();
    }

    [Fact]
    public void Suites_of_different_policies_are_measured_apart_in_order()
    {
        var retail = ScenarioSuite.Load(RepositoryRoot.Combine("examples", "retail", "retail.tests.yaml")).Suite!.Run();
        var small = Suites.Load("coverage.tests.yaml").Run();

        var coverages = ScenarioCoverage.Measure([small, retail]);

        coverages.Select(c => c.Policy.Id).Should().Equal("small", "retail-recovery");
    }

    [Fact]
    public void The_retail_scenarios_fire_every_rule_and_make_every_condition_true_and_false()
    {
        var result = ScenarioSuite.Load(RepositoryRoot.Combine("examples", "retail", "retail.tests.yaml")).Suite!.Run();
        result.Results.Where(r => !r.Passed).Select(r => r.Describe()).Should().BeEmpty();

        var coverage = ScenarioCoverage.Measure([result])[0];

        coverage.RulesNeverFired.Should().BeEmpty();
        coverage.RulesFiredPercent.Should().Be(100m);
        coverage.ConditionsNeverTrue.Should().BeEmpty();
        coverage.ConditionsNeverFalse.Should().BeEmpty();
        coverage.EscalationTargetsNeverProduced.Should().BeEmpty();
        coverage.RolesNeverProduced.Should().BeEmpty();
    }

    [Fact]
    public void No_results_measure_nothing()
    {
        ScenarioCoverage.Measure([]).Should().BeEmpty();
    }

    private static string Name(PolicyCondition condition) => $"{condition.Rule}#{condition.Index} {condition.Text}";
}
