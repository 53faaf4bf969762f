using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RecoveryRules.Hosting.Tests.Support;
using RecoveryRules.Yaml;

namespace RecoveryRules.Hosting.Tests.Reload;

public sealed class HotReloadTests
{
    private const string CriticalCase = """{"id":"c-1","severity":"critical","channel":"phone","delay":"3h","customer":{"tier":"gold","value":100},"orderValue":80}""";

    private static readonly string OldHash = Hash("retail.policy.yaml");
    private static readonly string NewHash = Hash("retail-v2.policy.yaml");

    [Fact]
    public async Task An_edit_while_eight_threads_evaluate_swaps_the_whole_policy_without_a_failed_evaluation()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyFile(file)
            .MapTickets()
            .WatchForChanges(watch => watch.Debounce = TimeSpan.FromMilliseconds(50)));
        IRecoveryEngine engine = host.Engine();
        var seen = new ConcurrentDictionary<(string Hash, decimal Total), long>();
        var failures = new ConcurrentQueue<string>();
        long newDecisions = 0;
        using var stop = new CancellationTokenSource();

        Task[] evaluators = [.. Enumerable.Range(0, 8).Select(thread => Task.Factory.StartNew(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    // half typed tickets, half JSON: both paths read one snapshot per call
                    Decision decision = i % 2 == 0
                        ? engine.Evaluate(Ticket.Critical($"t-{thread}-{i}"))
                        : engine.EvaluateJson(CriticalCase).Decision ?? throw new InvalidOperationException("case error");
                    seen.AddOrUpdate((decision.Policy.Hash, decision.Compensation.Total), 1, (_, n) => n + 1);
                    if (decision.Policy.Hash == NewHash)
                    {
                        Interlocked.Increment(ref newDecisions);
                    }
                }
#pragma warning disable CA1031 // every failure is counted: the test asserts there are none
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    failures.Enqueue(exception.GetType().Name + ": " + exception.Message);
                }
            }
        }, TaskCreationOptions.LongRunning))];

        await TestHost.EventuallyAsync(() => seen.Values.Sum() > 200 || !failures.IsEmpty, "the threads evaluate");
        File.WriteAllText(file, PolicyDirectory.Data("retail-v2.policy.yaml"));
        await TestHost.EventuallyAsync(() => Interlocked.Read(ref newDecisions) > 200 || !failures.IsEmpty, "decisions of the edited policy");
        await stop.CancelAsync();
        await Task.WhenAll(evaluators);

        failures.Should().BeEmpty();
        seen.Keys.Should().BeSubsetOf([(OldHash, 80m), (NewHash, 40m)], "each decision is wholly the old policy or wholly the new one");
        seen.Keys.Should().Contain((NewHash, 40m));
        engine.GetPolicy().Identity.Hash.Should().Be(NewHash);
        engine.Policies.Single().Should().Match<PolicyStatus>(p => p.IsHealthy && p.Identity.Version == "2");
    }

    [Fact]
    public async Task A_broken_edit_keeps_the_last_good_policy_and_reports_unhealthy_until_a_good_edit()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyFile(file)
            .WatchForChanges(watch => watch.Debounce = TimeSpan.FromMilliseconds(50)));
        IRecoveryEngine engine = host.Engine();
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);

        folder.Replace("retail.policy.yaml", PolicyDirectory.Data("retail-broken.policy.yaml"));
        await TestHost.EventuallyAsync(() => !engine.Policies.Single().IsHealthy, "the broken edit is reported");

        PolicyStatus status = engine.Policies.Single();
        status.Identity.Hash.Should().Be(OldHash);
        status.FailedReloadDiagnostics.Select(d => d.ToString()).Should().Equal(
            $"{file}(9,23): error RR0201: 'critcal' is not a fact, define or member of scale 'severity' (did you mean 'critical'?)");
        engine.EvaluateJson(CriticalCase).Decision!.Policy.Hash.Should().Be(OldHash);
        HealthReport report = await host.HealthAsync();
        report.Status.Should().Be(HealthStatus.Unhealthy);
        report.Entries["recoveryrules"].Description.Should().Be($"policy 'retail' failed to reload with 1 error(s), {OldHash} stays in service");
        report.Entries["recoveryrules"].Data["retail.errors"].Should().BeEquivalentTo(new[]
        {
            $"{file}(9,23): error RR0201: 'critcal' is not a fact, define or member of scale 'severity' (did you mean 'critical'?)",
        });
        var logs = host.Logs().GetSnapshot();
        logs.Should().Contain(r => r.Level == LogLevel.Error && r.Message.Contains("was not reloaded", StringComparison.Ordinal));
        logs.Should().Contain(r => r.Message.Contains($"{file}(9,23): error RR0201:", StringComparison.Ordinal));

        folder.Replace("retail.policy.yaml", PolicyDirectory.Data("retail-v2.policy.yaml"));
        await TestHost.EventuallyAsync(() => engine.Policies.Single().IsHealthy, "the good edit is taken");

        engine.EvaluateJson(CriticalCase).Decision!.Policy.Hash.Should().Be(NewHash);
        engine.Policies.Single().FailedReloadDiagnostics.Should().BeEmpty();
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task A_mapping_that_no_longer_fits_an_edited_policy_keeps_the_last_good_one()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyFile(file)
            .MapTickets()
            .WatchForChanges(watch => watch.Debounce = TimeSpan.FromMilliseconds(50)));
        IRecoveryEngine engine = host.Engine();

        // the edit renames the fact the ticket maps: the policy compiles, the mapping no longer binds
        folder.Replace("retail.policy.yaml", PolicyDirectory.Data("retail-v2.policy.yaml").Replace("orderValue", "orderTotal", StringComparison.Ordinal));
        await TestHost.EventuallyAsync(() => !engine.Policies.Single().IsHealthy, "the mapping's failure is reported");

        engine.Policies.Single().FailedReloadDiagnostics.Should().NotBeEmpty().And.OnlyContain(d => d.Id.StartsWith("RR06", StringComparison.Ordinal));
        engine.Evaluate(Ticket.Critical()).Policy.Hash.Should().Be(OldHash);
    }

    [Fact]
    public async Task An_edit_of_one_file_of_a_folder_reloads_that_policy_alone()
    {
        using var folder = new PolicyDirectory();
        folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        folder.Copy("outlet.policy.yaml", "outlet.policy.yaml");
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyFolder(folder.Root)
            .WatchForChanges(watch => watch.Debounce = TimeSpan.FromMilliseconds(50)));
        IRecoveryEngine engine = host.Engine();
        PolicyStatus outletBefore = engine.Policies.Single(p => p.Name == "outlet");

        folder.Replace("retail.policy.yaml", PolicyDirectory.Data("retail-v2.policy.yaml"));
        await TestHost.EventuallyAsync(() => engine.GetPolicy("retail").Identity.Hash == NewHash, "the edited policy is served");

        engine.Policies.Single(p => p.Name == "outlet").Should().Be(outletBefore);
        engine.EvaluateJson(CriticalCase, "outlet").Decision!.Compensation.Total.Should().Be(20m);
    }

    [Fact]
    public async Task Polling_sees_a_ConfigMap_style_symlink_swap()
    {
        using var folder = new PolicyDirectory();
        folder.Copy("retail.policy.yaml", "..2026_12_06_10_00_00.1/retail.policy.yaml");
        File.CreateSymbolicLink(folder.PathOf("..data"), "..2026_12_06_10_00_00.1");
        string file = folder.PathOf("retail.policy.yaml");
        File.CreateSymbolicLink(file, "..data/retail.policy.yaml");
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyFile(file)
            .WatchForChanges(watch =>
            {
                watch.UsePolling = true;
                watch.Debounce = TimeSpan.Zero;
            }));
        IRecoveryEngine engine = host.Engine();
        engine.GetPolicy().Identity.Hash.Should().Be(OldHash);

        // as the kubelet does: a new payload folder, a new link beside ..data, renamed over it in one step
        folder.Copy("retail-v2.policy.yaml", "..2026_12_06_10_05_00.2/retail.policy.yaml");
        File.CreateSymbolicLink(folder.PathOf("..data_tmp"), "..2026_12_06_10_05_00.2");
        Rename(folder.PathOf("..data_tmp"), folder.PathOf("..data"));
        Directory.Delete(folder.PathOf("..2026_12_06_10_00_00.1"), recursive: true);

        await TestHost.EventuallyAsync(() => engine.GetPolicy().Identity.Hash == NewHash, "the swapped policy is served", TimeSpan.FromSeconds(30));
        engine.EvaluateJson(CriticalCase).Decision!.Compensation.Total.Should().Be(40m);
    }

    [Fact]
    public async Task The_debounce_runs_on_the_options_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        using var folder = new PolicyDirectory();
        string file = folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyFile(file)
            .Configure(options => options.TimeProvider = clock)
            .WatchForChanges(watch => watch.Debounce = TimeSpan.FromMinutes(10)));
        IRecoveryEngine engine = host.Engine();
        engine.Policies.Single().LoadedAt.Should().Be(clock.GetUtcNow());

        folder.Replace("retail.policy.yaml", PolicyDirectory.Data("retail-v2.policy.yaml"));
        // ten minutes of real time never pass in this test: only the fake clock can end the debounce
        await TestHost.EventuallyAsync(() =>
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            return engine.GetPolicy().Identity.Hash == NewHash;
        }, "the reload after the fake clock passed the debounce");

        engine.Policies.Single().LoadedAt.Should().BeAfter(new DateTimeOffset(2026, 12, 6, 9, 9, 0, TimeSpan.Zero));
        engine.EvaluateJson(CriticalCase).Decision!.EvaluatedAt.Should().Be(clock.GetUtcNow(), "the policies use the options' clock too");
    }

    private static string Hash(string dataFile) =>
        PolicyYaml.Load(PolicyDirectory.Data(dataFile)).Identity.Hash;

    private static void Rename(string source, string destination)
    {
        // rename(2) of the link itself, atomic, as Kubernetes' AtomicWriter does (File.Move would follow the link)
        using Process mv = Process.Start(new ProcessStartInfo("mv", ["-T", source, destination]) { UseShellExecute = false })!;
        mv.WaitForExit();
        mv.ExitCode.Should().Be(0);
    }
}
