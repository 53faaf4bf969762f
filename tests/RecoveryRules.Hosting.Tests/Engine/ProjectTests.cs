namespace RecoveryRules.Hosting.Tests.Engine;

public sealed class ProjectTests
{
    [Fact]
    public void The_hosting_package_references_the_yaml_front_end() =>
        typeof(RecoveryRules.Yaml.PolicyYaml).Assembly.GetName().Name.Should().Be("RecoveryRules.Yaml");
}
