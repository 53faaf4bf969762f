namespace Crm.Api.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void The_example_service_is_an_assembly_of_its_own() =>
        typeof(Program).Assembly.GetName().Name.Should().Be("Crm.Api");
}
