using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;
using RecoveryRules.Testing.Reading;
using RecoveryRules.Testing.Tests.Infrastructure;
using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Testing.Tests.Diagnostics;

/// <summary>
/// Checks the examples of the scenario-file sections (RR05xx) of docs/diagnostics.md: each bad scenario
/// file, loaded as <c>retail.tests.yaml</c> beside examples/retail/retail.policy.yaml, gives exactly the
/// output shown; each fixed one loads without any diagnostic and all its scenarios pass. A comment
/// <c>&lt;!-- check: policy-file=NAME --&gt;</c> makes the first yaml block the policy file NAME, written beside
/// the scenario file (the fixed block is then that policy, fixed). <c>RECOVERYRULES_ACCEPT=1</c> rewrites
/// the shown outputs from the actual ones.
/// </summary>
public sealed partial class ScenarioDiagnosticsDocumentationTests
{
    private const string ScenarioName = "retail.tests.yaml";

    public static TheoryData<string> ScenarioIds { get; } =
        [.. RecoveryDiagnostics.All.Where(d => d.Category == DiagnosticCategory.Scenario).Select(d => d.Id)];

    [Fact]
    public void Every_scenario_diagnostic_has_a_section()
    {
        var ids = DiagnosticsDocument.Sections().Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        RecoveryDiagnostics.All.Where(d => d.Category == DiagnosticCategory.Scenario).Select(d => d.Id).Where(id => !ids.Contains(id)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void Scenario_examples_give_the_documented_output(string id)
    {
        var section = DiagnosticsDocument.Sections().Single(s => s.Id == id);
        var descriptor = RecoveryDiagnostics.All.Single(d => d.Id == id);
        section.Lines.First(l => l.Length > 0).Should().StartWith($"**{descriptor.Title}** · {descriptor.DefaultSeverity.ToString().ToLowerInvariant()} · scenario");

        var policyFile = section.Check is { } check && PolicyFile().Match(check) is { Success: true } match ? match.Groups["name"].Value : null;
        var blocks = section.Blocks;
        var expected = policyFile is null ? new[] { "yaml", "text", "yaml" } : ["yaml", "yaml", "text", "yaml"];
        blocks.Select(b => b.Info).Should().Equal(expected, $"the {id} section has a bad scenario file{(policyFile is null ? string.Empty : " after its policy")}, its output and a fixed one");

        using var folder = new ScratchFolder();
        File.Copy(RepositoryRoot.Combine("examples", "retail", "retail.policy.yaml"), folder.Combine("retail.policy.yaml"));
        DocumentBlock bad, output, @fixed;
        if (policyFile is null)
        {
            (bad, output, @fixed) = (blocks[0], blocks[1], blocks[2]);
        }
        else
        {
            File.WriteAllText(folder.Combine(policyFile), blocks[0].Text);
            (bad, output, @fixed) = (blocks[1], blocks[2], blocks[3]);
        }

        var result = ScenarioFileReader.Read(ScenarioName, bad.Text, folder.Path, RecoveryPolicyOptions.Default);
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

        ScenarioSuiteLoadResult fixedResult;
        if (policyFile is null)
        {
            fixedResult = ScenarioFileReader.Read(ScenarioName, @fixed.Text, folder.Path, RecoveryPolicyOptions.Default);
        }
        else
        {
            File.WriteAllText(folder.Combine(policyFile), @fixed.Text);
            fixedResult = ScenarioFileReader.Read(ScenarioName, bad.Text, folder.Path, RecoveryPolicyOptions.Default);
        }

        fixedResult.Diagnostics.Select(d => d.ToString()).Should().BeEmpty($"the fixed example of {id} loads without any diagnostic");
        fixedResult.Suite!.Run().Results.Where(r => !r.Passed).Select(r => r.Describe()).Should().BeEmpty($"the scenarios of the fixed example of {id} pass");
    }

    [GeneratedRegex(@"policy-file=(?<name>[^\s]+)")]
    private static partial Regex PolicyFile();
}
