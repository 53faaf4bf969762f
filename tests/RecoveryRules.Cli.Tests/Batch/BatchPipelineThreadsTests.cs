using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Tests.Batch;

/// <summary>The pipeline's workers and writer wait on threads of their own (docs/design.md §31): failures and cancellation still end it.</summary>
public sealed class BatchPipelineThreadsTests
{
    private static readonly BatchOptions SmallBlocks = new() { Workers = 2, ChunkBytes = 64 };

    [Fact]
    public async Task Blocks_are_written_in_input_order_whichever_worker_finishes_first()
    {
        var lines = Enumerable.Range(0, 500).Select(i => $"line-{i:D4}").ToList();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        using var output = new MemoryStream();
        var workers = Enumerable.Range(0, 3).Select(worker => (Action<LineBlock>)(block =>
        {
            // The first worker is slow, so later blocks are handled before earlier ones.
            if (worker == 0)
            {
                Thread.Sleep(2);
            }

            block.Output.Write(block.Lines.Span);
        })).ToList();

        await BatchPipeline.RunAsync(LineSource.Open(input, SmallBlocks), "input", output, workers, _ => { }, SmallBlocks with { Workers = 3 }, TestContext.Current.CancellationToken);

        Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(lines);
    }

    [Fact]
    public async Task A_worker_that_throws_ends_the_batch_with_its_exception()
    {
        var text = string.Concat(Enumerable.Range(0, 200).Select(i => $"line-{i}\n"));
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(text));
        using var output = new MemoryStream();
        var handled = 0;
        Action<LineBlock> worker = block =>
        {
            if (Interlocked.Increment(ref handled) == 5)
            {
                throw new InvalidDataException("worker failed");
            }

            block.Output.Write(block.Lines.Span);
        };

        var run = () => BatchPipeline.RunAsync(LineSource.Open(input, SmallBlocks), "input", output, [worker, worker], _ => { }, SmallBlocks, TestContext.Current.CancellationToken);

        (await run.Should().ThrowExactlyAsync<InvalidDataException>().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))
            .WithMessage("worker failed");
    }

    [Fact]
    public async Task Cancelling_ends_a_batch_whose_workers_and_writer_wait_for_input()
    {
        // An input that never ends: the workers and the writer wait, blocked on their own threads, until the batch is cancelled.
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("first\nsecond\n"), TestContext.Current.CancellationToken);
        using var output = new MemoryStream();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var handled = new TaskCompletionSource();
        Action<LineBlock> worker = block =>
        {
            block.Output.Write(block.Lines.Span);
            handled.TrySetResult();
        };

        var batch = BatchPipeline.RunAsync(LineSource.Of(pipe.Reader, SmallBlocks.MaxLineBytes), "input", output, [worker, worker], _ => { }, SmallBlocks, cancel.Token);
        await handled.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => batch.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))
            .Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Output_that_fails_ends_the_batch_with_the_write_error()
    {
        var text = string.Concat(Enumerable.Range(0, 50).Select(i => $"line-{i}\n"));
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(text));
        using var output = new BrokenPipeStream();
        Action<LineBlock> worker = block => block.Output.Write(block.Lines.Span);

        var run = () => BatchPipeline.RunAsync(LineSource.Open(input, SmallBlocks), "input", output, [worker, worker], _ => { }, SmallBlocks, TestContext.Current.CancellationToken);

        (await run.Should().ThrowExactlyAsync<CommandFailedException>().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))
            .WithMessage("cannot write to standard output: Broken pipe");
    }
}
