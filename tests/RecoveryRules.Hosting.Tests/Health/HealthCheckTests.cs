using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using RecoveryRules.Hosting.Tests.Support;

namespace RecoveryRules.Hosting.Tests.Health;

public sealed class HealthCheckTests
{
    [Fact]
    public async Task A_healthy_check_names_each_policys_hash_in_service()
    {
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"))
            .AddPolicyText("outlet", PolicyDirectory.Data("outlet.policy.yaml")));

        HealthReportEntry entry = (await host.HealthAsync()).Entries["recoveryrules"];

        entry.Status.Should().Be(HealthStatus.Healthy);
        entry.Description.Should().Be("2 policies in service.");
        entry.Data.Should().BeEquivalentTo(new Dictionary<string, object>
        {
            ["retail"] = host.Engine().GetPolicy("retail").Identity.Hash,
            ["outlet"] = host.Engine().GetPolicy("outlet").Identity.Hash,
        });
    }

    [Fact]
    public async Task A_failed_reload_reports_the_chosen_failure_status()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        using IHost host = await TestHost.StartAsync(
            rules => rules.AddPolicyFile(file).WatchForChanges(watch => watch.Debounce = TimeSpan.Zero),
            services => services.AddHealthChecks().AddRecoveryRules("policies", HealthStatus.Degraded, ["ready"]));

        folder.Replace("retail.policy.yaml", PolicyDirectory.Data("retail-broken.policy.yaml"));
        await TestHost.EventuallyAsync(() => !host.Engine().Policies.Single().IsHealthy, "the broken edit is reported");

        HealthReport report = await host.HealthAsync();
        report.Entries["policies"].Status.Should().Be(HealthStatus.Degraded);
        report.Entries["policies"].Tags.Should().Equal("ready");
        report.Entries["recoveryrules"].Status.Should().Be(HealthStatus.Unhealthy, "the default check reports Unhealthy");
    }

    [Fact]
    public async Task The_check_without_AddRecoveryRules_is_unhealthy_and_says_what_is_missing()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddHealthChecks().AddRecoveryRules();
        using IHost host = builder.Build();

        HealthReportEntry entry = (await host.HealthAsync()).Entries["recoveryrules"];

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Description.Should().Be("AddHealthChecks().AddRecoveryRules() needs services.AddRecoveryRules(…): no recovery engine is registered.");
    }
}
