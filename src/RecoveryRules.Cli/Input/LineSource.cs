using System.IO.Pipelines;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Input;

/// <summary>
/// Where the batch's reader thread gets its blocks of whole JSON lines (<see cref="BatchPipeline"/>): a regular file is
/// read synchronously, straight into each block (<see cref="SynchronousLinesReader"/>, docs/design.md §34); anything
/// else through a <see cref="PipeReader"/> and <see cref="JsonLinesReader"/>, so that cases arriving slowly through a
/// pipe are decided as they come and a read can be cancelled.
/// </summary>
internal abstract class LineSource
{
    /// <summary>
    /// Reads the next block of whole lines into <paramref name="block"/>, waiting on this thread; <see langword="false"/> at
    /// the end of the input (the block is unused).
    /// </summary>
    public abstract bool Read(LineBlock block, CancellationToken cancellationToken);

    /// <summary>Marks the input read: nothing more is read from it (the stream itself is left open).</summary>
    public abstract void Complete();

    /// <summary>The source for a batch reading <paramref name="stream"/>: a regular file opened for synchronous reads is read synchronously, straight into the blocks.</summary>
    public static LineSource Open(Stream stream, BatchOptions options) =>
        SynchronousReadStream.Suits(stream)
            ? new SynchronousLinesReader(stream, options.ChunkBytes, options.MaxLineBytes)
            : Of(JsonLinesReader.Create(stream, options), options.MaxLineBytes);

    /// <summary>The source for a batch reading JSON Lines through <paramref name="input"/> (standard input after <see cref="StandardInputCases.DetectAsync"/>, a pipe).</summary>
    public static LineSource Of(PipeReader input, int maxLineBytes) => new PipeLines(input, maxLineBytes);

    /// <summary>Lines read through a <see cref="PipeReader"/>, each read waited for on the reader's thread.</summary>
    private sealed class PipeLines(PipeReader input, int maxLineBytes) : LineSource
    {
        private readonly JsonLinesReader _reader = new(input, maxLineBytes);

        public override bool Read(LineBlock block, CancellationToken cancellationToken)
        {
            var pending = _reader.ReadAsync(block, cancellationToken);
            return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        }

        public override void Complete() => input.Complete();
    }
}
