using System.Text.Json;

namespace RecoveryRules.Cli.Tests.Output;

/// <summary><c>check --format sarif</c>: a SARIF 2.1.0 log valid against the official schema, with exact ids, places and rule metadata.</summary>
public sealed class SarifReportTests
{
    [Fact]
    public async Task Sarif_of_several_policies_with_errors_and_warnings_is_valid_against_the_official_schema()
    {
        var run = await CliRun.RunAsync("check", "--format", "sarif",
            TestData.Path("bad.policy.yaml"), TestData.Path("warning.policy.yaml"), TestData.Retail, TestData.Path("never-matches.policy.yaml"));

        run.ExitCode.Should().Be(1);
        run.Stderr.Should().BeEmpty();
        SarifSchema.Errors(run.Stdout).Should().BeEmpty();
    }

    [Theory]
    [InlineData("\"level\": \"error\"", "\"level\": \"info\"")]
    [InlineData("\"startLine\": 1", "\"startLine\": 0")]
    [InlineData("\"version\": \"2.1.0\"", "\"version\": \"2.0.0\"")]
    [InlineData("\"ruleId\"", "\"ruleID\"")]
    [InlineData("\"helpUri\": \"https://", "\"helpUri\": \"")]   // format "uri": absolute only, so format validation is on
    public async Task The_schema_check_refuses_a_log_the_standard_does_not_allow(string valid, string invalid)
    {
        // Shows that the validation above can fail: the same log, made invalid in one place.
        var run = await CliRun.RunAsync("check", "--format", "sarif", TestData.Path("bad.policy.yaml"));
        run.Stdout.Should().Contain(valid);

        SarifSchema.Errors(run.Stdout.Replace(valid, invalid, StringComparison.Ordinal)).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Sarif_results_carry_the_exact_rule_ids_levels_lines_and_columns()
    {
        var bad = TestData.Path("bad.policy.yaml");
        var warning = TestData.Path("warning.policy.yaml");
        var never = TestData.Path("never-matches.policy.yaml");

        var run = await CliRun.RunAsync("check", "--format", "sarif", bad, warning, never);

        var results = Run(run.Stdout).GetProperty("results").EnumerateArray().Select(result =>
        {
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            var region = location.GetProperty("region");
            return $"{result.GetProperty("ruleId").GetString()} {result.GetProperty("level").GetString()} "
                + $"{location.GetProperty("artifactLocation").GetProperty("uri").GetString()}"
                + $"({region.GetProperty("startLine").GetInt32()},{region.GetProperty("startColumn").GetInt32()}"
                + $"-{region.GetProperty("endLine").GetInt32()},{region.GetProperty("endColumn").GetInt32()})";
        });
        results.Should().Equal(
            $"RR0009 error {new Uri(bad).AbsoluteUri}(1,9-1,12)",
            $"RR0201 error {new Uri(bad).AbsoluteUri}(5,23-5,30)",
            $"RR0026 warning {new Uri(bad).AbsoluteUri}(6,11-6,13)",
            $"RR0026 warning {new Uri(warning).AbsoluteUri}(6,11-6,13)",
            $"RR1003 warning {new Uri(never).AbsoluteUri}(4,5-7,3)");
    }

    [Fact]
    public async Task Each_result_points_at_its_rule_and_artifact_by_index()
    {
        var run = await CliRun.RunAsync("check", "--format", "sarif", TestData.Path("bad.policy.yaml"), TestData.Path("warning.policy.yaml"));

        var sarifRun = Run(run.Stdout);
        var rules = sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var artifacts = sarifRun.GetProperty("artifacts");
        foreach (var result in sarifRun.GetProperty("results").EnumerateArray())
        {
            rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString()
                .Should().Be(result.GetProperty("ruleId").GetString());
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
            artifacts[location.GetProperty("index").GetInt32()].GetProperty("location").GetProperty("uri").GetString()
                .Should().Be(location.GetProperty("uri").GetString());
        }

        rules.EnumerateArray().Select(rule => rule.GetProperty("id").GetString()).Should().Equal("RR0009", "RR0026", "RR0201");
        artifacts.GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task Sarif_rules_carry_name_descriptions_help_address_and_default_level()
    {
        var run = await CliRun.RunAsync("check", "--format", "sarif", TestData.Path("bad.policy.yaml"));

        var rule = Run(run.Stdout).GetProperty("tool").GetProperty("driver").GetProperty("rules")
            .EnumerateArray().Single(r => r.GetProperty("id").GetString() == "RR0201");
        rule.GetProperty("name").GetString().Should().Be("UnknownName");
        rule.GetProperty("shortDescription").GetProperty("text").GetString().Should().Be("Unknown name");
        // The first paragraph of the id's section of docs/diagnostics.md, links as their text.
        rule.GetProperty("fullDescription").GetProperty("text").GetString()
            .Should().StartWith("A name in an expression is not a fact, a define, or a member of the scale or `oneOf` it is compared with.");
        rule.GetProperty("helpUri").GetString().Should().Be("https://github.com/recoveryrules/recoveryrules/blob/main/docs/diagnostics.md#rr0201");
        rule.GetProperty("defaultConfiguration").GetProperty("level").GetString().Should().Be("error");
    }

    [Fact]
    public async Task Sarif_names_the_tool_with_its_version_and_the_invocation_with_its_exit_code()
    {
        var failing = await CliRun.RunAsync("check", "--format", "sarif", TestData.Path("bad.policy.yaml"));
        var passing = await CliRun.RunAsync("check", "--format", "sarif", TestData.Retail);

        var log = JsonDocument.Parse(failing.Stdout).RootElement;
        log.GetProperty("version").GetString().Should().Be("2.1.0");
        log.GetProperty("runs").GetArrayLength().Should().Be(1);
        var driver = Run(failing.Stdout).GetProperty("tool").GetProperty("driver");
        driver.GetProperty("name").GetString().Should().Be("recoveryrules");
        driver.GetProperty("version").GetString().Should().Be(
            typeof(CommandLine).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion);
        Invocation(failing.Stdout).Should().Be((true, 1));
        Invocation(passing.Stdout).Should().Be((true, 0));
        passing.ExitCode.Should().Be(0);
        Run(passing.Stdout).GetProperty("results").GetArrayLength().Should().Be(0);
        SarifSchema.Errors(passing.Stdout).Should().BeEmpty();
    }

    [Fact]
    public async Task A_relative_path_is_a_relative_uri_against_SRCROOT_and_an_absolute_path_a_file_uri()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, TestData.Path("bad.policy.yaml"));
        var absolute = TestData.Path("warning.policy.yaml");

        var run = await CliRun.RunAsync("check", "--format", "sarif", relative, absolute);

        SarifSchema.Errors(run.Stdout).Should().BeEmpty();
        var locations = Run(run.Stdout).GetProperty("results").EnumerateArray()
            .Select(result => result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation"))
            .ToList();
        locations[0].GetProperty("uri").GetString().Should().Be(relative.Replace('\\', '/'));
        locations[0].GetProperty("uriBaseId").GetString().Should().Be("%SRCROOT%");
        locations[^1].GetProperty("uri").GetString().Should().Be(new Uri(absolute).AbsoluteUri);
        locations[^1].TryGetProperty("uriBaseId", out _).Should().BeFalse();
        var root = Run(run.Stdout).GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString();
        new Uri(new Uri(root!), locations[0].GetProperty("uri").GetString()).LocalPath.Should().Be(TestData.Path("bad.policy.yaml"));
    }

    [Theory]
    [InlineData("policies/with space/a#b%.policy.yaml", "policies/with%20space/a%23b%25.policy.yaml")]
    [InlineData("../x.policy.yaml", "../x.policy.yaml")]
    [InlineData("/srv/policies/ä.policy.yaml", "file:///srv/policies/%C3%A4.policy.yaml")]
    public void Paths_become_escaped_uris(string path, string uri)
    {
        if (path.StartsWith('/') && OperatingSystem.IsWindows())
        {
            return;   // not a fully qualified path on Windows
        }

        RecoveryRules.Cli.Output.SarifReport.ArtifactUri(path).Uri.Should().Be(uri);
    }

    [Fact]
    public void Every_diagnostic_id_has_a_full_description_from_docs_diagnostics_md()
    {
        var withoutDescription = RecoveryRules.Diagnostics.RecoveryDiagnostics.All
            .Where(descriptor => RecoveryRules.Cli.Output.DiagnosticHelp.FullDescription(descriptor) == descriptor.Title)
            .Select(descriptor => descriptor.Id);

        withoutDescription.Should().BeEmpty("each id's section in docs/diagnostics.md opens with a paragraph that describes it");
        RecoveryRules.Cli.Output.DiagnosticHelp.FullDescription(RecoveryRules.Diagnostics.RecoveryDiagnostics.NestingTooDeep)
            .Should().Contain("deep nesting inside an expression is RR0106.").And.NotContain("](", "links are written as their text");
    }

    private static JsonElement Run(string sarif) => JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0];

    private static (bool, int) Invocation(string sarif)
    {
        var invocation = Run(sarif).GetProperty("invocations")[0];
        return (invocation.GetProperty("executionSuccessful").GetBoolean(), invocation.GetProperty("exitCode").GetInt32());
    }
}
