using System.Text;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Tests.Input;

/// <summary>A regular file is read on the batch reader's own thread (docs/design.md §31).</summary>
public sealed class SynchronousReadStreamTests
{
    [Fact]
    public void Only_a_regular_file_opened_for_synchronous_reads_is_read_synchronously()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan))
            {
                SynchronousReadStream.Suits(file).Should().BeTrue();
            }

            using (var asynchronous = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous))
            {
                SynchronousReadStream.Suits(asynchronous).Should().BeFalse();
            }

            using var memory = new MemoryStream();
            SynchronousReadStream.Suits(memory).Should().BeFalse();
            using var pipe = new TrickleStream([1, 2, 3], 1);
            SynchronousReadStream.Suits(pipe).Should().BeFalse();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_asynchronous_read_is_done_before_it_returns()
    {
        using var inner = new MemoryStream(Encoding.UTF8.GetBytes("{\"id\":\"c-1\"}\n"));
        using var stream = new SynchronousReadStream(inner);
        var buffer = new byte[64];

        var read = stream.ReadAsync(buffer, TestContext.Current.CancellationToken);

        read.IsCompletedSuccessfully.Should().BeTrue();
        (await read).Should().Be(13);
        (await stream.ReadAsync(buffer, TestContext.Current.CancellationToken)).Should().Be(0);
    }

    [Fact]
    public async Task A_failing_read_is_a_failed_task_and_a_cancelled_one_is_cancelled()
    {
        using var failing = new SynchronousReadStream(new BrokenReadStream());
        var failed = failing.ReadAsync(new byte[8], TestContext.Current.CancellationToken);
        failed.IsFaulted.Should().BeTrue();
        await FluentActions.Awaiting(() => failed.AsTask()).Should().ThrowExactlyAsync<IOException>().WithMessage("Input/output error");

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var stream = new SynchronousReadStream(new MemoryStream([1, 2, 3]));
        stream.ReadAsync(new byte[8], cancelled.Token).IsCanceled.Should().BeTrue();
    }

    [Fact]
    public async Task A_batch_from_a_file_decides_as_the_same_cases_from_standard_input()
    {
        var input = TestData.ReadAllText("cases-with-bad-line.jsonl");
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat(input, 40)), TestContext.Current.CancellationToken);
            var options = new RecoveryRules.Cli.Batch.BatchOptions { ChunkBytes = 1024 };

            var fromFile = await CliRun.RunAsync(["eval", "--policy", TestData.Retail, "--now", "2026-11-22T10:00:00Z", "--cases", path], string.Empty, options);
            var fromStdin = await CliRun.RunAsync(["eval", "--policy", TestData.Retail, "--now", "2026-11-22T10:00:00Z", "--cases", "-"], string.Concat(Enumerable.Repeat(input, 40)), options);

            fromFile.ExitCode.Should().Be(1);
            fromFile.StdoutLines.Should().HaveCount(200).And.Equal(fromStdin.StdoutLines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class BrokenReadStream : MemoryStream
    {
        public override int Read(Span<byte> buffer) => throw new IOException("Input/output error");
    }
}
