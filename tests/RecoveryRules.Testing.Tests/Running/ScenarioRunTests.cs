using RecoveryRules.Testing.Tests.Infrastructure;

namespace RecoveryRules.Testing.Tests.Running;

public sealed class ScenarioRunTests
{
    public static TheoryData<string> PassingScenarios { get; } =
        [.. Suites.Load("passing.tests.yaml").Scenarios.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(PassingScenarios))]
    public void Expectations_written_in_every_form_pass(string name)
    {
        var result = Suites.Run("passing.tests.yaml", name);

        result.Outcome.Should().Be(ScenarioOutcome.Passed, result.Describe());
        result.Passed.Should().BeTrue();
        result.Mismatches.Should().BeEmpty();
        result.Describe().Should().EndWith($": PASS {name}");
    }

    [Fact]
    public void A_suite_runs_every_scenario_in_file_order_and_counts_errors_as_failed()
    {
        var suite = Suites.Load("failing.tests.yaml");

        var result = suite.Run();

        result.Suite.Should().BeSameAs(suite);
        result.Results.Select(r => r.Scenario.Name).Should().Equal(suite.Scenarios.Select(s => s.Name));
        result.Passed.Should().Be(0);
        result.Failed.Should().Be(suite.Scenarios.Length);
        result.Results.Count(r => r.Outcome == ScenarioOutcome.Errored).Should().Be(1);
    }

    [Fact]
    public void Only_the_named_parts_are_compared_and_a_wrong_total_is_one_mismatch()
    {
        var result = Suites.Run("failing.tests.yaml", "wrong total");

        result.Outcome.Should().Be(ScenarioOutcome.Failed);
        result.Mismatches.Should().Equal(new ScenarioMismatch("compensation.total", "70.00 USD", "80.00 USD", null));
        result.Decision.Should().NotBeNull();
        result.Decision!.Explanation.Should().NotBeNull("scenarios evaluate with an explanation");
        result.Headline.Should().Be(Location("failing.tests.yaml", 4, 11) + ": FAIL wrong total: compensation.total: expected 70.00 USD, got 80.00 USD");
    }

    [Fact]
    public void Every_differing_part_is_a_mismatch_in_the_order_expect_names_them()
    {
        var result = Suites.Run("failing.tests.yaml", "wrong parts");

        result.Mismatches.Select(m => m.ToString()).Should().Equal(
            "compensation.capped: expected true, got false",
            "compensation.items: expected [refund 80.00 USD, apology], got [refund 80.00 USD]",
            "escalation.to: expected supervisor, got duty-manager",
            "escalation.within: expected 2h, got 1h",
            "empowerment.role: expected team-lead, got supervisor",
            "empowerment.limit: expected 50.00 USD, got 100.00 USD",
            "empowerment.actions: expected [refund], got [refund, replace]",
            "notes: expected [\"Call back tomorrow.\"], got [\"Call back today.\"]");
        result.Headline.Should().Contain("FAIL wrong parts: compensation.capped: expected true, got false; compensation.items: expected");
    }

    [Fact]
    public void None_expected_but_decided_and_decided_but_none_expected_are_mismatches()
    {
        Suites.Run("failing.tests.yaml", "expected none").Mismatches.Select(m => m.ToString()).Should().Equal(
            "escalation: expected none, got duty-manager within 1h",
            "empowerment: expected none, got supervisor up to 100.00 USD with [refund, replace]");
        Suites.Run("failing.tests.yaml", "expected something, got none").Mismatches.Select(m => m.ToString()).Should().Equal(
            "escalation: expected supervisor within 4h, got none",
            "empowerment: expected frontline, got none");
    }

    [Fact]
    public void An_expected_error_that_did_not_happen_fails()
    {
        var result = Suites.Run("failing.tests.yaml", "expected an error that did not happen");

        result.Outcome.Should().Be(ScenarioOutcome.Failed);
        result.Error.Should().BeNull();
        result.Decision.Should().NotBeNull();
        result.Mismatches.Select(m => m.ToString()).Should().Equal("error: expected RR0401, got no error");
    }

    [Fact]
    public void Another_error_than_the_one_expected_fails()
    {
        var result = Suites.Run("failing.tests.yaml", "another error than expected");

        result.Outcome.Should().Be(ScenarioOutcome.Failed);
        result.Error!.Id.Should().Be("RR0403");
        result.Mismatches.Should().ContainSingle().Which.Should().Be(new ScenarioMismatch(
            "error",
            "RR0401",
            "RR0403 (The case field 'severity' is 'urgent', which is not a member of scale 'severity'. Members: minor, moderate, major, critical)",
            null));
    }

    [Fact]
    public void A_case_error_when_none_is_expected_errs_at_the_name_with_the_error()
    {
        var result = Suites.Run("failing.tests.yaml", "an error nobody expected");

        result.Outcome.Should().Be(ScenarioOutcome.Errored);
        result.Passed.Should().BeFalse();
        result.Decision.Should().BeNull();
        result.Error!.Id.Should().Be("RR0401");
        result.Mismatches.Should().BeEmpty();
        result.Headline.Should().Be(Location("failing.tests.yaml", 46, 11) + ": ERROR an error nobody expected: RR0401: " + result.Error.Message);
        result.Describe().Should().Be(result.Headline, "an error has no decision to explain");
    }

    [Fact]
    public void An_expected_error_passes_and_keeps_the_error()
    {
        var result = Suites.Run("passing.tests.yaml", "an expected case error");

        result.Passed.Should().BeTrue();
        result.Error!.Id.Should().Be("RR0403");
        result.Decision.Should().BeNull();
    }

    [Fact]
    public void Verify_throws_the_description_for_a_failure_and_nothing_for_a_pass()
    {
        var failing = Suites.Load("failing.tests.yaml").Scenarios.Single(s => s.Name == "wrong total");
        var passing = Suites.Load("passing.tests.yaml").Scenarios.Single(s => s.Name == "total as a bare number");

        var verify = failing.Verify;

        var thrown = verify.Should().Throw<ScenarioFailedException>().Which;
        thrown.Message.Should().Be(failing.Run().Describe());
        thrown.Result!.Outcome.Should().Be(ScenarioOutcome.Failed);
        passing.Invoking(s => s.Verify()).Should().NotThrow();
    }

    [Fact]
    public void A_scenario_shows_as_its_name_and_knows_its_suite_and_location()
    {
        var suite = Suites.Load("failing.tests.yaml");
        var scenario = suite.Scenarios[1];

        scenario.ToString().Should().Be("wrong parts");
        scenario.Suite.Should().BeSameAs(suite);
        scenario.Location.Path.Should().Be(suite.Path);
        (scenario.Location.Line + 1, scenario.Location.Column + 1).Should().Be((9, 11));
        suite.PolicyPath.Should().Be(Path.Combine(Path.GetDirectoryName(suite.Path)!, "small.policy.yaml"));
        suite.Policy.Identity.Id.Should().Be("small");
    }

    [Fact]
    public void The_scenario_clock_is_the_evaluation_clock()
    {
        var suite = Suites.Load("passing.tests.yaml");

        var fileClock = suite.Scenarios.Single(s => s.Name == "occurredAt measured against the file's now").Run();
        var ownClock = suite.Scenarios.Single(s => s.Name == "occurredAt measured against the case's own now").Run();

        fileClock.Decision!.EvaluatedAt.Should().Be(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        ownClock.Decision!.EvaluatedAt.Should().Be(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_case_without_now_uses_the_clock_of_the_policy_options()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var load = ScenarioSuite.Load(Suites.DataPath("no-clock.tests.yaml"), new RecoveryPolicyOptions { TimeProvider = clock });

        var result = load.Suite!.Scenarios[0].Run();

        result.Passed.Should().BeTrue(result.Describe());
        result.Decision!.EvaluatedAt.Should().Be(clock.GetUtcNow());
    }

    [Fact]
    public void Suites_run_in_parallel_each_at_its_own_clock()
    {
        var suite = Suites.Load("passing.tests.yaml");

        var results = Enumerable.Range(0, 8).AsParallel().SelectMany(_ => suite.Run().Results).ToList();

        results.Should().OnlyContain(r => r.Passed);
    }

    [Fact]
    public void A_rule_expected_to_fire_that_did_not_says_which_condition_was_false()
    {
        var result = Suites.Run("failing.tests.yaml", "expected to fire but did not");

        result.Mismatches.Should().Equal(new ScenarioMismatch(
            "fired", "[late-phone]", "[]", "late-phone: channel == phone was false (channel is email)"));
        result.WhyLines.Should().Equal("late-phone: channel == phone was false (channel is email)");
    }

    [Fact]
    public void A_rule_that_fired_unexpectedly_says_why_it_fired()
    {
        var result = Suites.Run("failing.tests.yaml", "fired unexpectedly");

        result.Mismatches.Single().Why.Should().Be("critical: fired, every condition true (severity is critical)");
    }

    [Fact]
    public void A_rule_not_considered_names_the_rule_that_stopped()
    {
        var result = Suites.Run("failing.tests.yaml", "not considered after a stop");

        result.Mismatches.Select(m => m.ToString()).Should().Equal("fired: expected [social-minor, after-stop], got [social-minor]");
        result.WhyLines.Should().Equal("after-stop: not considered (social-minor stopped the rules after it)");
    }

    [Fact]
    public void Describe_gives_the_headline_the_why_lines_and_the_explanation_of_the_decision()
    {
        var result = Suites.Run("failing.tests.yaml", "expected to fire but did not");

        var lines = result.Describe().Split('\n');

        lines[0].Should().Be(Location("failing.tests.yaml", 16, 11) + ": FAIL expected to fire but did not: fired: expected [late-phone], got []");
        lines[1].Should().Be("    late-phone: channel == phone was false (channel is email)");
        lines[2].Should().Be("  how the policy decided:");
        string.Join("\n", lines[3..]).Should().Be(string.Join("\n", DecisionDisplay.Explain(result.Decision!).TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? l : "    " + l)));
    }

    private static string Location(string file, int line, int column) => $"{Suites.DataPath(file)}({line},{column})";
}
