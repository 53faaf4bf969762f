using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// What the parallel pipelines of <c>eval</c> (<see cref="JsonLinesBatch"/>) and <c>replay</c>
/// (<c>Replay.RecordsBatch</c>) share: threads for the reader and the writer, reading a chunk with
/// input failures named, writing in order with output failures named, and the first real failure.
/// </summary>
internal static class BatchPipeline
{
    /// <summary>
    /// The workers keep their pool threads busy for as long as there are chunks, so the reader and the
    /// writer need threads of their own: without them they wait for the pool to notice the starvation.
    /// </summary>
    internal static void EnsureThreads(int threads)
    {
        ThreadPool.GetMinThreads(out var workerThreads, out var completionPortThreads);
        if (workerThreads < threads)
        {
            ThreadPool.SetMinThreads(threads, completionPortThreads);
        }
    }

    internal static async ValueTask<CaseChunk?> ReadAsync(LineChunkReader reader, string inputName, CancellationToken token)
    {
        try
        {
            return await reader.ReadAsync(token).ConfigureAwait(false);
        }
        catch (Exception exception) when (InputFailure.IsReadFailure(exception))
        {
            throw InputFailure.Create(inputName, exception);
        }
    }

    /// <summary>Writes bytes (or, given none, flushes).</summary>
    internal static async ValueTask WriteAsync(Stream output, ReadOnlyMemory<byte> bytes, CancellationToken token)
    {
        try
        {
            if (bytes.IsEmpty)
            {
                await output.FlushAsync(token).ConfigureAwait(false);
            }
            else
            {
                await output.WriteAsync(bytes, token).ConfigureAwait(false);
            }
        }
        catch (IOException exception)
        {
            throw new CommandFailedException("cannot write to standard output: " + exception.Message, ExitCodes.Unusable, exception);
        }
    }

    /// <summary>The first failure that is not merely the cancellation it caused in the other tasks.</summary>
    internal static Exception? FirstFailure(Task[] tasks) =>
        tasks.Where(task => task.IsFaulted)
            .SelectMany(task => task.Exception!.InnerExceptions)
            .FirstOrDefault(exception => exception is not OperationCanceledException);
}
