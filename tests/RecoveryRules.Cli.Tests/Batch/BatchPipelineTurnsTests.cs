using System.Buffers;
using System.Text;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Tests.Batch;

/// <summary>
/// The pipeline's workers take turns to read and to write (docs/design.md §39): a worker that is ahead keeps working up to
/// the blocks in flight and no further, blocks are written in input order by one worker at a time, and a failure or a
/// cancellation still ends the batch wherever the workers wait.
/// </summary>
public sealed class BatchPipelineTurnsTests
{
    /// <summary>Ten-byte lines in blocks of 16 bytes: one line a block.</summary>
    private static readonly BatchOptions OneLineBlocks = new() { Workers = 2, ChunkBytes = 64, BlockBytes = 16 };

    private static byte[] Lines(int count) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i => $"line-{i:D4}\n")));

    [Fact]
    public async Task A_worker_goes_on_while_another_is_slow_up_to_the_blocks_in_flight_and_no_further()
    {
        var stalled = -1L;
        var furthestDuringStall = -1L;
        var furthest = -1L;
        var stall = new ManualResetEventSlim();
        Action<LineBlock> Worker(int worker) => block =>
        {
            if (worker == 0 && Interlocked.CompareExchange(ref stalled, block.Number, -1) == -1)
            {
                // The first block of worker 0 takes long: worker 1 reads and handles the blocks after it meanwhile, until it
                // has no room (or, were the bound broken, further: the short wait after gives it the chance). No fixed sleep
                // stands in for "long enough", so a loaded machine cannot make this pass or fail by timing.
                var bound = block.Number + OneLineBlocks.ChunksInFlight - 1;
                SpinWait.SpinUntil(() => Interlocked.Read(ref furthest) >= bound, TimeSpan.FromSeconds(30));
                stall.Wait(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
                furthestDuringStall = Interlocked.Read(ref furthest);
            }

            InterlockedMax(ref furthest, block.Number);
            block.Output.Write(block.Lines.Span);
        };

        using var output = new MemoryStream();
        // Bounded: a pipeline whose bound is broken overruns its ring of blocks and never ends; that must fail, not hang the run.
        await BatchPipeline.RunAsync(LineSource.Open(new MemoryStream(Lines(300)), OneLineBlocks), "input", output, [Worker(0), Worker(1)], _ => { }, OneLineBlocks, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        output.ToArray().Should().Equal(Lines(300));
        OneLineBlocks.ChunksInFlight.Should().Be(16);
        stalled.Should().BeGreaterThanOrEqualTo(0);
        furthestDuringStall.Should().Be(stalled + OneLineBlocks.ChunksInFlight - 1, "the other worker read every block it had room for, and no more");
    }

    [Fact]
    public async Task Blocks_are_written_in_input_order_by_one_worker_at_a_time()
    {
        var options = OneLineBlocks with { Workers = 3 };
        var writing = 0;
        var overlaps = 0;
        var written = new List<(long Number, long FirstLine)>();
        var random = new Random(3);
        var workers = Enumerable.Range(0, 3).Select(worker => (Action<LineBlock>)(block =>
        {
            if (worker == block.Number % 3)
            {
                Thread.Sleep(random.Next(2)); // out of order now and then
            }

            block.Output.Write(block.Lines.Span);
        })).ToList();

        using var output = new MemoryStream();
        await BatchPipeline.RunAsync(
            LineSource.Open(new MemoryStream(Lines(400)), options),
            "input",
            output,
            workers,
            block =>
            {
                if (Interlocked.Increment(ref writing) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                written.Add((block.Number, block.FirstLine));
                Thread.SpinWait(50);
                Interlocked.Decrement(ref writing);
            },
            options,
            TestContext.Current.CancellationToken);

        overlaps.Should().Be(0);
        written.Select(block => block.Number).Should().Equal(Enumerable.Range(0, 400).Select(i => (long)i));
        written.Select(block => block.FirstLine).Should().Equal(Enumerable.Range(1, 400).Select(i => (long)i));
        output.ToArray().Should().Equal(Lines(400));
    }

    [Fact]
    public async Task Cancelling_ends_a_batch_whose_worker_waits_for_room()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var stalled = -1L;
        var furthest = -1L;
        Action<LineBlock> Worker(int worker) => block =>
        {
            if (worker == 0 && Interlocked.CompareExchange(ref stalled, block.Number, -1) == -1)
            {
                // Worker 0 never finishes its first block before the batch is cancelled; worker 1 fills the blocks in flight.
                cancel.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            }
            else
            {
                InterlockedMax(ref furthest, block.Number);
            }

            block.Output.Write(block.Lines.Span);
        };

        // An input that never ends, so the batch can only end by the cancellation.
        var pipe = new System.IO.Pipelines.Pipe();
        await pipe.Writer.WriteAsync(Lines(300), TestContext.Current.CancellationToken);
        using var output = new MemoryStream();
        var batch = BatchPipeline.RunAsync(LineSource.Of(pipe.Reader, OneLineBlocks.MaxLineBytes, OneLineBlocks.BlockBytes), "input", output, [Worker(0), Worker(1)], _ => { }, OneLineBlocks, cancel.Token);
        var limit = DateTime.UtcNow.AddSeconds(30);
        while (Interlocked.Read(ref stalled) < 0 || Interlocked.Read(ref furthest) < stalled + OneLineBlocks.ChunksInFlight - 1)
        {
            DateTime.UtcNow.Should().BeBefore(limit, "worker 1 reaches the end of the blocks in flight");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        await Task.Delay(50, TestContext.Current.CancellationToken);

        // Read while worker 0 is still stalled: once the caller's source is cancelled, worker 0 wakes (its wait handle is set
        // before the batch's linked source hears of it) and may hand its block in, making room, before the batch sees the
        // cancellation; what worker 1 does then is not what this test is about.
        var furthestBeforeCancel = Interlocked.Read(ref furthest);
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => batch.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))
            .Should().ThrowAsync<OperationCanceledException>();
        furthestBeforeCancel.Should().Be(stalled + OneLineBlocks.ChunksInFlight - 1, "worker 1 waited for room until the batch was cancelled");
    }

    [Fact]
    public async Task Input_that_fails_ends_the_batch_with_the_read_error()
    {
        using var output = new MemoryStream();
        Action<LineBlock> worker = block => block.Output.Write(block.Lines.Span);

        var run = () => BatchPipeline.RunAsync(LineSource.Open(new FailingStream(Lines(100)), OneLineBlocks), "cases.jsonl", output, [worker, worker], _ => { }, OneLineBlocks, TestContext.Current.CancellationToken);

        (await run.Should().ThrowExactlyAsync<CommandFailedException>().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))
            .WithMessage("cannot read cases.jsonl: the disk went away");
    }

    private static void InterlockedMax(ref long location, long value)
    {
        var seen = Interlocked.Read(ref location);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref location, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>Gives its bytes, then fails as a failing disk does.</summary>
    private sealed class FailingStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position == data.Length)
            {
                throw new IOException("the disk went away");
            }

            var count = Math.Min(buffer.Length, data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
