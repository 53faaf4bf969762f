using RecoveryRules.Diagnostics;

namespace RecoveryRules.Yaml.Tests.EditorConfig;

/// <summary>
/// <c>.editorconfig</c> files give analyzer severities to the policies <see cref="PolicyYaml.CompileFile"/>
/// reads (docs/policy-language.md §16): the nearest file wins, <c>root = true</c> stops the search,
/// sections match the policy file by glob, the policy's own <c>diagnostics:</c> wins over them, and
/// their mistakes are reported at their own path, line and column. The data folder's top
/// <c>.editorconfig</c> says <c>root = true</c>, so nothing above the test output applies.
/// </summary>
public sealed class EditorConfigSeverityTests
{
    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "EditorConfig", "Data");

    private static readonly RecoveryPolicyOptions Analyzed = new() { Analyze = true };

    private static PolicyCompilationResult CompileFile(string relative, PolicyReaderOptions? readerOptions = null) =>
        PolicyYaml.CompileFile(Path.Combine(Data, relative), readerOptions, Analyzed);

    private static IEnumerable<string> Shown(PolicyCompilationResult result) =>
        result.Diagnostics.Select(d => $"{d.Id} {d.Severity} ({d.Location.Span.Start})");

    [Fact]
    public void Sections_matching_the_policy_file_set_severities()
    {
        var result = CompileFile("never.policy.yaml");

        Shown(result).Should().Equal("RR1003 Error (5,5)");
        result.Success.Should().BeFalse("RR1003 is an error for *.policy.yaml, and RR1004 none for every file");
    }

    [Fact]
    public void The_nearest_file_wins_and_the_farther_ones_fill_in()
    {
        Shown(CompileFile(Path.Combine("nested", "never.policy.yaml"))).Should().Equal("RR1003 Info (5,5)");
    }

    [Fact]
    public void Keys_and_values_compare_without_case_as_editorconfig_keys_do()
    {
        Shown(CompileFile(Path.Combine("nested", "other.policy.yaml"))).Should().Equal("RR1003 Warning (5,5)");
    }

    [Fact]
    public void The_policys_own_diagnostics_key_wins_over_every_editorconfig()
    {
        Shown(CompileFile(Path.Combine("nested", "policy-wins.policy.yaml"))).Should().Equal("RR1003 Warning (6,5)");
    }

    [Fact]
    public void Root_true_stops_the_search_for_files_further_up()
    {
        Shown(CompileFile(Path.Combine("rooted", "never.policy.yaml"))).Should().Equal("RR1003 Info (5,5)", "RR1004 Warning (9,11)");
    }

    [Fact]
    public void Mistakes_in_an_editorconfig_are_reported_at_its_path_line_and_column()
    {
        var editorConfig = Path.Combine(Data, "broken", ".editorconfig");

        var result = CompileFile(Path.Combine("broken", "never.policy.yaml"));

        result.Success.Should().BeFalse();
        var lines = result.Diagnostics.Select(d => d.ToString()).ToList();
        // The analysis runs only on a policy without errors, so the policy's own warnings wait for these to be fixed.
        lines.Should().HaveCount(4);
        lines[0].Should().Be($"{editorConfig}(4,26): error RR0031: RR0201 (Unknown name) is reported by the compiler and cannot be given a severity; only the analyzers' diagnostics, RR1000 and up, can");
        lines[1].Should().StartWith($"{editorConfig}(5,26): error RR0030: 'RR9999' is not the id of a diagnostic");
        lines[2].Should().Be($"{editorConfig}(6,44): error RR0010: 'eror' is not a valid severity (did you mean 'error'?). Expected one of: error, warning, info, none");
        lines[3].Should().StartWith($"{editorConfig}(7,3): error RR0006: 'recoveryrules_diagnostics.RR1004.severity' is not a key of an .editorconfig section for RecoveryRules. Expected one of: recoveryrules_diagnostic.RRnnnn.severity");
    }

    [Fact]
    public void A_relative_policy_path_gives_editorconfig_paths_as_a_terminal_can_open_them()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(Data, "broken", "never.policy.yaml"));

        var result = PolicyYaml.CompileFile(relative, policyOptions: Analyzed);

        var path = result.Diagnostics[0].Location.Path;
        path.Replace('\\', '/').Should().EndWith("broken/.editorconfig");
        File.Exists(path).Should().BeTrue($"'{path}' names the file from the current folder, {Environment.CurrentDirectory}");
    }

    [Fact]
    public void Compiling_text_reads_no_editorconfig_even_with_the_files_path()
    {
        var path = Path.Combine(Data, "never.policy.yaml");

        var result = PolicyYaml.Compile(File.ReadAllText(path), path, policyOptions: Analyzed);

        Shown(result).Should().Equal("RR1003 Warning (5,5)", "RR1004 Warning (9,11)");
    }

    [Fact]
    public void A_host_can_turn_the_editorconfig_off()
    {
        var result = CompileFile("never.policy.yaml", PolicyReaderOptions.Default with { ReadEditorConfig = false });

        Shown(result).Should().Equal("RR1003 Warning (5,5)", "RR1004 Warning (9,11)");
    }

    [Fact]
    public void Loading_a_file_applies_its_editorconfig()
    {
        var load = () => PolicyYaml.LoadFile(Path.Combine(Data, "never.policy.yaml"), Analyzed);

        load.Should().Throw<PolicyCompilationException>().Which.Diagnostics.Should().ContainSingle(d => d.Id == "RR1003" && d.Severity == DiagnosticSeverity.Error);
    }
}
