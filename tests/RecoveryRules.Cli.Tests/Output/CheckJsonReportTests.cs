using System.Text.Json;

namespace RecoveryRules.Cli.Tests.Output;

/// <summary><c>check --format json</c>: the documented shape (docs/cli.md, "check --format json"), exact values.</summary>
public sealed class CheckJsonReportTests
{
    [Fact]
    public async Task Json_report_lists_files_diagnostics_and_summary_with_exact_places()
    {
        var bad = TestData.Path("bad.policy.yaml");
        var warning = TestData.Path("warning.policy.yaml");

        var run = await CliRun.RunAsync("check", "--format", "json", bad, warning, TestData.Retail);

        run.ExitCode.Should().Be(1);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        report.GetProperty("formatVersion").GetInt32().Should().Be(1);
        report.GetProperty("tool").GetProperty("name").GetString().Should().Be("recoveryrules");
        report.GetProperty("files").EnumerateArray()
            .Select(f => $"{f.GetProperty("path").GetString()} {f.GetProperty("errors").GetInt32()} {f.GetProperty("warnings").GetInt32()} {f.GetProperty("infos").GetInt32()}")
            .Should().Equal($"{bad} 2 1 0", $"{warning} 0 1 0", $"{TestData.Retail} 0 0 0");
        report.GetProperty("diagnostics").EnumerateArray()
            .Select(d => $"{d.GetProperty("path").GetString()}({d.GetProperty("line").GetInt32()},{d.GetProperty("column").GetInt32()}"
                + $"-{d.GetProperty("endLine").GetInt32()},{d.GetProperty("endColumn").GetInt32()}): "
                + $"{d.GetProperty("severity").GetString()} {d.GetProperty("id").GetString()} {d.GetProperty("helpUri").GetString()}")
            .Should().Equal(
                $"{bad}(1,9-1,12): error RR0009 https://github.com/recoveryrules/recoveryrules/blob/main/docs/diagnostics.md#rr0009",
                $"{bad}(5,23-5,30): error RR0201 https://github.com/recoveryrules/recoveryrules/blob/main/docs/diagnostics.md#rr0201",
                $"{bad}(6,11-6,13): warning RR0026 https://github.com/recoveryrules/recoveryrules/blob/main/docs/diagnostics.md#rr0026",
                $"{warning}(6,11-6,13): warning RR0026 https://github.com/recoveryrules/recoveryrules/blob/main/docs/diagnostics.md#rr0026");
        var summary = report.GetProperty("summary");
        (summary.GetProperty("files").GetInt32(), summary.GetProperty("errors").GetInt32(), summary.GetProperty("warnings").GetInt32(),
            summary.GetProperty("infos").GetInt32(), summary.GetProperty("exitCode").GetInt32()).Should().Be((3, 2, 2, 0, 1));
    }

    [Fact]
    public async Task Json_messages_are_the_text_formats_messages()
    {
        var bad = TestData.Path("bad.policy.yaml");
        var text = await CliRun.RunAsync("check", bad);

        var json = await CliRun.RunAsync("check", "--format", "json", bad);

        var lines = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => $"{d.GetProperty("path").GetString()}({d.GetProperty("line").GetInt32()},{d.GetProperty("column").GetInt32()}): "
                + $"{d.GetProperty("severity").GetString()} {d.GetProperty("id").GetString()}: {d.GetProperty("message").GetString()}");
        lines.Should().Equal(text.StdoutLines[..^1]);
    }

    [Fact]
    public async Task A_clean_policy_gives_an_empty_diagnostics_list_and_exit_code_0()
    {
        var run = await CliRun.RunAsync("check", "--format", "json", TestData.Retail);

        run.ExitCode.Should().Be(0);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        report.GetProperty("diagnostics").GetArrayLength().Should().Be(0);
        report.GetProperty("summary").GetProperty("exitCode").GetInt32().Should().Be(0);
    }
}
