using System.Globalization;
using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Diagnostics;

/// <summary>
/// Keeps docs/diagnostics.md and the descriptor table in sync, and checks every example in it:
/// a policy section's bad YAML gives exactly the output shown and its fixed YAML loads without any
/// diagnostic; a case section's bad case gives exactly the error shown and its fixed case a decision.
/// <c>RECOVERYRULES_ACCEPT=1</c> rewrites the shown outputs from the actual ones.
/// </summary>
public sealed partial class DiagnosticsDocumentationTests
{
    private static readonly DateTimeOffset Clock = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    // The opt-in coverage gaps are on for their own section.
    private static RecoveryPolicyOptions? PolicyOptions(string id) =>
        id == "RR1005" ? new RecoveryPolicyOptions { ReportCoverageGaps = true } : PolicyAssert.Analyzed;

    private static string DocumentPath => RepositoryRoot.Combine("docs", "diagnostics.md");

    public static TheoryData<string> PolicyIds { get; } =
        [.. RecoveryDiagnostics.All.Where(d => d.Category is not (DiagnosticCategory.Case or DiagnosticCategory.Scenario or DiagnosticCategory.Embedding)).Select(d => d.Id)];

    public static TheoryData<string> CaseIds { get; } =
        [.. RecoveryDiagnostics.All.Where(d => d.Category == DiagnosticCategory.Case).Select(d => d.Id)];

    [Fact]
    public void Every_descriptor_has_a_section_in_id_order_and_every_section_names_a_descriptor()
    {
        var sections = DiagnosticsDocument.Sections().Select(s => s.Id).ToList();
        sections.Should().Equal(RecoveryDiagnostics.All.Select(d => d.Id), "docs/diagnostics.md has one '## RRnnnn' section per descriptor, in id order");
    }

    [Fact]
    public void Every_section_opens_with_the_title_and_severity_of_its_descriptor()
    {
        var lines = DiagnosticsDocument.ReadLines();
        foreach (var section in DiagnosticsDocument.Sections(lines))
        {
            var descriptor = RecoveryDiagnostics.All.Single(d => d.Id == section.Id);
            var severity = descriptor.DefaultSeverity.ToString().ToLowerInvariant();
            section.Lines.First(l => l.Length > 0).Should().StartWith($"**{descriptor.Title}** · {severity} · ", $"the section of {section.Id} names its title and severity");
        }
    }

    [Fact]
    public void Every_diagnostic_id_in_the_source_is_documented()
    {
        var document = string.Join("\n", DiagnosticsDocument.ReadLines());
        var ids = Directory.EnumerateFiles(RepositoryRoot.Combine("src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => QuotedId().Matches(File.ReadAllText(path)).Select(m => m.Groups["id"].Value))
            .Distinct()
            .Order(StringComparer.Ordinal);
        ids.Where(id => !document.Contains($"## {id}", StringComparison.Ordinal)).Should().BeEmpty("every \"RRnnnn\" in src/ has its section in docs/diagnostics.md");
    }

    [Theory]
    [MemberData(nameof(PolicyIds))]
    public void Policy_examples_give_the_documented_output(string id)
    {
        var lines = DiagnosticsDocument.ReadLines();
        var section = DiagnosticsDocument.Sections(lines).Single(s => s.Id == id);
        var blocks = section.Blocks;
        blocks.Select(b => b.Info).Should().Equal(["yaml", "text", "yaml"], $"the {id} section has a bad policy, its output and a fixed policy");
        var (bad, output, @fixed) = (blocks[0], blocks[1], blocks[2]);
        var check = section.Check;

        if (check != "skip-bad")
        {
            var result = PolicyYaml.Compile(bad.Text, "policy.yaml", ReaderOptions(check), PolicyOptions(id));
            PolicyAssert.CheckMessages(result.Diagnostics);
            var actual = string.Join("\n", result.Diagnostics.Select(d => d.ToString()));
            result.Diagnostics.Should().Contain(d => d.Id == id, $"the bad example of {id} shows {id}");
            if (GoldenFiles.Accepting)
            {
                DiagnosticsDocument.Replace(output, actual);
            }
            else
            {
                actual.Should().Be(output.Text, $"the {id} section shows the exact output of its bad example; run with {GoldenFiles.AcceptVariable}=1 to rewrite it, then review");
            }
        }

        var fixedResult = PolicyYaml.Compile(@fixed.Text, "policy.yaml", ReaderOptions(check), PolicyOptions(id));
        fixedResult.Diagnostics.Select(d => d.ToString()).Should().BeEmpty($"the fixed example of {id} loads without any diagnostic");
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Case_examples_give_the_documented_error(string id)
    {
        var section = DiagnosticsDocument.Sections().Single(s => s.Id == id);
        var blocks = section.Blocks;
        var policyText = blocks[0].Info == "yaml" ? blocks[0].Text : File.ReadAllText(RepositoryRoot.Combine("examples", "retail", "retail.policy.yaml"));
        var cases = blocks.SkipWhile(b => b.Info == "yaml").ToList();
        cases.Select(b => b.Info).Should().Equal(["json", "json", "json"], $"the {id} section has a bad case, its error and a fixed case");
        var (bad, output, @fixed) = (cases[0], cases[1], cases[2]);

        var policy = PolicyYaml.Compile(policyText, "policy.yaml", policyOptions: new RecoveryPolicyOptions { TimeProvider = new FixedClock(Clock) });
        policy.Diagnostics.Should().BeEmpty($"the policy of the {id} example is clean");
        if (section.Check == "skip-bad")
        {
            // No case gives this error (RR0429: a defect); the shown error must still have the descriptor's shape.
            var descriptor = RecoveryDiagnostics.All.Single(d => d.Id == id);
            using var shown = System.Text.Json.JsonDocument.Parse(output.Text);
            var error = shown.RootElement.GetProperty("error");
            error.GetProperty("id").GetString().Should().Be(id);
            var pattern = "^" + Regex.Replace(Regex.Escape(descriptor.MessageFormat), @"\\\{\d+}", ".+") + "$";
            error.GetProperty("message").GetString().Should().MatchRegex(pattern, $"the {id} section shows a message of the descriptor's format");
            policy.Policy!.EvaluateJson(@fixed.Text).Error.Should().BeNull($"the fixed case of {id} evaluates");
            return;
        }

        var result = policy.Policy!.EvaluateJson(bad.Text);
        result.IsDecision.Should().BeFalse($"the bad case of {id} is an error");
        result.Error!.Id.Should().Be(id);
        result.Error.Message.Should().NotMatchRegex(@"\{\d+\}");
        var actual = result.ToJson();
        if (GoldenFiles.Accepting)
        {
            DiagnosticsDocument.Replace(output, actual);
        }
        else
        {
            actual.Should().Be(output.Text, $"the {id} section shows the exact error of its bad case; run with {GoldenFiles.AcceptVariable}=1 to rewrite it, then review");
        }

        var fixedResult = policy.Policy.EvaluateJson(@fixed.Text);
        fixedResult.Error.Should().BeNull($"the fixed case of {id} evaluates");
    }

    private static PolicyReaderOptions? ReaderOptions(string? check)
    {
        var options = PolicyReaderOptions.Default;
        foreach (Match setting in Setting().Matches(check ?? string.Empty))
        {
            var value = int.Parse(setting.Groups["value"].Value, CultureInfo.InvariantCulture);
            options = setting.Groups["name"].Value switch
            {
                "max-document-length" => options with { MaxDocumentLength = value },
                "max-depth" => options with { MaxDepth = value },
                var other => throw new InvalidOperationException($"Unknown check option '{other}'."),
            };
        }

        return options;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [GeneratedRegex(@"(?<name>[a-z-]+)=(?<value>\d+)")]
    private static partial Regex Setting();

    [GeneratedRegex("\"(?<id>RR\\d{4})\"")]
    private static partial Regex QuotedId();
}
