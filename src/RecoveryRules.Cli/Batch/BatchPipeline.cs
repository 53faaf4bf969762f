using System.Runtime.ExceptionServices;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// The parallel pipeline of <c>eval --cases</c> (<see cref="JsonLinesBatch"/>) and <c>replay</c>
/// (<c>Replay.RecordsBatch</c>): JSON Lines in, output lines in input order, in bounded memory.
/// </summary>
/// <remarks>
/// One reader cuts the input into blocks of whole lines (<see cref="LineSource"/>) and hands each block both to the workers and, in input order, to the writer.
/// The workers (one per core) handle whole blocks into each block's own output buffer. The writer takes blocks in
/// input order, waits for each to be handled and writes its output. The reader, the workers and the writer run on threads
/// of their own and wait there (<see cref="Handoff"/>, docs/design.md §31, §34). The in-order queue is bounded, so the reader
/// never runs more than <see cref="BatchOptions.ChunksInFlight"/> blocks ahead of the output: memory stays bounded
/// by block size × blocks in flight, however long the input.
/// </remarks>
internal static class BatchPipeline
{
    /// <summary>Runs the pipeline.</summary>
    /// <param name="input">The JSON Lines, cut into blocks; completed when the input has been read.</param>
    /// <param name="inputName">How to name the input in an error message.</param>
    /// <param name="output">Where the output goes.</param>
    /// <param name="workers">One handler per worker: it fills a block's output (and counts) from its lines.</param>
    /// <param name="written">Called in input order for each handled block, just before its output is written.</param>
    /// <param name="options">Block size and limits.</param>
    /// <param name="cancellationToken">Stops the pipeline.</param>
    /// <exception cref="CommandFailedException">The input cannot be read or the output cannot be written.</exception>
    public static async Task RunAsync(
        LineSource input,
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
                    while (true)
                    {
                        var block = handoff.FreeBlock() ?? new LineBlock();
                        if (!Read(input, block, inputName, token))
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
                Handoff.Handled(block, exception);
                stop.Cancel();
                throw;
            }

            Handoff.Handled(block, null);
        }
    }

    /// <summary>Reads the next block, on the reader's own thread; a failure to read is the input's, named.</summary>
    private static bool Read(LineSource input, LineBlock block, string inputName, CancellationToken token)
    {
        try
        {
            return input.Read(block, token);
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
    /// The blocks between the stages (docs/design.md §34): the in-order queue (bounded by the blocks in flight), the queue of
    /// blocks to handle, the free blocks, and each block's handling, each behind its own monitor, so that a change wakes only
    /// the stage that waits for it: the reader waits on the in-order queue for room (the writer for a block there; the two
    /// never wait at once), a worker on the queue to handle, the writer on the block it writes next. Nothing here runs on the
    /// thread pool, and it is a few small methods of this assembly where channels, task completions and their continuations
    /// were some seventy methods of the framework's for the tiered compiler to recompile while the workers run.
    /// </summary>
    private sealed class Handoff(int inFlight)
    {
        private readonly Queue<LineBlock> _inOrder = new();
        private readonly Queue<LineBlock> _toHandle = new();
        private readonly Stack<LineBlock> _free = new();
        private bool _inOrderOpen = true; // under _inOrder's lock
        private bool _toHandleOpen = true; // under _toHandle's lock
        private volatile LineBlock? _awaited; // the block the writer waits for, to wake on cancellation

        /// <summary>A block handed back by the writer for reuse, if there is one.</summary>
        public LineBlock? FreeBlock()
        {
            lock (_free)
            {
                return _free.TryPop(out var block) ? block : null;
            }
        }

        /// <summary>Gives a block back for reuse.</summary>
        public void Free(LineBlock block)
        {
            lock (_free)
            {
                _free.Push(block);
            }
        }

        /// <summary>Hands a read block to the writer (waiting while <c>inFlight</c> blocks are ahead of it) and to the workers.</summary>
        public void Add(LineBlock block, CancellationToken token)
        {
            lock (_inOrder)
            {
                while (_inOrder.Count >= inFlight)
                {
                    WaitOrThrow(_inOrder, token);
                }

                _inOrder.Enqueue(block);
                Monitor.PulseAll(_inOrder);
            }

            lock (_toHandle)
            {
                _toHandle.Enqueue(block);
                Monitor.Pulse(_toHandle);
            }
        }

        /// <summary>No more blocks will be added (the reader has ended, however it ended).</summary>
        public void CompleteAdding()
        {
            lock (_inOrder)
            {
                _inOrderOpen = false;
                Monitor.PulseAll(_inOrder);
            }

            lock (_toHandle)
            {
                _toHandleOpen = false;
                Monitor.PulseAll(_toHandle);
            }
        }

        /// <summary>The next block to handle; <see langword="null"/> once the reader has ended and every block was taken.</summary>
        public LineBlock? NextToHandle(CancellationToken token)
        {
            lock (_toHandle)
            {
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    if (_toHandle.TryDequeue(out var block))
                    {
                        return block;
                    }

                    if (!_toHandleOpen)
                    {
                        return null;
                    }

                    Monitor.Wait(_toHandle);
                }
            }
        }

        /// <summary>The next block in input order; <see langword="null"/> once the reader has ended and every block was taken.</summary>
        public LineBlock? NextInOrder(CancellationToken token)
        {
            lock (_inOrder)
            {
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    if (_inOrder.TryDequeue(out var block))
                    {
                        Monitor.PulseAll(_inOrder); // room for the reader
                        return block;
                    }

                    if (!_inOrderOpen)
                    {
                        return null;
                    }

                    Monitor.Wait(_inOrder);
                }
            }
        }

        /// <summary>Marks a block handled (<paramref name="failure"/>: its handler's exception) and wakes the writer if it waits for it.</summary>
        public static void Handled(LineBlock block, Exception? failure)
        {
            lock (block)
            {
                block.Failure = failure;
                block.IsHandled = true;
                Monitor.Pulse(block);
            }
        }

        /// <summary>Waits until a worker has handled <paramref name="block"/>, and throws the worker's exception if it failed.</summary>
        public void WaitHandled(LineBlock block, CancellationToken token)
        {
            _awaited = block;
            lock (block)
            {
                while (!block.IsHandled)
                {
                    WaitOrThrow(block, token);
                }
            }

            _awaited = null;
            if (block.Failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        /// <summary>Wakes every waiting stage (on cancellation, so that each sees it).</summary>
        public void WakeAll()
        {
            lock (_inOrder)
            {
                Monitor.PulseAll(_inOrder);
            }

            lock (_toHandle)
            {
                Monitor.PulseAll(_toHandle);
            }

            // The writer sets the block it waits for before it looks at the token under that block's lock: it sees the
            // cancellation, or it is waiting and this wakes it.
            if (_awaited is { } awaited)
            {
                lock (awaited)
                {
                    Monitor.PulseAll(awaited);
                }
            }
        }

        /// <summary>Waits on <paramref name="monitor"/> (held) for a change; throws if the batch was cancelled.</summary>
        private static void WaitOrThrow(object monitor, CancellationToken token)
        {
            token.ThrowIfCancellationRequested();
            Monitor.Wait(monitor);
            token.ThrowIfCancellationRequested();
        }
    }
}
