using System.Text;
using System.Text.Json;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Tests.Input;

/// <summary>Standard input that cannot be read, and pretty-printed standard input with a malformed value among good ones.</summary>
public sealed class StandardInputFailureTests
{
    /// <summary>What .NET does when standard input is closed (<c>&lt;&amp;-</c>): reading throws "Access to the path is denied.".</summary>
    private sealed class ClosedStandardInput : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new UnauthorizedAccessException("Access to the path is denied.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new UnauthorizedAccessException("Access to the path is denied.");

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("")]
    [InlineData("--cases")]
    [InlineData("--case")]
    public async Task A_closed_standard_input_is_named_as_not_readable_and_exits_2(string option)
    {
        using var stdin = new ClosedStandardInput();
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter { NewLine = "\n" };

        string[] args = option.Length == 0 ? ["eval", "--policy", TestData.Retail] : ["eval", "--policy", TestData.Retail, option, "-"];

        var exitCode = await CommandLine.InvokeAsync(args, stdin, stdout, stderr, cancellationToken: TestContext.Current.CancellationToken);

        exitCode.Should().Be(2);
        stderr.ToString().Should().Be("recoveryrules: error: standard input is not readable (it is closed, or not open for reading); give the cases with --cases FILE or pipe them in.\n");
        stdout.Length.Should().Be(0);
    }

    [Fact]
    public async Task A_malformed_value_in_pretty_printed_standard_input_is_one_error_line_and_the_values_after_it_are_decided()
    {
        var pretty = TestData.ReadAllText("cases-pretty.json").Replace("\r\n", "\n", StringComparison.Ordinal);
        var stdin = pretty + "{\n  \"id\": \"broken\",\n  \"severity\": \n}\n" + pretty;

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail], stdin);

        run.ExitCode.Should().Be(1);
        run.StderrLines.Should().Equal("recoveryrules: 1 of 5 cases could not be evaluated; each has an error line in its place.");
        var lines = run.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        lines.Select(line => line.GetProperty("case").ValueKind == JsonValueKind.Null ? "error" : line.GetProperty("case").GetString())
            .Should().Equal("c-1043", "c-1045", "error", "c-1043", "c-1045");
        var error = lines[2].GetProperty("error");
        error.GetProperty("id").GetString().Should().Be("RR0400");
        error.GetProperty("line").GetInt64().Should().Be(11, "the malformed value starts on line 11");
        error.GetProperty("message").GetString().Should().Contain("(line 14, byte 1)").And.EndWith("reading went on at line 15, the next line that starts with '{'");
    }

    [Fact]
    public async Task A_malformed_value_with_nothing_readable_after_it_says_the_rest_was_not_read()
    {
        var stdin = TestData.ReadAllText("cases-pretty.json").Replace("\r\n", "\n", StringComparison.Ordinal) + "{\n  \"id\": \"broken\",\n  \"severity\": ,\n  {\"id\": \"hidden\"}\n}\n";

        var run = await CliRun.RunAsync(["eval", "--policy", TestData.Retail], stdin, new BatchOptions());

        run.ExitCode.Should().Be(1);
        run.StdoutLines.Should().HaveCount(3);
        run.StdoutLines[2].Should().Contain("no line after it starts with '{', so the rest of the input was not read").And.Contain("\"line\":11");
    }
}
