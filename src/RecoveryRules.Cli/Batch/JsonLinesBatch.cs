using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using RecoveryRules.Cli.Input;
using RecoveryRules.Cli.Output;

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// Evaluates a stream of JSON Lines in parallel, in bounded memory, writing the outcomes in input order.
/// </summary>
/// <remarks>
/// One reader cuts the input into chunks of whole lines (<see cref="LineChunkReader"/>) and hands each
/// chunk both to the workers and, in input order, to the writer. The workers (one per core) evaluate
/// whole chunks into each chunk's own output buffer. The writer takes chunks in input order, waits for
/// each to be evaluated and writes its output. The in-order channel is bounded, so the reader never runs
/// more than <see cref="BatchOptions.ChunksInFlight"/> chunks ahead of the output: memory stays bounded
/// by chunk size × chunks in flight, however long the input.
/// </remarks>
internal static class JsonLinesBatch
{
    /// <summary>Runs the batch.</summary>
    /// <param name="policy">The policy (shared by the workers; it is thread-safe).</param>
    /// <param name="input">JSON Lines.</param>
    /// <param name="inputName">How to name the input in an error message.</param>
    /// <param name="output">Where the outcomes go.</param>
    /// <param name="createWriter">Makes one outcome writer per worker.</param>
    /// <param name="evaluation">Evaluation options (the explanation for <c>--explain</c>).</param>
    /// <param name="options">Chunk size, workers and limits.</param>
    /// <param name="recording">How to record each case (<c>--record</c>); <c>null</c>: no records. A chunk's records are appended, in input order, before its outcomes are written.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    /// <returns>How many cases were read and how many were errors.</returns>
    /// <exception cref="CommandFailedException">The input cannot be read or the output cannot be written.</exception>
    public static async Task<BatchSummary> RunAsync(
        RecoveryPolicy policy,
        Stream input,
        string inputName,
        Stream output,
        Func<OutcomeWriter> createWriter,
        EvaluationOptions evaluation,
        BatchOptions options,
        CaseRecording? recording,
        CancellationToken cancellationToken)
    {
        BatchPipeline.EnsureThreads(options.Workers + 2);
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
        var toEvaluate = Channel.CreateUnbounded<CaseChunk>(new UnboundedChannelOptions { SingleWriter = true });
        var summary = default(BatchSummary);

        var read = Task.Run(
            async () =>
            {
                try
                {
                    var reader = new LineChunkReader(input, pool, options.MaxLineBytes);
                    while (await BatchPipeline.ReadAsync(reader, inputName, token).ConfigureAwait(false) is { } chunk)
                    {
                        await inOrder.Writer.WriteAsync(chunk, token).ConfigureAwait(false);
                        toEvaluate.Writer.TryWrite(chunk);
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
                    toEvaluate.Writer.TryComplete();
                }
            },
            token);

        var workers = new Task[Math.Max(1, options.Workers)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(
                async () =>
                {
                    var evaluator = new CaseEvaluator(policy, createWriter(), evaluation, options.MaxLineBytes, recording);
                    await foreach (var chunk in toEvaluate.Reader.ReadAllAsync(token).ConfigureAwait(false))
                    {
                        try
                        {
                            evaluator.EvaluateLines(chunk);
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
                        summary += new BatchSummary(chunk.Cases, chunk.Errors);
                        recording?.File.Append(chunk.RecordedLines);
                        await BatchPipeline.WriteAsync(output, chunk.Output.WrittenMemory, token).ConfigureAwait(false);
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

        return summary;
    }
}
