using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
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
/// of their own and wait there, on one monitor (<see cref="Handoff"/>, docs/design.md §31, §34). The in-order queue is bounded, so the reader
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
        var handoff = new Handoff(options.ChunksInFlight);

        // Cancellation (the caller's, or a stage's failure) wakes every stage that waits on the monitor.
        using var wake = token.Register(static state => ((Handoff)state!).WakeAll(), handoff);

        var read = RunOnOwnThread(
            () =>
            {
                try
                {
                    var reader = new JsonLinesReader(input, options.MaxLineBytes);
                    while (true)
                    {
                        var block = handoff.FreeBlock() ?? new LineBlock();
                        if (!Wait(ReadAsync(reader, block, inputName, token)))
                        {
                            break;
                        }

                        handoff.Add(block, token);
                    }
                }
                catch
                {
                    stop.Cancel();
                    throw;
                }
                finally
                {
                    handoff.CompleteAdding();
                    input.Complete();
                }
            },
            token);

        var handlers = new Task[workers.Count];
        for (var i = 0; i < handlers.Length; i++)
        {
            var handle = workers[i];
            handlers[i] = RunOnOwnThread(() => Handle(handle, handoff, stop, token), token);
        }

        var write = RunOnOwnThread(
            () =>
            {
                try
                {
                    while (handoff.NextInOrder(token) is { } block)
                    {
                        handoff.WaitHandled(block, token);
                        written(block);
                        foreach (var segment in block.Output.WrittenSegments)
                        {
                            Write(output, segment.Span);
                        }

                        if (block.Reset(options.ChunkBytes))
                        {
                            handoff.Free(block);
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

    /// <summary>A worker: handles blocks until there are no more, each block's failure its own and the batch's.</summary>
    private static void Handle(Action<LineBlock> handle, Handoff handoff, CancellationTokenSource stop, CancellationToken token)
    {
        while (handoff.NextToHandle(token) is { } block)
        {
            try
            {
                handle(block);
            }
            catch (Exception exception)
            {
                handoff.Handled(block, exception);
                stop.Cancel();
                throw;
            }

            handoff.Handled(block, null);
        }
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

    /// <summary>
    /// The blocks between the stages, behind one monitor (docs/design.md §34): the in-order queue (bounded by the blocks in
    /// flight), the queue of blocks to handle, the free blocks, and each block's handling. A stage that cannot go on waits
    /// on the monitor and every change wakes the waiters, who look again: a handful of threads and one hand-off per block
    /// of thousands of cases, so one lock is all it needs. Nothing here runs on the thread pool, and it is a few small
    /// methods of this assembly, where channels, task completions and their continuations were some two hundred methods of
    /// the framework's for the tiered compiler to recompile while the workers run.
    /// </summary>
    private sealed class Handoff(int inFlight)
    {
        // An object, not a System.Threading.Lock: the stages wait on it with Monitor.Wait.
        private readonly object _lock = new();
        private readonly Queue<LineBlock> _inOrder = new();
        private readonly Queue<LineBlock> _toHandle = new();
        private readonly Stack<LineBlock> _free = new();
        private bool _adding = true;

        /// <summary>A block handed back by the writer for reuse, if there is one.</summary>
        public LineBlock? FreeBlock()
        {
            lock (_lock)
            {
                return _free.TryPop(out var block) ? block : null;
            }
        }

        /// <summary>Gives a block back for reuse.</summary>
        public void Free(LineBlock block)
        {
            lock (_lock)
            {
                _free.Push(block);
            }
        }

        /// <summary>Hands a read block to the writer (waiting while <c>inFlight</c> blocks are ahead of it) and to the workers.</summary>
        public void Add(LineBlock block, CancellationToken token)
        {
            lock (_lock)
            {
                while (_inOrder.Count >= inFlight)
                {
                    WaitOrThrow(token);
                }

                _inOrder.Enqueue(block);
                _toHandle.Enqueue(block);
                Monitor.PulseAll(_lock);
            }
        }

        /// <summary>No more blocks will be added (the reader has ended, however it ended).</summary>
        public void CompleteAdding()
        {
            lock (_lock)
            {
                _adding = false;
                Monitor.PulseAll(_lock);
            }
        }

        /// <summary>The next block to handle; <see langword="null"/> once the reader has ended and every block was taken.</summary>
        public LineBlock? NextToHandle(CancellationToken token) => Next(_toHandle, token);

        /// <summary>The next block in input order; <see langword="null"/> once the reader has ended and every block was taken.</summary>
        public LineBlock? NextInOrder(CancellationToken token) => Next(_inOrder, token);

        /// <summary>Marks a block handled (<paramref name="failure"/>: its handler's exception) and wakes the writer.</summary>
        public void Handled(LineBlock block, Exception? failure)
        {
            lock (_lock)
            {
                block.Failure = failure;
                block.IsHandled = true;
                Monitor.PulseAll(_lock);
            }
        }

        /// <summary>Waits until a worker has handled <paramref name="block"/>, and throws the worker's exception if it failed.</summary>
        public void WaitHandled(LineBlock block, CancellationToken token)
        {
            lock (_lock)
            {
                while (!block.IsHandled)
                {
                    WaitOrThrow(token);
                }
            }

            if (block.Failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        /// <summary>Wakes every waiting stage (on cancellation, so that each sees it).</summary>
        public void WakeAll()
        {
            lock (_lock)
            {
                Monitor.PulseAll(_lock);
            }
        }

        private LineBlock? Next(Queue<LineBlock> queue, CancellationToken token)
        {
            lock (_lock)
            {
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    if (queue.TryDequeue(out var block))
                    {
                        Monitor.PulseAll(_lock); // room in the in-order queue for the reader
                        return block;
                    }

                    if (!_adding)
                    {
                        return null;
                    }

                    Monitor.Wait(_lock);
                }
            }
        }

        /// <summary>Waits on the monitor (held) for a change; throws if the batch was cancelled.</summary>
        private void WaitOrThrow(CancellationToken token)
        {
            token.ThrowIfCancellationRequested();
            Monitor.Wait(_lock);
            token.ThrowIfCancellationRequested();
        }
    }
}
