using Crm.Api.Load;
using static Crm.Api.Tests.Http;

namespace Crm.Api.Tests;

/// <summary>The load client (examples/Crm.Api.Load), briefly, against the real service with a reload in the middle.</summary>
public sealed class LoadRunTests
{
    [Fact]
    public async Task A_short_load_run_with_a_policy_edit_at_half_time_gets_no_failed_response_and_the_new_hash()
    {
        using var policies = new PolicyFolder();
        string original = File.ReadAllText(policies.Retail);
        await using var service = await LiveService.StartAsync(policies);

        LoadReport report = await LoadRun.RunAsync(new LoadOptions(service.Address, TimeSpan.FromSeconds(4), Connections: 4, policies.Retail, Warmup: TimeSpan.FromSeconds(1)), Cancel);

        report.Requests.Should().BePositive();
        report.WarmupRequests.Should().BePositive();
        report.WarmupFailures.Should().Be(0);
        report.NonSuccess.Should().Be(0);
        report.TransportErrors.Should().Be(0);
        report.Statuses.Keys.Should().Equal(200);
        report.EditedAt.Should().NotBeNull();
        report.NewHashAt.Should().NotBeNull().And.BeGreaterThan(report.EditedAt!.Value);
        report.Hashes.Select(h => h.Key).Where(h => h.StartsWith("retail-recovery ", StringComparison.Ordinal)).Should().HaveCount(2);
        report.Hashes.Select(h => h.Key).Where(h => h.StartsWith("retail-recovery-eu ", StringComparison.Ordinal)).Should().ContainSingle();
        report.Passed.Should().BeTrue();
        File.ReadAllText(policies.Retail).Should().Be(original, "the load run puts the policy back");
    }

    [Fact]
    public async Task A_load_run_longer_than_a_minute_is_refused()
    {
        Func<Task> run = () => LoadRun.RunAsync(new LoadOptions(new Uri("http://127.0.0.1:1/"), TimeSpan.FromSeconds(56), 1, null, Warmup: TimeSpan.FromSeconds(5)), Cancel);

        (await run.Should().ThrowAsync<ArgumentException>()).WithMessage("The duration (with the warm-up) must be more than 0 and at most 60 s, not 61 s.*");
    }

    [Fact]
    public async Task A_load_run_against_another_machine_is_refused()
    {
        Func<Task> run = () => LoadRun.RunAsync(new LoadOptions(new Uri("http://192.0.2.1:5080/"), TimeSpan.FromSeconds(1), 1, null), Cancel);

        (await run.Should().ThrowAsync<ArgumentException>()).WithMessage("The service must be on this machine*");
    }
}
