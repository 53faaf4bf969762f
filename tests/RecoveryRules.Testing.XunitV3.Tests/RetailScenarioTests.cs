namespace RecoveryRules.Testing.XunitV3.Tests;

// The kit used as users use it (docs/auditing.md, "A test kit for xUnit and FluentAssertions"): every
// scenario of the file is its own test case, named by the scenario; each case also checks its own name.
public sealed class RetailScenarioTests
{
    [Theory, PolicyScenarios("policies/retail.tests.yaml")]
    public void Retail(PolicyScenario scenario)
    {
        TestContext.Current.Test!.TestDisplayName.Should().Be($"Retail(scenario: {scenario.Name})");
        scenario.Verify();
    }

    [Theory(DisplayName = "Retail policy"), PolicyScenarios("policies/retail.tests.yaml")]
    public void Named_theory(PolicyScenario scenario)
    {
        TestContext.Current.Test!.TestDisplayName.Should().Be($"Retail policy(scenario: {scenario.Name})");
        scenario.Verify();
    }
}
