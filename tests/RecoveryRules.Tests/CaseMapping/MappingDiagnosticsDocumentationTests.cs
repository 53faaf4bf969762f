using System.Globalization;
using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.CaseMapping;

/// <summary>
/// Checks the typed-case-mapping sections (RR06xx) of docs/diagnostics.md, as the policy and case sections are
/// checked: each bad map (one of <see cref="Maps"/>, written here in C# as the section shows it) bound to the
/// retail example policy loaded as <c>policy.yaml</c> gives exactly the diagnostics shown, or, for RR0604, the
/// ticket c-1042 gives exactly the case error shown; each fixed map binds without any diagnostic and decides the
/// ticket. The section's C# blocks map the same facts as the test's maps. <c>RECOVERYRULES_ACCEPT=1</c> rewrites
/// the shown outputs from the actual ones.
/// </summary>
public sealed partial class MappingDiagnosticsDocumentationTests
{
    /// <summary>The CRM's own priority, which is not the severity scale (docs/embedding.md, "Typed case mapping").</summary>
    public enum Priority
    {
        Low,
        Normal,
        High,
        Urgent,
    }

    /// <summary>Where a ticket came from: the names are the policy's channels.</summary>
    public enum Source
    {
        Phone,
        Email,
        Chat,
    }

    /// <summary>The customer account of a ticket.</summary>
    public sealed record Account(string Tier, decimal LifetimeValue);

    /// <summary>The order of a ticket.</summary>
    public sealed record Order(decimal Total, int Items);

    /// <summary>The ticket of docs/embedding.md, "Typed case mapping".</summary>
    public sealed record Ticket(string Number, Priority Priority, Source Source, TimeSpan WaitingTime, Account? Account, Order Order, string FailureType, bool Proactive);

    /// <summary>The CRM's priority as a severity member.</summary>
    public static class Severities
    {
        public static string Of(Priority priority) => priority switch
        {
            Priority.Urgent => "critical",
            Priority.High => "major",
            Priority.Normal => "moderate",
            _ => "minor",
        };
    }

    private static readonly Ticket C1042 = new("c-1042", Priority.Urgent, Source.Phone, TimeSpan.FromHours(3), new Account("gold", 12000m), new Order(80m, 0), "technical", false);

    public static TheoryData<string> EmbeddingIds { get; } =
        [.. RecoveryDiagnostics.All.Where(d => d.Category == DiagnosticCategory.Embedding).Select(d => d.Id)];

    /// <summary>The bad and fixed maps of each section, as the section shows them.</summary>
    private static (CaseMap<Ticket> Bad, CaseMap<Ticket> Fixed) Maps(string id) => id switch
    {
        "RR0600" => (
            CaseMap<Ticket>.Create(m => m.Id(t => t.Number).Severity(t => Severities.Of(t.Priority)).Channel(t => t.Source).Delay(t => t.WaitingTime)
                .Fact("failureType", t => t.FailureType).Fact("proactive", t => t.Proactive)),
            CaseMap<Ticket>.Create(m => m.Id(t => t.Number).Severity(t => Severities.Of(t.Priority)).Channel(t => t.Source).Delay(t => t.WaitingTime)
                .Fact("orderValue", t => t.Order.Total).Fact("failureType", t => t.FailureType).Fact("proactive", t => t.Proactive))),
        "RR0601" => (
            CaseMap<Ticket>.Create(m => m.Severity(t => Severities.Of(t.Priority)).Channel(t => t.Source).Delay(t => t.WaitingTime)
                .Fact("ordervalue", t => t.Order.Total).Fact("failureType", t => t.FailureType).Fact("proactive", t => t.Proactive)),
            Fixed()),
        "RR0602" => (
            CaseMap<Ticket>.Create(m => m.Severity(t => Severities.Of(t.Priority)).Channel(t => t.Source).Delay(t => t.WaitingTime)
                .Fact("orderValue", t => t.Order.Total).Fact("failureType", t => t.FailureType).Fact("proactive", t => t.Order.Total)),
            Fixed()),
        "RR0603" => (
            CaseMap<Ticket>.Create(m => m.Severity(t => t.Priority).Channel(t => t.Source).Delay(t => t.WaitingTime)
                .Fact("orderValue", t => t.Order.Total).Fact("failureType", t => t.FailureType).Fact("proactive", t => t.Proactive)),
            Fixed()),
        "RR0604" => (
            CaseMap<Ticket>.Create(m => m.Id(t => t.Number).Severity(t => Severities.Of(t.Priority)).Channel(t => t.Source).Delay(t => t.WaitingTime)
                .Fact("orderValue", t => t.Order.Total / t.Order.Items).Fact("failureType", t => t.FailureType).Fact("proactive", t => t.Proactive)),
            CaseMap<Ticket>.Create(m => m.Id(t => t.Number).Severity(t => Severities.Of(t.Priority)).Channel(t => t.Source).Delay(t => t.WaitingTime)
                .Fact("orderValue", t => t.Order.Total).Fact("failureType", t => t.FailureType).Fact("proactive", t => t.Proactive))),
        _ => throw new InvalidOperationException($"No example maps for {id}; add them here and a section to docs/diagnostics.md."),
    };

    private static CaseMap<Ticket> Fixed() =>
        CaseMap<Ticket>.Create(m => m.Severity(t => Severities.Of(t.Priority)).Channel(t => t.Source).Delay(t => t.WaitingTime)
            .Fact("orderValue", t => t.Order.Total).Fact("failureType", t => t.FailureType).Fact("proactive", t => t.Proactive));

    [Fact]
    public void Every_mapping_diagnostic_has_a_section()
    {
        var ids = DiagnosticsDocument.Sections().Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        RecoveryDiagnostics.All.Where(d => d.Category == DiagnosticCategory.Embedding).Select(d => d.Id).Where(id => !ids.Contains(id)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(EmbeddingIds))]
    public void Mapping_examples_give_the_documented_output(string id)
    {
        var section = DiagnosticsDocument.Sections().Single(s => s.Id == id);
        var descriptor = RecoveryDiagnostics.All.Single(d => d.Id == id);
        section.Lines.First(l => l.Length > 0).Should().StartWith($"**{descriptor.Title}** · {descriptor.DefaultSeverity.ToString().ToLowerInvariant()} · embedding");
        var caseError = id == RecoveryDiagnostics.MappingFailed.Id;
        section.Blocks.Select(b => b.Info).Should().Equal(["csharp", caseError ? "json" : "text", "csharp"], $"the {id} section has a bad map, its {(caseError ? "case error" : "diagnostics")} and a fixed map");
        var (badBlock, output, fixedBlock) = (section.Blocks[0], section.Blocks[1], section.Blocks[2]);
        var (bad, @fixed) = Maps(id);
        MappedCalls(bad).Should().BeSubsetOf(MappedCalls(badBlock.Text), $"the bad map of {id} maps the facts the section shows").And.HaveCount(MappedCalls(badBlock.Text).Count);
        MappedCalls(@fixed).Should().BeSubsetOf(MappedCalls(fixedBlock.Text), $"the fixed map of {id} maps the facts the section shows").And.HaveCount(MappedCalls(fixedBlock.Text).Count);

        var policy = PolicyYaml.Compile(File.ReadAllText(RepositoryRoot.Combine("examples", "retail", "retail.policy.yaml")), "policy.yaml",
            policyOptions: new RecoveryPolicyOptions { TimeProvider = new FixedClock(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero)) }).GetPolicyOrThrow();
        string actual;
        if (caseError)
        {
            var result = bad.Bind(policy).EvaluateResult(C1042);
            result.Error!.Id.Should().Be(id);
            actual = result.ToJson();
        }
        else
        {
            bad.TryBind(policy, out _, out var diagnostics).Should().BeFalse();
            diagnostics.Should().Contain(d => d.Id == id, $"the bad example of {id} shows {id}");
            actual = string.Join("\n", diagnostics.Select(d => d.ToString()));
        }

        if (GoldenFiles.Accepting)
        {
            DiagnosticsDocument.Replace(output, actual);
        }
        else
        {
            actual.Should().Be(output.Text, $"the {id} section shows the exact output of its bad example; run with {GoldenFiles.AcceptVariable}=1 to rewrite it, then review");
        }

        @fixed.TryBind(policy, out var mapping, out var fixedDiagnostics).Should().BeTrue();
        fixedDiagnostics.Should().BeEmpty($"the fixed map of {id} binds without any diagnostic");
        mapping!.EvaluateResult(C1042).Error.Should().BeNull($"the fixed map of {id} decides the ticket");
    }

    /// <summary>What a map maps, as "Method:fact" (<c>Fact:orderValue</c>, <c>Severity:</c>): from a bound map, or from the C# text of one.</summary>
    private static HashSet<string> MappedCalls(CaseMap<Ticket> map) =>
        [.. map.Mapped.Select(f => f.Name switch
        {
            "id" => "Id:",
            "severity" => "Severity:",
            "channel" => "Channel:",
            "delay" => "Delay:",
            "occurredAt" => "OccurredAt:",
            var name => "Fact:" + name,
        })];

    private static HashSet<string> MappedCalls(string csharp) =>
        [.. MappingCall().Matches(csharp).Select(m => m.Groups["method"].Value + ":" + m.Groups["fact"].Value)];

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [GeneratedRegex(@"\.(?<method>Id|Severity|Channel|Delay|OccurredAt|Customer|Fact)\((""(?<fact>[^""]+)"")?")]
    private static partial Regex MappingCall();
}
