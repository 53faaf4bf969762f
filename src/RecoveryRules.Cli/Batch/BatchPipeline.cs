using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// The parallel pipeline of <c>eval --cases</c> (<see cref="JsonLinesBatch"/>) and <c>replay</c>
/// (<c>Replay.RecordsBatch</c>): JSON Lines in, output lines in input order, in bounded memory.
/// </summary>
/// <remarks>
/// One reader cuts the input, read through a <see cref="PipeReader"/>, into blocks of whole lines
/// (<see cref="JsonLinesReader"/>) and hands each block both to the workers and, in input order, to the writer.
/// The workers (one per core) handle whole blocks into each block's own output buffer. The writer takes blocks in
/// input order, waits for each to be handled and writes its output. The reader, the workers and the writer run on threads
/// of their own and wait there (docs/design.md §31). The in-order channel is bounded, so the reader
/// never runs more than <see cref="BatchOptions.ChunksInFlight"/> blocks ahead of the output: memory stays bounded
/// by block size × blocks in flight, however long the input.
/// </remarks>
internal static class BatchPipeline
{
    /// <summary>Runs the pipeline.</summary>
    /// <param name="input">The JSON Lines; completed when the input has been read.</param>
    /// <param name="inputName">How to name the input in an error message.</param>
    /// <param name="output">Where the output goes.</param>
    /// <param name="workers">One handler per worker: it fills a block's output (and counts) from its lines.</param>
    /// <param name="written">Called in input order for each handled block, just before its output is written.</param>
    /// <param name="options">Block size and limits.</param>
    /// <param name="cancellationToken">Stops the pipeline.</param>
    /// <exception cref="CommandFailedException">The input cannot be read or the output cannot be written.</exception>
    public static async Task RunAsync(
        PipeReader input,
        string inputName,
        Stream output,
        IReadOnlyList<Action<LineBlock>> workers,
        Action<LineBlock> written,
        BatchOptions options,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;
        var free = new ConcurrentQueue<LineBlock>();
        // Every stage waits on a thread of its own (docs/design.md §31), so a hand-off completes the waiter where it happens
        // (synchronous continuations: the waiter is a blocked thread's event, never arbitrary code) instead of through the pool.
        var inOrder = Channel.CreateBounded<LineBlock>(new BoundedChannelOptions(options.ChunksInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = true,
        });

        // Unbounded, but only ever holds blocks already admitted to the bounded in-order channel.
        var toHandle = Channel.CreateUnbounded<LineBlock>(new UnboundedChannelOptions { SingleWriter = true, AllowSynchronousContinuations = true });

        var read = RunOnOwnThread(
            () =>
            {
                try
                {
                    var reader = new JsonLinesReader(input, options.MaxLineBytes);
                    while (true)
                    {
                        var block = free.TryDequeue(out var reused) ? reused : new LineBlock();
                        if (!Wait(ReadAsync(reader, block, inputName, token)))
                        {
                            break;
                        }

                        while (!inOrder.Writer.TryWrite(block))
                        {
                            // Only this thread completes the channel, so it is never completed here.
                            Wait(inOrder.Writer.WaitToWriteAsync(token));
                        }

                        toHandle.Writer.TryWrite(block);
                    }
                }
                catch
                {
                    stop.Cancel();
                    throw;
                }
                finally
                {
                    inOrder.Writer.TryComplete();
                    toHandle.Writer.TryComplete();
                    input.Complete();
                }
            },
            token);

        // A block's hand-off wakes one waiting thread, not a pool thread that spins and dispatches a continuation.
        var handlers = new Task[workers.Count];
        for (var i = 0; i < handlers.Length; i++)
        {
            var handle = workers[i];
            handlers[i] = RunOnOwnThread(() => Handle(handle, toHandle.Reader, stop, token), token);
        }

        var write = RunOnOwnThread(
            () =>
            {
                try
                {
                    while (Next(inOrder.Reader, token) is { } block)
                    {
                        WaitHandled(block, token);
                        written(block);
                        foreach (var segment in block.Output.WrittenSegments)
                        {
                            Write(output, segment.Span);
                        }

                        if (block.Reset(options.ChunkBytes))
                        {
                            free.Enqueue(block);
                        }
                    }

                    Write(output, []);
                }
                catch
                {
                    stop.Cancel();
                    throw;
                }
            },
            token);

        Task[] all = [read, write, .. handlers];
        try
        {
            await Task.WhenAll(all).ConfigureAwait(false);
        }
        catch (Exception) when (FirstFailure(all) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Runs <paramref name="loop"/> on a thread of its own (it blocks while it waits for work).</summary>
    private static Task RunOnOwnThread(Action loop, CancellationToken token) =>
        Task.Factory.StartNew(loop, token, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    /// <summary>A worker: handles blocks until there are no more, each block's failure its completion's and the batch's.</summary>
    private static void Handle(Action<LineBlock> handle, ChannelReader<LineBlock> blocks, CancellationTokenSource stop, CancellationToken token)
    {
        while (Next(blocks, token) is { } block)
        {
            try
            {
                handle(block);
                block.Completion.TrySetResult();
            }
            catch (Exception exception)
            {
                block.Completion.TrySetException(exception);
                stop.Cancel();
                throw;
            }
        }
    }

    /// <summary>The next item of <paramref name="reader"/>, waiting for it on this thread; <see langword="null"/> once the channel is completed and empty.</summary>
    private static LineBlock? Next(ChannelReader<LineBlock> reader, CancellationToken token)
    {
        while (true)
        {
            if (reader.TryRead(out var block))
            {
                return block;
            }

            token.ThrowIfCancellationRequested();
            if (!Wait(reader.WaitToReadAsync(token)))
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Waits on this thread until a worker has handled <paramref name="block"/>, and throws the worker's exception if it failed.
    /// <see cref="Task.Wait(CancellationToken)"/> is woken where the worker completes the block, not through the pool (as a
    /// continuation of <c>WaitAsync</c> is); its <see cref="AggregateException"/> is left for the block's own exception.
    /// </summary>
    private static void WaitHandled(LineBlock block, CancellationToken token)
    {
        var handled = block.Completion.Task;
        if (!handled.IsCompleted)
        {
            try
            {
                handled.Wait(token);
            }
            catch (AggregateException)
            {
                // The block's own exception is thrown below.
            }
        }

        handled.GetAwaiter().GetResult();
    }

    /// <summary>The result of <paramref name="pending"/>, waiting for it on this thread.</summary>
    private static T Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static async ValueTask<bool> ReadAsync(JsonLinesReader reader, LineBlock block, string inputName, CancellationToken token)
    {
        try
        {
            return await reader.ReadAsync(block, token).ConfigureAwait(false);
        }
        catch (Exception exception) when (InputFailure.IsReadFailure(exception))
        {
            throw InputFailure.Create(inputName, exception);
        }
    }

    /// <summary>Writes bytes (or, given none, flushes), on the writer's own thread.</summary>
    private static void Write(Stream output, ReadOnlySpan<byte> bytes)
    {
        try
        {
            if (bytes.IsEmpty)
            {
                output.Flush();
            }
            else
            {
                output.Write(bytes);
            }
        }
        catch (IOException exception)
        {
            throw new CommandFailedException("cannot write to standard output: " + exception.Message, ExitCodes.Unusable, exception);
        }
    }

    /// <summary>The first failure that is not merely the cancellation it caused in the other tasks.</summary>
    private static Exception? FirstFailure(Task[] tasks) =>
        tasks.Where(task => task.IsFaulted)
            .SelectMany(task => task.Exception!.InnerExceptions)
            .FirstOrDefault(exception => exception is not OperationCanceledException);
}
