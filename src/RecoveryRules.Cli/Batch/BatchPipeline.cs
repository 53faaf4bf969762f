using System.Runtime.ExceptionServices;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// The parallel pipeline of <c>eval --cases</c> (<see cref="JsonLinesBatch"/>) and <c>replay</c>
/// (<c>Replay.RecordsBatch</c>): JSON Lines in, output lines in input order, in bounded memory.
/// </summary>
/// <remarks>
/// The workers (one per core, each on a thread of its own) take turns (<see cref="Turns"/>, docs/design.md §39): a worker
/// reads the next block of whole lines (<see cref="LineSource"/>), in turn with the others, handles it into the block's own
/// output and, when the block is the next to be written, writes it and every handled block that follows it, in input
/// order. No thread of its own reads or writes, so a block is handed over without waking one: a worker waits only while
/// another reads, or when it is <see cref="BatchOptions.ChunksInFlight"/> blocks ahead of the output, so memory stays
/// bounded by block size × blocks in flight, however long the input.
/// </remarks>
internal static class BatchPipeline
{
    /// <summary>Runs the pipeline.</summary>
    /// <param name="input">The JSON Lines, cut into blocks; completed when the input has been read.</param>
    /// <param name="inputName">How to name the input in an error message.</param>
    /// <param name="output">Where the output goes.</param>
    /// <param name="workers">One handler per worker: it fills a block's output (and counts) from its lines.</param>
    /// <param name="written">Called in input order for each handled block, just before its output is written (never by two threads at once).</param>
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
        var turns = new Turns(input, inputName, output, written, options, workers.Count, stop);

        // Cancellation (the caller's, or a worker's failure) wakes every worker that waits for room.
        using var wake = stop.Token.Register(static state => ((Turns)state!).WakeAll(), turns);

        var tasks = new Task[workers.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var handle = workers[i];
            tasks[i] = Task.Factory.StartNew(
                () => turns.Work(handle),
                stop.Token,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (FirstFailure(tasks) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            turns.CompleteInput();
        }
    }

    /// <summary>The first failure that is not merely the cancellation it caused in the other tasks.</summary>
    private static Exception? FirstFailure(Task[] tasks) =>
        tasks.Where(task => task.IsFaulted)
            .SelectMany(task => task.Exception!.InnerExceptions)
            .FirstOrDefault(exception => exception is not OperationCanceledException);

    /// <summary>
    /// The workers' turns (docs/design.md §39): reading (one at a time, behind <c>_readTurn</c>), and writing (the worker that
    /// hands in the block next in input order writes it and the handled blocks after it, while the others go on). The blocks
    /// read and not yet written are numbered; a handled block waits in a ring of <see cref="BatchOptions.ChunksInFlight"/>
    /// places until its turn to be written. The state behind <c>_gate</c> is held for a few instructions at a time; a worker
    /// waits on it only for room (<c>ChunksInFlight</c> blocks ahead of the output), and cancellation wakes it.
    /// </summary>
    private sealed class Turns(LineSource input, string inputName, Stream output, Action<LineBlock> written, BatchOptions options, int workers, CancellationTokenSource stop)
    {
        private const int FirstBlockBytes = 16 * 1024;
        private const int MinBlockBytes = 4 * 1024;

        private readonly object _readTurn = new();
        private readonly object _gate = new();
        private readonly LineBlock?[] _handled = new LineBlock?[options.ChunksInFlight]; // by number modulo its length; under _gate
        private readonly Stack<LineBlock> _free = new(); // under _gate
        private readonly CancellationToken _token = stop.Token;
        private long _nextRead; // the number of the next block read; under _readTurn
        private long _nextWrite; // the number of the next block to write; under _gate
        private bool _writing; // a worker is writing; under _gate
        private int _waiting; // workers waiting on _gate; under _gate
        private bool _inputEnded; // under _readTurn
        private bool _inputCompleted; // under _readTurn
        private int _working = workers; // workers that have not ended normally
        private long _inputHanded; // bytes of input of the blocks handed in; under _gate
        private long _outputHanded; // bytes of output of the blocks handed in; under _gate

        /// <summary>A worker: reads, handles and (in its turn) writes blocks until the input ends; any failure cancels the batch.</summary>
        public void Work(Action<LineBlock> handle)
        {
            try
            {
                while (Next() is { } block)
                {
                    handle(block);
                    Handed(block);
                }

                if (Interlocked.Decrement(ref _working) == 0)
                {
                    Write(output, []); // every block is written: the last worker to end flushes
                }
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }

        /// <summary>Wakes every waiting worker (on cancellation, so that each sees it).</summary>
        public void WakeAll()
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Marks the input read (once): the worker that reads its end does, and the batch when it ends however it ends.</summary>
        public void CompleteInput()
        {
            lock (_readTurn)
            {
                if (!_inputCompleted)
                {
                    _inputCompleted = true;
                    input.Complete();
                }
            }
        }

        /// <summary>The next block, read in this worker's turn; <see langword="null"/> at the end of the input.</summary>
        private LineBlock? Next()
        {
            lock (_readTurn)
            {
                _token.ThrowIfCancellationRequested();
                if (_inputEnded)
                {
                    return null;
                }

                LineBlock block;
                lock (_gate)
                {
                    while (_nextRead - _nextWrite >= _handled.Length)
                    {
                        WaitForRoom();
                    }

                    block = _free.TryPop(out var free) ? free : new LineBlock();
                    input.BlockBytes = NextBlockBytes();
                }

                if (!Read(block))
                {
                    _inputEnded = true;
                    CompleteInput();
                    return null;
                }

                block.Number = _nextRead++;
                return block;
            }
        }

        /// <summary>Hands in a handled block; if it is the next to be written, writes it and the handled blocks after it.</summary>
        private void Handed(LineBlock block)
        {
            lock (_gate)
            {
                _inputHanded += block.Length;
                _outputHanded += block.Output.WrittenCount;
                if (_inputHanded > 1L << 40)
                {
                    _inputHanded >>= 1;
                    _outputHanded >>= 1;
                }

                _handled[block.Number % _handled.Length] = block;
                if (_writing || block.Number != _nextWrite)
                {
                    return;
                }

                _writing = true;
            }

            for (LineBlock? next = block; next is not null;)
            {
                _token.ThrowIfCancellationRequested();
                written(next);
                foreach (var segment in next.Output.WrittenSegments)
                {
                    Write(output, segment.Span);
                }

                var reuse = next.Reset(options.BlockBytes);
                lock (_gate)
                {
                    _handled[_nextWrite % _handled.Length] = null;
                    _nextWrite++;
                    if (reuse)
                    {
                        _free.Push(next);
                    }

                    if (_waiting > 0)
                    {
                        Monitor.PulseAll(_gate); // room for the worker that reads
                    }

                    // The place of the next number holds that block once handed in (the numbers in flight span less than the ring).
                    next = _handled[_nextWrite % _handled.Length];
                    _writing = next is not null;
                }
            }
        }

        /// <summary>
        /// How many bytes of input the next block holds at most (under <c>_gate</c>): about <see cref="BatchOptions.BlockOutputBytes"/>
        /// of output at the input per output byte of the blocks so far; the first blocks, before any was handled, 16 KiB.
        /// </summary>
        private int NextBlockBytes()
        {
            if (options.BlockOutputBytes <= 0)
            {
                return options.BlockBytes;
            }

            var bytes = _inputHanded == 0 ? FirstBlockBytes
                : _outputHanded == 0 ? options.BlockBytes
                : options.BlockOutputBytes * _inputHanded / _outputHanded;
            return (int)Math.Min(Math.Max(bytes, MinBlockBytes), options.BlockBytes);
        }

        /// <summary>Waits on <c>_gate</c> (held) for room; throws if the batch was cancelled.</summary>
        private void WaitForRoom()
        {
            _token.ThrowIfCancellationRequested();
            _waiting++;
            try
            {
                Monitor.Wait(_gate);
            }
            finally
            {
                _waiting--;
            }

            _token.ThrowIfCancellationRequested();
        }

        /// <summary>Reads the next block; a failure to read is the input's, named.</summary>
        private bool Read(LineBlock block)
        {
            try
            {
                return input.Read(block, _token);
            }
            catch (Exception exception) when (InputFailure.IsReadFailure(exception))
            {
                throw InputFailure.Create(inputName, exception);
            }
        }

        /// <summary>Writes bytes (or, given none, flushes).</summary>
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
    }
}
