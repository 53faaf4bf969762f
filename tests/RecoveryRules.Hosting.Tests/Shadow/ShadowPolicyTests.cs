using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using RecoveryRules.Hosting.Tests.Support;
using RecoveryRules.Yaml;

namespace RecoveryRules.Hosting.Tests.Shadow;

public sealed class ShadowPolicyTests
{
    private static readonly string ActiveHash = PolicyYaml.Load(PolicyDirectory.Data("retail.policy.yaml")).Identity.Hash;
    private static readonly string CandidateHash = PolicyYaml.Load(PolicyDirectory.Data("retail-v2.policy.yaml")).Identity.Hash;

    [Fact]
    public async Task With_share_one_every_case_is_compared_and_each_difference_is_counted_and_logged_with_the_case_id()
    {
        using var folder = new PolicyDirectory();
        using ShadowHost shadow = await ShadowHost.StartAsync(folder, share: 1);

        for (var i = 0; i < 20; i++)
        {
            // the caller always gets the active policy's decision
            Decision decision = shadow.Engine.EvaluateJson(Case($"c-{i}", i % 2 == 0 ? "critical" : "minor")).Decision!;
            decision.Policy.Hash.Should().Be(ActiveHash);
            decision.Compensation.Total.Should().Be(i % 2 == 0 ? 80m : 0m);
        }

        shadow.Evaluations.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(20);
        IReadOnlyList<CollectedMeasurement<long>> differences = shadow.Differences.GetMeasurementSnapshot();
        differences.Should().NotBeEmpty().And.OnlyContain(m => (string?)m.Tags["recoveryrules.policy"] == "retail");
        differences.Should().Contain(m => (string?)m.Tags["recoveryrules.field"] == "compensation.total");
        differences.Where(m => (string?)m.Tags["recoveryrules.field"] == "compensation.total").Sum(m => m.Value).Should().Be(10, "the ten critical cases differ, the minor ones do not");

        IReadOnlyList<FakeLogRecord> logged = [.. shadow.Logs.GetSnapshot().Where(r => r.Id.Name == "ShadowDifference")];
        logged.Should().HaveCount(10);
        logged.Should().Contain(r => r.Message.Contains("case c-0:", StringComparison.Ordinal) && r.Message.Contains(CandidateHash, StringComparison.Ordinal)
            && r.Message.Contains("compensation.total: 80.00 -> 40.00", StringComparison.Ordinal));
        logged.Should().NotContain(r => r.Message.Contains("case c-1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_share_zero_no_case_is_compared()
    {
        using var folder = new PolicyDirectory();
        using ShadowHost shadow = await ShadowHost.StartAsync(folder, share: 0);

        for (var i = 0; i < 50; i++)
        {
            shadow.Engine.EvaluateJson(Case($"c-{i}", "critical")).Decision!.Compensation.Total.Should().Be(80m);
        }

        shadow.Evaluations.GetMeasurementSnapshot().Should().BeEmpty();
        shadow.Differences.GetMeasurementSnapshot().Should().BeEmpty();
        shadow.Engine.Policies.Single().Shadow!.Hash.Should().Be(CandidateHash, "the candidate is loaded, it just sees no case");
    }

    [Fact]
    public async Task With_share_one_half_the_cases_chosen_by_id_are_compared_and_the_same_id_gets_the_same_choice()
    {
        using var folder = new PolicyDirectory();
        using ShadowHost shadow = await ShadowHost.StartAsync(folder, share: 0.5);
        string[] ids = [.. Enumerable.Range(0, 1000).Select(i => $"ticket-{i}")];

        foreach (string id in ids)
        {
            shadow.Engine.EvaluateJson(Case(id, "critical"));
        }

        long compared = shadow.Evaluations.GetMeasurementSnapshot().Sum(m => m.Value);
        compared.Should().BeInRange(400, 600);
        var sampler = new ShadowSampler(0.5);
        compared.Should().Be(ids.Count(sampler.Includes), "the choice is the sampler's, by case id");

        shadow.Evaluations.Clear();
        foreach (string id in ids)
        {
            shadow.Engine.EvaluateJson(Case(id, "critical"));
        }

        shadow.Evaluations.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(compared, "the same ids get the same choice");
    }

    [Fact]
    public async Task Typed_cases_are_compared_through_the_candidates_own_mapping()
    {
        using var folder = new PolicyDirectory();
        using ShadowHost shadow = await ShadowHost.StartAsync(folder, share: 1, rules => rules.MapTickets());

        Decision decision = shadow.Engine.Evaluate(Ticket.Critical("t-42"));

        decision.Compensation.Total.Should().Be(80m);
        shadow.Evaluations.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(1);
        shadow.Logs.GetSnapshot().Should().ContainSingle(r => r.Id.Name == "ShadowDifference")
            .Which.Message.Should().Contain("case t-42:");
    }

    [Fact]
    public async Task A_candidate_that_cannot_evaluate_the_case_never_reaches_the_caller()
    {
        using var folder = new PolicyDirectory();
        // the candidate requires a fact the live cases do not give: a case error for it, a decision for the caller
        string candidate = folder.Write("candidate.policy.yaml", PolicyDirectory.Data("retail-v2.policy.yaml")
            .Replace("  orderValue: money", "  orderValue: money\n  proactive: bool", StringComparison.Ordinal));
        using ShadowHost shadow = await ShadowHost.StartAsync(folder, share: 1, candidatePath: candidate);

        CaseResult result = shadow.Engine.EvaluateJson(Case("c-9", "critical"));

        result.Decision!.Compensation.Total.Should().Be(80m);
        shadow.Evaluations.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(1);
        shadow.Logs.GetSnapshot().Should().ContainSingle(r => r.Id.Name == "ShadowDifference")
            .Which.Message.Should().Contain("case c-9:");
    }

    [Fact]
    public async Task Without_a_candidate_nothing_is_compared()
    {
        using IHost host = await TestHost.StartAsync(rules => rules.AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml")));
        using var evaluations = new MetricCollector<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            RecoveryRulesTelemetry.MeterName, "recoveryrules.shadow.evaluations");

        host.Engine().EvaluateJson(Case("c-1", "critical")).IsDecision.Should().BeTrue();

        evaluations.GetMeasurementSnapshot().Should().BeEmpty();
        host.Engine().Policies.Single().Shadow.Should().BeNull();
    }

    [Fact]
    public async Task The_candidate_file_is_watched_and_reloaded()
    {
        using var folder = new PolicyDirectory();
        using ShadowHost shadow = await ShadowHost.StartAsync(folder, share: 1, rules => rules.WatchForChanges(w => w.Debounce = TimeSpan.FromMilliseconds(50)));

        folder.Replace("candidate.policy.yaml", PolicyDirectory.Data("retail.policy.yaml"));
        await TestHost.EventuallyAsync(() => shadow.Engine.Policies.Single().Shadow!.Hash == ActiveHash, "the edited candidate is in service");
        shadow.Differences.Clear();
        shadow.Engine.EvaluateJson(Case("c-1", "critical"));

        shadow.Differences.GetMeasurementSnapshot().Should().BeEmpty("the candidate is now the same policy");
        folder.Replace("candidate.policy.yaml", PolicyDirectory.Data("retail-broken.policy.yaml"));
        await TestHost.EventuallyAsync(() => !shadow.Engine.Policies.Single().IsHealthy, "the broken candidate is reported");
        shadow.Engine.Policies.Single().Shadow!.Hash.Should().Be(ActiveHash, "the last good candidate stays");
        shadow.Engine.Policies.Single().Identity.Hash.Should().Be(ActiveHash);
    }

    private static string Case(string id, string severity) =>
        $$"""{"id":"{{id}}","severity":"{{severity}}","channel":"phone","delay":"3h","customer":{"tier":"gold","value":100},"orderValue":80}""";

    /// <summary>The active retail policy with the v2 candidate (or the one given), and collectors of its shadow metrics and logs.</summary>
    private sealed class ShadowHost : IDisposable
    {
        private readonly IHost _host;

        private ShadowHost(IHost host)
        {
            _host = host;
            var meters = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
            Evaluations = new MetricCollector<long>(meters, RecoveryRulesTelemetry.MeterName, "recoveryrules.shadow.evaluations");
            Differences = new MetricCollector<long>(meters, RecoveryRulesTelemetry.MeterName, "recoveryrules.shadow.differences");
        }

        public IRecoveryEngine Engine => _host.Engine();

        public MetricCollector<long> Evaluations { get; }

        public MetricCollector<long> Differences { get; }

        public FakeLogCollector Logs => _host.Logs();

        public static async Task<ShadowHost> StartAsync(PolicyDirectory folder, double share, Action<RecoveryRulesBuilder>? more = null, string? candidatePath = null)
        {
            string active = folder.Copy("retail.policy.yaml", "retail.policy.yaml");
            string candidate = candidatePath ?? folder.Copy("retail-v2.policy.yaml", "candidate.policy.yaml");
            IHost host = await TestHost.StartAsync(rules =>
            {
                rules.AddPolicyFile(active).AddShadowPolicy("retail", candidate, share);
                more?.Invoke(rules);
            });
            return new ShadowHost(host);
        }

        public void Dispose()
        {
            Evaluations.Dispose();
            Differences.Dispose();
            _host.Dispose();
        }
    }
}
