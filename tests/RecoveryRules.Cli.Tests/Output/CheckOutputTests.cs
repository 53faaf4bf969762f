using System.Text.Json;
using RecoveryRules.Cli.Output;

namespace RecoveryRules.Cli.Tests.Output;

/// <summary><c>check --format</c> and <c>--output</c>: the text output unchanged, the report file whole or not at all, bad usage exit 2.</summary>
public sealed class CheckOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("recoveryrules-check-output-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Format_text_prints_what_check_prints_without_it()
    {
        string[] files = [TestData.Path("bad.policy.yaml"), TestData.Path("warning.policy.yaml"), TestData.Retail];

        var plain = await CliRun.RunAsync(["check", .. files]);
        var text = await CliRun.RunAsync(["check", "--format", "text", .. files]);

        text.Should().Be(plain);
        plain.StdoutLines[^1].Should().Be("3 files checked: 2 errors, 2 warnings");
    }

    [Theory]
    [InlineData("sarif")]
    [InlineData("json")]
    public async Task Output_writes_the_report_to_the_file_and_the_text_lines_to_standard_output(string format)
    {
        var report = Path.Combine(_folder, "report." + format);
        var bad = TestData.Path("bad.policy.yaml");
        var plain = await CliRun.RunAsync("check", bad);

        var run = await CliRun.RunAsync("check", "--format", format, "--output", report, bad);

        run.ExitCode.Should().Be(1);
        run.Stdout.Should().Be(plain.Stdout);
        var written = File.ReadAllText(report);
        var stdoutReport = (await CliRun.RunAsync("check", "--format", format, bad)).Stdout;
        written.Should().Be(stdoutReport);
        if (format == "sarif")
        {
            SarifSchema.Errors(written).Should().BeEmpty();
        }

        Directory.GetFiles(_folder).Should().Equal(report);
    }

    [Fact]
    public async Task Output_with_format_text_writes_the_lines_to_the_file_and_nothing_to_standard_output()
    {
        var report = Path.Combine(_folder, "check.txt");
        var bad = TestData.Path("bad.policy.yaml");
        var plain = await CliRun.RunAsync("check", bad);

        var run = await CliRun.RunAsync("check", "-o", report, bad);

        run.ExitCode.Should().Be(1);
        run.Stdout.Should().BeEmpty();
        File.ReadAllText(report).Should().Be(plain.Stdout);
    }

    [Fact]
    public async Task Output_replaces_an_existing_file()
    {
        var report = Path.Combine(_folder, "report.json");
        File.WriteAllText(report, new string('x', 100_000));

        var run = await CliRun.RunAsync("check", "--format", "json", "--output", report, TestData.Retail);

        run.ExitCode.Should().Be(0);
        JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("summary").GetProperty("files").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Output_into_a_missing_folder_is_exit_2_with_the_folder_named_and_no_file()
    {
        var report = Path.Combine(_folder, "missing", "report.sarif");

        var run = await CliRun.RunAsync("check", "--format", "sarif", "--output", report, TestData.Path("bad.policy.yaml"));

        run.ExitCode.Should().Be(2);
        run.StderrLines.Should().Equal($"recoveryrules: error: cannot write the sarif report to '{report}': the folder '{Path.Combine(_folder, "missing")}' does not exist.");
        run.Stdout.Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(_folder).Should().BeEmpty();
    }

    [Fact]
    public async Task Output_to_a_folder_is_exit_2_and_leaves_the_folder_alone()
    {
        var run = await CliRun.RunAsync("check", "--format", "json", "--output", _folder, TestData.Retail);

        run.ExitCode.Should().Be(2);
        run.StderrLines.Should().Equal($"recoveryrules: error: cannot write the json report to '{_folder}': it is a directory; give a file name.");
        Directory.EnumerateFileSystemEntries(_folder).Should().BeEmpty();
    }

    [Fact]
    public void A_report_that_fails_half_way_leaves_the_old_file_as_it_was_and_no_temporary_file()
    {
        var report = Path.Combine(_folder, "report.sarif");
        File.WriteAllText(report, "the previous report");

        var write = () => ReportFile.Write(report, "sarif report", stream =>
        {
            stream.Write(new byte[4096]);
            throw new IOException("No space left on device");
        });

        write.Should().Throw<CommandFailedException>()
            .WithMessage($"cannot write the sarif report to '{report}': No space left on device")
            .Which.ExitCode.Should().Be(2);
        File.ReadAllText(report).Should().Be("the previous report");
        Directory.GetFiles(_folder).Should().Equal(report);
    }

    [Theory]
    [InlineData("xml", "'xml' is not a format of 'recoveryrules check'. --format is one of: text, sarif, json.")]
    [InlineData("sarf", "'sarif'?")]
    [InlineData("SARIF", "'SARIF' is not a format of 'recoveryrules check'")]
    public async Task An_unknown_format_is_bad_usage_exit_2_with_the_formats_named(string format, string message)
    {
        var run = await CliRun.RunAsync("check", "--format", format, TestData.Retail);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.StderrLines[0].Should().Contain(message);
        run.StderrLines[^1].Should().Be("Run 'recoveryrules check --help' for usage.");
    }

    [Fact]
    public async Task Output_without_a_file_is_bad_usage()
    {
        var run = await CliRun.RunAsync("check", TestData.Retail, "--output");

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Should().Contain("--output");
    }
}
