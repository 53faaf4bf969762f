using RecoveryRules.Yaml;

namespace Crm.Api.Tests;

/// <summary>The example service's retail policy is the retail example's (examples/retail), not a copy that drifts.</summary>
public sealed class PolicyCopyTests
{
    [Fact]
    public void The_services_retail_policy_is_the_retail_example()
    {
        string service = Path.Combine(Repository.Root, "examples", "Crm.Api", "policies", "retail.policy.yaml");
        string example = Path.Combine(Repository.Root, "examples", "retail", "retail.policy.yaml");

        PolicyYaml.LoadFile(service).Identity.Should().Be(PolicyYaml.LoadFile(example).Identity);
    }
}
