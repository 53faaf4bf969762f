using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Replay;

/// <summary>
/// Replays a stream of decision records in parallel, in bounded memory, writing each record's output lines in
/// input order: the pipeline of <see cref="JsonLinesBatch"/> (docs/performance.md, "Replay throughput") with
/// records instead of cases.
/// </summary>
/// <remarks>
/// One reader cuts the input into chunks of whole lines (<see cref="LineChunkReader"/>) and hands each chunk both to
/// the workers and, in input order, to the writer. Each worker (one per core) replays whole chunks into the chunk's
/// own output buffer and counts into its own <see cref="ReplayTally"/>. The writer takes chunks in input order,
/// waits for each to be replayed and writes its output. The in-order channel is bounded, so the reader never runs
/// more than <see cref="BatchOptions.ChunksInFlight"/> chunks ahead of the output: memory stays bounded by chunk
/// size × chunks in flight, however many records the file holds.
/// </remarks>
internal static class RecordsBatch
{
    /// <summary>Replays one records stream.</summary>
    /// <param name="input">The records, as JSON Lines.</param>
    /// <param name="inputName">How to name the input in an error message.</param>
    /// <param name="output">Where the output lines go.</param>
    /// <param name="replayers">One replayer per worker (its count is the number of workers).</param>
    /// <param name="options">Chunk size and limits.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <exception cref="CommandFailedException">The input cannot be read or the output cannot be written.</exception>
    public static async Task RunAsync(
        Stream input,
        string inputName,
        Stream output,
        IReadOnlyList<RecordReplayer> replayers,
        BatchOptions options,
        CancellationToken cancellationToken)
    {
        BatchPipeline.EnsureThreads(replayers.Count + 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;
        var pool = new ChunkPool(options.ChunkBytes);
        var inOrder = Channel.CreateBounded<CaseChunk>(new BoundedChannelOptions(options.ChunksInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // Unbounded, but only ever holds chunks already admitted to the bounded in-order channel.
        var toReplay = Channel.CreateUnbounded<CaseChunk>(new UnboundedChannelOptions { SingleWriter = true });

        var read = Task.Run(
            async () =>
            {
                try
                {
                    var reader = new LineChunkReader(input, pool, options.MaxLineBytes);
                    while (await BatchPipeline.ReadAsync(reader, inputName, token).ConfigureAwait(false) is { } chunk)
                    {
                        await inOrder.Writer.WriteAsync(chunk, token).ConfigureAwait(false);
                        toReplay.Writer.TryWrite(chunk);
                    }
                }
                catch
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    inOrder.Writer.TryComplete();
                    toReplay.Writer.TryComplete();
                }
            },
            token);

        var workers = new Task[replayers.Count];
        for (var i = 0; i < workers.Length; i++)
        {
            var replayer = replayers[i];
            workers[i] = Task.Run(
                async () =>
                {
                    await foreach (var chunk in toReplay.Reader.ReadAllAsync(token).ConfigureAwait(false))
                    {
                        try
                        {
                            replayer.ReplayLines(chunk);
                            chunk.Completion.TrySetResult();
                        }
                        catch (Exception exception)
                        {
                            chunk.Completion.TrySetException(exception);
                            await stop.CancelAsync().ConfigureAwait(false);
                            throw;
                        }
                    }
                },
                token);
        }

        var write = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var chunk in inOrder.Reader.ReadAllAsync(token).ConfigureAwait(false))
                    {
                        await chunk.Completion.Task.WaitAsync(token).ConfigureAwait(false);
                        if (chunk.Output.WrittenCount > 0)
                        {
                            await BatchPipeline.WriteAsync(output, chunk.Output.WrittenMemory, token).ConfigureAwait(false);
                        }

                        pool.Return(chunk);
                    }

                    await BatchPipeline.WriteAsync(output, ReadOnlyMemory<byte>.Empty, token).ConfigureAwait(false);
                }
                catch
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            },
            token);

        Task[] all = [read, write, .. workers];
        try
        {
            await Task.WhenAll(all).ConfigureAwait(false);
        }
        catch (Exception) when (BatchPipeline.FirstFailure(all) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
