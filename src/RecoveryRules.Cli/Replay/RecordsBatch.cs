using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Replay;

/// <summary>
/// Replays a stream of decision records in parallel, in bounded memory, writing each record's output lines in
/// input order: the pipeline of <c>eval --cases</c> (<see cref="BatchPipeline"/>, docs/performance.md, "Replay
/// throughput") with records instead of cases. Each worker replays whole blocks of lines and counts into its own
/// <see cref="ReplayTally"/>.
/// </summary>
internal static class RecordsBatch
{
    /// <summary>Replays one records stream.</summary>
    /// <param name="input">The records, as JSON Lines; completed when read.</param>
    /// <param name="inputName">How to name the input in an error message.</param>
    /// <param name="output">Where the output lines go.</param>
    /// <param name="replayers">One replayer per worker (its count is the number of workers).</param>
    /// <param name="options">Block size and limits.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <exception cref="CommandFailedException">The input cannot be read or the output cannot be written.</exception>
    public static Task RunAsync(
        LineSource input,
        string inputName,
        Stream output,
        IReadOnlyList<RecordReplayer> replayers,
        BatchOptions options,
        CancellationToken cancellationToken) =>
        BatchPipeline.RunAsync(input, inputName, output, [.. replayers.Select(r => (Action<LineBlock>)r.ReplayLines)], static _ => { }, options, cancellationToken);
}
