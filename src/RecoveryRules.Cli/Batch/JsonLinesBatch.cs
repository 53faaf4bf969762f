using RecoveryRules.Cli.Input;
using RecoveryRules.Cli.Output;

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// Evaluates a stream of JSON Lines in parallel, in bounded memory, writing the outcomes in input order
/// (<see cref="BatchPipeline"/>, docs/performance.md "Batch throughput"): each worker has its own
/// <see cref="CaseEvaluator"/>, reused for every case it decides.
/// </summary>
internal static class JsonLinesBatch
{
    /// <summary>Runs the batch.</summary>
    /// <param name="policy">The policy (shared by the workers; it is thread-safe).</param>
    /// <param name="input">The JSON Lines, cut into blocks; completed when read.</param>
    /// <param name="inputName">How to name the input in an error message.</param>
    /// <param name="output">Where the outcomes go.</param>
    /// <param name="createWriter">Makes one outcome writer per worker.</param>
    /// <param name="evaluation">Evaluation options (the explanation for <c>--explain</c>).</param>
    /// <param name="options">Block size, workers and limits.</param>
    /// <param name="recording">How to record each case (<c>--record</c>); <c>null</c>: no records. A block's records are appended, in input order, before its outcomes are written.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    /// <returns>How many cases were read and how many were errors.</returns>
    /// <exception cref="CommandFailedException">The input cannot be read or the output cannot be written.</exception>
    public static async Task<BatchSummary> RunAsync(
        RecoveryPolicy policy,
        LineSource input,
        string inputName,
        Stream output,
        Func<OutcomeWriter> createWriter,
        EvaluationOptions evaluation,
        BatchOptions options,
        CaseRecording? recording,
        CancellationToken cancellationToken)
    {
        var workers = new Action<LineBlock>[Math.Max(1, options.Workers)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new CaseEvaluator(policy, createWriter(), evaluation, options.MaxLineBytes, recording).EvaluateLines;
        }

        var summary = default(BatchSummary);
        await BatchPipeline.RunAsync(
            input,
            inputName,
            output,
            workers,
            block =>
            {
                summary += new BatchSummary(block.Cases, block.Errors);
                recording?.File.Append(block.RecordedLines);
            },
            options,
            cancellationToken).ConfigureAwait(false);
        return summary;
    }
}
