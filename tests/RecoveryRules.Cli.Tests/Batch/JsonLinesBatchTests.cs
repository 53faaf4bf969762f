using System.Text;
using System.Text.Json;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Tests.Batch;

public sealed class JsonLinesBatchTests
{
    [Fact]
    public async Task Cases_trickling_in_through_a_slow_pipe_are_all_decided_in_order()
    {
        var text = TestData.ReadAllText("cases-with-bad-line.jsonl");
        using var stdin = new TrickleStream(Encoding.UTF8.GetBytes(text), 13);
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var exitCode = await CommandLine.InvokeAsync(["eval", "--policy", TestData.Retail], stdin, stdout, stderr, new BatchOptions { ChunkBytes = 512 }, TestContext.Current.CancellationToken);

        exitCode.Should().Be(1);
        var ids = Encoding.UTF8.GetString(stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("case").GetString());
        ids.Should().Equal("c-1042", "c-1043", "c-1047", "c-1044", "c-1045");
    }

    [Fact]
    public async Task Output_that_cannot_be_written_is_one_error_line_and_exit_2()
    {
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(TestData.ReadAllText("cases-with-bad-line.jsonl")));
        using var stdout = new BrokenPipeStream();
        using var stderr = new StringWriter();

        var exitCode = await CommandLine.InvokeAsync(["eval", "--policy", TestData.Retail], stdin, stdout, stderr, cancellationToken: TestContext.Current.CancellationToken);

        exitCode.Should().Be(2);
        stderr.ToString().Should().StartWith("recoveryrules: error: cannot write to standard output: Broken pipe").And.NotContain("   at ");
    }

    [Fact]
    public async Task Explanations_of_a_parallel_batch_keep_the_input_order()
    {
        var line = TestData.ReadAllText("cases-with-bad-line.jsonl").Split('\n')[0];
        var input = string.Concat(Enumerable.Range(0, 300).Select(i => line.Replace("c-1042", $"x-{i}", StringComparison.Ordinal) + "\n"));
        var options = new BatchOptions { Workers = 3, ChunkBytes = 2048 };

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail, "--explain"], input, options);

        run.ExitCode.Should().Be(0);
        var headers = run.StdoutLines.Where(text => text.StartsWith("Case ", StringComparison.Ordinal)).ToList();
        headers.Should().Equal(Enumerable.Range(0, 300).Select(i => $"Case x-{i} (line {i + 1}): decided"));
    }
}
