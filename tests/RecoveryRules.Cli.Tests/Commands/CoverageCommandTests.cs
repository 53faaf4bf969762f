using System.Xml;
using System.Xml.Linq;
using CsCheck;

namespace RecoveryRules.Cli.Tests.Commands;

/// <summary><c>recoveryrules coverage</c>: the decision matrix as a table and as an HTML page (docs/cli.md, "coverage").</summary>
public sealed class CoverageCommandTests
{
    private static string Retail => TestData.Path(Path.Combine("coverage", "retail.policy.yaml"));

    [Fact]
    public async Task The_text_table_of_the_retail_example_matches_the_golden_file()
    {
        var run = await CliRun.RunAsync("coverage", Retail);

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stderr.Should().BeEmpty();
        run.Stdout.Should().Be(TestData.ReadAllText(Path.Combine("coverage", "retail.coverage.txt")));
    }

    [Fact]
    public async Task The_text_table_fits_in_100_columns()
    {
        var run = await CliRun.RunAsync("coverage", Retail);

        run.StdoutLines.Where(l => !l.StartsWith("policy hash", StringComparison.Ordinal)).Should().OnlyContain(l => l.Length <= 100);
    }

    [Fact]
    public async Task One_channel_prints_only_its_matrix()
    {
        var run = await CliRun.RunAsync("coverage", Retail, "--channel", "social");

        run.ExitCode.Should().Be(0, run.Stderr);
        run.StdoutLines.Should().Contain("Channel social").And.NotContain(l => l.StartsWith("Channels ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_html_page_is_well_formed_self_contained_and_accessible()
    {
        var run = await CliRun.RunAsync("coverage", Retail, "--format", "html");

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().StartWith("<!DOCTYPE html>");
        run.Stdout.Should().NotContainAny("http://", "https://", "<script", "@import", "url(", "<link", "<img");

        var page = Parse(run.Stdout);
        var html = page.Root!;
        html.Name.LocalName.Should().Be("html");
        html.Attribute("lang")!.Value.Should().Be("en");
        html.Descendants("title").Single().Value.Should().Be("Decision matrix of retail-recovery 2026.11");
        html.Descendants("style").Should().ContainSingle();
        html.Descendants("code").Select(c => c.Value).Should().Contain(["retail-recovery", "2026.11"]).And.Contain(v => v.StartsWith("sha256:", StringComparison.Ordinal));

        var table = html.Descendants("table").Single();
        table.Element("caption").Should().NotBeNull();
        table.Element("thead")!.Descendants("th").Select(th => (th.Attribute("scope")!.Value, th.Value))
            .Should().Equal(("col", "Severity"), ("col", "standard"), ("col", "silver"), ("col", "gold"), ("col", "platinum"));
        var rows = table.Element("tbody")!.Elements("tr").ToList();
        rows.Select(r => r.Element("th")!.Value).Should().Equal("minor", "moderate", "major", "critical");
        rows.Should().OnlyContain(r => r.Element("th")!.Attribute("scope")!.Value == "row" && r.Elements("td").Count() == 4);

        var critical = rows[3].Elements("td").ToList();
        critical[2].Value.Should().Contain("duty-manager").And.Contain("within 1h").And.Contain("$0–unbounded").And.Contain("rules: critical-high-value, known-outage");
        critical[0].Attribute("class")!.Value.Should().Contain("partial");
        rows[0].Elements("td").First().Value.Should().Contain("team-lead").And.Contain("$0–$15").And.Contain("partly covered");

        // The heat map's legend names every escalation level.
        var legend = html.Descendants("div").Single(d => d.Attribute("class")?.Value == "legend").Value;
        legend.Should().Contain("no escalation").And.Contain("team-lead").And.Contain("supervisor").And.Contain("duty-manager").And.Contain("retention");
    }

    [Fact]
    public async Task Output_writes_the_matrix_to_the_file_and_nothing_to_stdout()
    {
        var file = Path.Combine(Path.GetTempPath(), $"coverage-{Guid.NewGuid():N}.html");
        try
        {
            var run = await CliRun.RunAsync("coverage", Retail, "--format", "html", "--output", file);

            run.ExitCode.Should().Be(0, run.Stderr);
            run.Stdout.Should().BeEmpty();
            Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).Root!.Name.LocalName.Should().Be("html");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_policy_with_errors_prints_its_diagnostics_and_exits_1()
    {
        var bad = TestData.Path("bad.policy.yaml");
        var check = await CliRun.RunAsync("check", bad);

        var run = await CliRun.RunAsync("coverage", bad);

        run.ExitCode.Should().Be(1);
        run.Stdout.Should().BeEmpty();
        var diagnostics = check.StdoutLines.Where(l => l.Contains(": error RR", StringComparison.Ordinal)).ToList();
        diagnostics.Should().NotBeEmpty();
        run.StderrLines.Should().StartWith(diagnostics);
        run.StderrLines[^1].Should().StartWith($"recoveryrules: error: the policy {bad} has ").And.EndWith("; no matrix was made.");
    }

    [Theory]
    [InlineData("coverage")]
    [InlineData("coverage", "--format", "pdf", "POLICY")]
    [InlineData("coverage", "POLICY", "--colour")]
    [InlineData("coverage", "POLICY", "POLICY")]
    public async Task Bad_usage_exits_2_with_nothing_on_stdout(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args.Select(a => a == "POLICY" ? Retail : a)]);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines[^1].Should().Be("Run 'recoveryrules coverage --help' for usage.");
    }

    [Fact]
    public async Task An_unknown_channel_exits_2_and_names_the_channels()
    {
        var run = await CliRun.RunAsync("coverage", Retail, "--channel", "fax");

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines.Should().Equal($"recoveryrules: error: the policy {Retail} has no channel 'fax'; its channels are phone, email, chat, social, store, app.");
    }

    [Fact]
    public async Task A_policy_too_large_to_enumerate_says_so_and_exits_2()
    {
        var file = Path.Combine(Path.GetTempPath(), $"huge-{Guid.NewGuid():N}.policy.yaml");
        var yaml = new System.Text.StringBuilder("policy: huge\nversion: \"1\"\nfacts:\n");
        for (var f = 0; f < 8; f++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  n{f}: number\n");
        }

        yaml.Append("rules:\n");
        for (var f = 0; f < 8; f++)
        {
            for (var t = 0; t < 10; t++)
            {
                yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - id: r{f}-{t}\n    when: n{f} > {t}\n    then:\n      escalate: {{ to: supervisor }}\n");
            }
        }

        await File.WriteAllTextAsync(file, yaml.ToString(), TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync("coverage", file);

            run.ExitCode.Should().Be(2);
            run.Stdout.Should().BeEmpty();
            run.StderrLines.Should().ContainSingle().Which.Should().StartWith($"recoveryrules: error: the decision matrix of {file} takes ").And.Contain("no matrix was made");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Mutated_policies_never_crash_the_command()
    {
        var text = File.ReadAllText(Retail);
        var lines = text.Split('\n');
        var mutations = Gen.OneOf(
            Gen.Select(Gen.Int[0, text.Length - 1], Gen.Int[1, 40], (at, length) => text.Remove(at, Math.Min(length, text.Length - at))),
            Gen.Select(Gen.Int[0, text.Length], Gen.OneOf("orderValue", " > ", "delay.hours * ", "[", "{", "\n  - id: x\n    when: customer.value < orderValue\n", "1e28", "-", "stop: true\n", ":"),
                (at, insert) => text.Insert(at, insert)),
            Gen.Select(Gen.Int[0, lines.Length - 1], Gen.Int[0, lines.Length - 1], (a, b) =>
            {
                var copy = lines.ToArray();
                (copy[a], copy[b]) = (copy[b], copy[a]);
                return string.Join('\n', copy);
            }));
        var file = Path.Combine(Path.GetTempPath(), $"mutated-{Guid.NewGuid():N}.policy.yaml");
        try
        {
            mutations.Sample(
                policy =>
                {
                    File.WriteAllText(file, policy);
                    foreach (var format in new[] { "text", "html" })
                    {
                        var run = CliRun.RunAsync("coverage", file, "--format", format).GetAwaiter().GetResult();
                        run.ExitCode.Should().BeOneOf([0, 1, 2], run.Stderr);
                        run.Stderr.Should().NotContain("internal error").And.NotContain("   at ");
                        if (run.ExitCode == 0 && format == "html")
                        {
                            Parse(run.Stdout).Root!.Name.LocalName.Should().Be("html");
                        }
                    }
                },
                iter: 100,
                threads: 1,
                print: policy => Environment.NewLine + policy);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Parses the page as XML: it is written in HTML's XML syntax, so a well-formedness error fails here.</summary>
    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }
}
