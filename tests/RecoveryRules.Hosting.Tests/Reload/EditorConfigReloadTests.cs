using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RecoveryRules.Hosting.Reload;
using RecoveryRules.Hosting.Tests.Support;
using RecoveryRules.Yaml;

namespace RecoveryRules.Hosting.Tests.Reload;

/// <summary>
/// The <c>.editorconfig</c> files that govern a watched policy are watched with it (docs/embedding.md, "Reload"): the
/// policy's folder and every folder above. The policy has one warning, RR1001 (an unused define), which an
/// <c>.editorconfig</c> can make an error (the reload fails) or silence.
/// </summary>
public sealed class EditorConfigReloadTests
{
    private const string Policy = """
        policy: retail-recovery
        version: "1"
        currency: USD
        facts:
          orderValue: money
        define:
          majorCase: severity == major
        rules:
          - id: critical-refund
            when: severity == critical
            then:
              compensate:
                - refund: 100% of orderValue
        otherwise:
          escalate: { to: team-lead, within: 48h }
        """;

    private const string WarningIsError = """
        root = true

        [*.policy.yaml]
        recoveryrules_diagnostic.RR1001.severity = error
        """;

    private const string WarningIsSilenced = """
        root = true

        [*.policy.yaml]
        recoveryrules_diagnostic.RR1001.severity = none
        """;

    private const string OtherToolsOnly = """
        [*.md]
        indent_size = 2
        """;

    private static readonly string PolicyHash = PolicyYaml.Load(Policy).Identity.Hash;

    [Fact]
    public async Task An_editorconfig_created_beside_the_policy_that_makes_a_warning_an_error_fails_the_reload_until_it_is_changed_back()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Write("retail.policy.yaml", Policy);
        using IHost host = await StartAsync(file);
        IRecoveryEngine engine = host.Engine();
        using var failures = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), RecoveryRulesTelemetry.MeterName, "recoveryrules.reload_failures");
        engine.Policies.Single().Diagnostics.Should().ContainSingle(d => d.Id == "RR1001" && !d.IsError);

        folder.Write(".editorconfig", WarningIsError);
        await TestHost.EventuallyAsync(() => !engine.Policies.Single().IsHealthy, "the escalated warning fails the reload");

        PolicyStatus status = engine.Policies.Single();
        status.Identity.Hash.Should().Be(PolicyHash, "the last good policy stays in service");
        status.FailedReloadDiagnostics.Should().ContainSingle().Which.Should().Match<Diagnostics.Diagnostic>(d => d.Id == "RR1001" && d.IsError);
        engine.EvaluateJson(Case).IsDecision.Should().BeTrue();
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Unhealthy);
        host.Logs().GetSnapshot().Should().Contain(r => r.Id.Name == "PolicyReloadFailed" && r.Level == LogLevel.Error);
        failures.GetMeasurementSnapshot().Sum(m => m.Value).Should().BeGreaterThanOrEqualTo(1);

        folder.Replace(".editorconfig", WarningIsError.Replace("= error", "= warning", StringComparison.Ordinal));
        await TestHost.EventuallyAsync(() => engine.Policies.Single().IsHealthy, "the severity changed back is taken");

        engine.Policies.Single().Should().Match<PolicyStatus>(p => p.Identity.Hash == PolicyHash && p.FailedReloadDiagnostics.IsEmpty);
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task An_editorconfig_in_the_parent_folder_governs_the_policy_below()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Write("policies/retail.policy.yaml", Policy);
        using IHost host = await StartAsync(file);
        IRecoveryEngine engine = host.Engine();

        folder.Write(".editorconfig", WarningIsError);
        await TestHost.EventuallyAsync(() => !engine.Policies.Single().IsHealthy, "the parent's .editorconfig fails the reload");

        engine.Policies.Single().FailedReloadDiagnostics.Should().ContainSingle(d => d.Id == "RR1001" && d.IsError);
        engine.GetPolicy().Identity.Hash.Should().Be(PolicyHash);
    }

    [Fact]
    public async Task Deleting_an_editorconfig_that_silenced_a_warning_brings_the_warning_back_without_replacing_the_policy()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Write("retail.policy.yaml", Policy);
        string editorConfig = folder.Write(".editorconfig", WarningIsSilenced);
        using IHost host = await StartAsync(file);
        IRecoveryEngine engine = host.Engine();
        RecoveryPolicy before = engine.GetPolicy();
        PolicyStatus statusBefore = engine.Policies.Single();
        statusBefore.Diagnostics.Should().BeEmpty("the .editorconfig silences RR1001");

        File.Delete(editorConfig);
        await TestHost.EventuallyAsync(() => !engine.Policies.Single().Diagnostics.IsEmpty, "the deletion is seen");

        PolicyStatus status = engine.Policies.Single();
        status.Diagnostics.Should().ContainSingle(d => d.Id == "RR1001" && !d.IsError);
        status.IsHealthy.Should().BeTrue();
        status.LoadedAt.Should().Be(statusBefore.LoadedAt, "the policy in service is the same: only its warnings changed");
        engine.GetPolicy().Should().BeSameAs(before);
        // The warning is logged just after the status that shows it is published: wait for the log too.
        await TestHost.EventuallyAsync(
            () => host.Logs().GetSnapshot().Any(r => r.Id.Name == "PolicyDiagnostic" && r.Message.Contains("RR1001", StringComparison.Ordinal)),
            "the warning that came back is logged");
        host.Logs().GetSnapshot().Should().NotContain(r => r.Id.Name == "PolicyReloaded", "no new policy was put in service");
    }

    [Fact]
    public async Task An_editorconfig_change_that_changes_nothing_keeps_the_snapshot_and_logs_no_reload()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Write("retail.policy.yaml", Policy);
        using IHost host = await StartAsync(file);
        IRecoveryEngine engine = host.Engine();
        using var reloads = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), RecoveryRulesTelemetry.MeterName, "recoveryrules.reloads");
        RecoveryPolicy before = engine.GetPolicy();
        PolicyStatus statusBefore = engine.Policies.Single();
        int logsBefore = OwnLogs(host).Count;

        string editorConfig = folder.Write(".editorconfig", OtherToolsOnly);
        await TestHost.EventuallyAsync(() => ReloadedAfter(host, editorConfig), "the reload after the change");

        engine.GetPolicy().Should().BeSameAs(before);
        engine.Policies.Single().Should().Be(statusBefore);
        OwnLogs(host).Skip(logsBefore).Should().OnlyContain(r => r.Id.Name == "ReloadChecked", "a reload to the same policy is silent");
        reloads.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Fact]
    public async Task Without_ReadEditorConfig_an_editorconfig_is_neither_watched_nor_read()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Write("retail.policy.yaml", Policy);
        using IHost host = await StartAsync(file, options => options.ReaderOptions = new PolicyReaderOptions { ReadEditorConfig = false });
        IRecoveryEngine engine = host.Engine();
        Watcher(host).EditorConfigFolders.Should().BeEmpty();

        string editorConfig = folder.Write(".editorconfig", WarningIsError);
        // an edit of the policy itself is the control: once it is served, a reload for the .editorconfig would have run too
        folder.Replace("retail.policy.yaml", Policy.Replace("version: \"1\"", "version: \"2\"", StringComparison.Ordinal));
        await TestHost.EventuallyAsync(() => engine.GetPolicy().Identity.Version == "2", "the edited policy is served");

        engine.Policies.Single().IsHealthy.Should().BeTrue("the .editorconfig is not read");
        host.Logs().GetSnapshot().Should().NotContain(r => r.Message.Contains(editorConfig, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_editorconfig_in_an_unrelated_folder_does_not_reload_the_policy()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Write("policies/retail.policy.yaml", Policy);
        using IHost host = await StartAsync(file);
        IRecoveryEngine engine = host.Engine();
        Watcher(host).EditorConfigFolders.Should().Contain([folder.PathOf("policies"), folder.Root, Path.GetPathRoot(folder.Root)!])
            .And.NotContain(folder.PathOf("other"));

        string unrelated = folder.Write("other/.editorconfig", WarningIsError);
        // the control: a change above the policy, after the unrelated one
        string governing = folder.Write(".editorconfig", OtherToolsOnly);
        await TestHost.EventuallyAsync(() => ReloadedAfter(host, governing), "the reload for the governing .editorconfig");

        host.Logs().GetSnapshot().Should().NotContain(r => r.Message.Contains(unrelated, StringComparison.Ordinal));
        engine.Policies.Single().IsHealthy.Should().BeTrue();
    }

    [Fact]
    public async Task The_shadow_candidate_is_reloaded_when_its_editorconfig_changes()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Write("retail.policy.yaml", Policy);
        string candidate = folder.Write("candidates/retail.policy.yaml", Policy);
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyFile(file)
            .AddShadowPolicy("retail", candidate, 0.5)
            .WatchForChanges(watch => watch.Debounce = TimeSpan.FromMilliseconds(50)));
        IRecoveryEngine engine = host.Engine();

        folder.Write("candidates/.editorconfig", WarningIsError);
        await TestHost.EventuallyAsync(() => !engine.Policies.Single().IsHealthy, "the candidate's reload fails");

        engine.Policies.Single().FailedReloadDiagnostics.Should().ContainSingle(d => d.Id == "RR1001" && d.Location.Path == candidate);
    }

    [Fact]
    public async Task An_editorconfig_change_waits_for_the_debounce_on_the_options_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        using var folder = new PolicyDirectory();
        string file = folder.Write("retail.policy.yaml", Policy);
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyFile(file)
            .Configure(options => options.TimeProvider = clock)
            .WatchForChanges(watch => watch.Debounce = TimeSpan.FromMinutes(10)));
        IRecoveryEngine engine = host.Engine();

        folder.Write(".editorconfig", WarningIsError);
        // ten minutes of real time never pass in this test: only the fake clock can end the debounce
        await TestHost.EventuallyAsync(() =>
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            return !engine.Policies.Single().IsHealthy;
        }, "the failed reload after the fake clock passed the debounce");

        engine.GetPolicy().Identity.Hash.Should().Be(PolicyHash);
    }

    [Fact]
    public async Task Polling_sees_an_editorconfig_created_beside_the_policy()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Write("retail.policy.yaml", Policy);
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyFile(file)
            .WatchForChanges(watch =>
            {
                watch.UsePolling = true;
                watch.Debounce = TimeSpan.Zero;
            }));
        IRecoveryEngine engine = host.Engine();

        folder.Write(".editorconfig", WarningIsError);
        await TestHost.EventuallyAsync(() => !engine.Policies.Single().IsHealthy, "the polled .editorconfig fails the reload");

        engine.Policies.Single().FailedReloadDiagnostics.Should().ContainSingle(d => d.Id == "RR1001" && d.IsError);
    }

    private const string Case = """{"id":"c-1","severity":"critical","channel":"phone","delay":"3h","customer":{"tier":"gold","value":100},"orderValue":80}""";

    private static Task<IHost> StartAsync(string file, Action<RecoveryRulesOptions>? configure = null) =>
        TestHost.StartAsync(
            rules => rules
                .AddPolicyFile(file)
                .Configure(options => configure?.Invoke(options))
                .WatchForChanges(watch => watch.Debounce = TimeSpan.FromMilliseconds(50)),
            services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug)));

    private static PolicyWatcher Watcher(IHost host) => host.Services.GetServices<IHostedService>().OfType<PolicyWatcher>().Single();

    private static List<Microsoft.Extensions.Logging.Testing.FakeLogRecord> OwnLogs(IHost host) =>
        [.. host.Logs().GetSnapshot().Where(r => r.Category == "RecoveryRules.Hosting")];

    // The watcher's Debug message names the files whose change started a reload.
    private static bool ReloadedAfter(IHost host, string changed) =>
        host.Logs().GetSnapshot().Any(r => r.Id.Name == "ReloadChecked" && r.Message.Contains(changed, StringComparison.Ordinal));
}
