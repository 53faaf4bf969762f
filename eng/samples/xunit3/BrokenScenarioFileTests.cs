using RecoveryRules.Testing;
using Xunit;

namespace Retail.Tests;

public class BrokenScenarioFileTests
{
    // A scenario file that does not load is one failing test case listing its diagnostics.
    [Theory, PolicyScenarios("policies/broken.tests.yaml")]
    public void Broken(PolicyScenario scenario) => scenario.Verify();
}
