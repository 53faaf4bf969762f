using System.Text.RegularExpressions;

namespace RecoveryRules.Build.Tests;

/// <summary>
/// RecoveryRules.Build from a package, in real projects (Samples/): a broken policy fails the build with
/// <c>file(line,col): error RRnnnn</c>, clean policies pass, warnings pass and show, and the settings work
/// (docs/build.md).
/// </summary>
public sealed partial class PackageBuildTests(SampleBuilds builds) : IClassFixture<SampleBuilds>
{
    [Fact]
    public async Task A_broken_policy_fails_the_build_with_its_errors_at_their_lines_and_columns()
    {
        var run = await builds["Broken"];

        run.ExitCode.Should().NotBe(0, run.Output);
        var bad = Path.Combine(builds.Sample("Broken"), "policies", "bad.policy.yaml");
        Findings(run).Should().Equal(
            $"{bad}(1,9): error RR0009",
            $"{bad}(5,23): error RR0201",
            $"{bad}(6,11): warning RR0026");
        run.Output.Should().Contain($"{bad}(5,23): error RR0201: 'critcal' is not a fact, define or member of scale 'severity' (did you mean 'critical'?)");
    }

    [Fact]
    public async Task Clean_policies_pass_and_only_the_glob_is_checked()
    {
        var run = await builds["Clean"];

        // drafts/unfinished.policy.yaml has errors, but RecoveryRulesPolicyGlob is rules/**/*.policy.yaml.
        run.ExitCode.Should().Be(0, run.Output);
        Findings(run).Should().BeEmpty();
        Stamps("Clean").Select(Path.GetFileName).Should().HaveCount(2).And.OnlyContain(name => name!.StartsWith("retail.policy.yaml.", StringComparison.Ordinal) || name.StartsWith("hotel.policy.yaml.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_policy_with_warnings_only_passes_and_shows_each_warning_once()
    {
        var run = await builds["WarningsOnly"];

        run.ExitCode.Should().Be(0, run.Output);
        var warning = Path.Combine(builds.Sample("WarningsOnly"), "warning.policy.yaml");
        // -v:q prints each warning as it happens and again in the summary: twice for one check, four times for two.
        run.Lines.Count(line => line.StartsWith($"{warning}(6,11): warning RR0026: ", StringComparison.Ordinal)).Should().Be(2, run.Output);
        Findings(run).Should().OnlyContain(finding => finding.Contains(": warning RR", StringComparison.Ordinal));
        File.Exists(Path.Combine(builds.Sample("WarningsOnly"), "bin", "Debug", "net10.0", "WarningsOnly.dll")).Should().BeTrue();
    }

    [Fact]
    public async Task RecoveryRulesTreatWarningsAsErrors_fails_the_build_on_a_warning()
    {
        var run = await builds["WarningsAsErrors"];

        run.ExitCode.Should().NotBe(0, run.Output);
        var warning = Path.Combine(builds.Sample("WarningsAsErrors"), "warning.policy.yaml");
        run.Output.Should().MatchRegex($"{Regex.Escape(warning)}\\(6,11\\): (warning|error) RR0026: ");
        run.Output.Should().MatchRegex("error (RECOVERYRULES004|RR0026): ");
    }

    [Fact]
    public async Task RecoveryRulesCheck_false_builds_without_checking()
    {
        var run = await builds["BrokenOptedOut"];

        run.ExitCode.Should().Be(0, run.Output);
        Findings(run).Should().BeEmpty();
        Directory.Exists(Path.Combine(builds.Sample("BrokenOptedOut"), "obj", "Debug", "net10.0", "recoveryrules")).Should().BeFalse();
    }

    [Fact]
    public async Task A_rebuild_checks_only_the_policies_that_changed()
    {
        (await builds["Clean"]).ExitCode.Should().Be(0);
        var before = Stamps("Clean").ToDictionary(stamp => stamp, File.GetLastWriteTimeUtc);
        var hotel = Path.Combine(builds.Sample("Clean"), "rules", "hotel.policy.yaml");
        // Newer than its stamp by more than any file system's time resolution.
        File.SetLastWriteTimeUtc(hotel, before.Values.Max().AddSeconds(3));

        var run = await builds.BuildAgain("Clean", "Clean");

        run.ExitCode.Should().Be(0, run.Output);
        var after = Stamps("Clean").ToDictionary(stamp => stamp, File.GetLastWriteTimeUtc);
        after.Keys.Should().BeEquivalentTo(before.Keys);
        after.Where(stamp => Path.GetFileName(stamp.Key).StartsWith("retail.", StringComparison.Ordinal))
            .Should().OnlyContain(stamp => stamp.Value == before[stamp.Key], "retail.policy.yaml did not change, so it is not checked again");
        after.Where(stamp => Path.GetFileName(stamp.Key).StartsWith("hotel.", StringComparison.Ordinal))
            .Should().OnlyContain(stamp => stamp.Value > before[stamp.Key], "hotel.policy.yaml changed, so it is checked again");
    }

    // The policy findings of a build, each "path(line,col): severity id", once each, in order of appearance.
    private static List<string> Findings(DotnetRun run) =>
        [.. run.Lines.Select(line => Finding().Match(line)).Where(match => match.Success).Select(match => match.Groups["finding"].Value).Distinct()];

    private string[] Stamps(string sample)
    {
        var folder = Path.Combine(builds.Sample(sample), "obj", "Debug", "net10.0", "recoveryrules");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.checked") : [];
    }

    [GeneratedRegex(@"^\s*(?<finding>.+\.policy\.yaml\(\d+,\d+\): (error|warning) RR\d{4})(?=: )")]
    private static partial Regex Finding();
}
