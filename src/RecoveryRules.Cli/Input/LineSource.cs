using System.IO.Pipelines;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Input;

/// <summary>
/// Where the batch's workers get their blocks of whole JSON lines, one worker at a time (<see cref="BatchPipeline"/>): the
/// input read through a <see cref="PipeReader"/> and cut by <see cref="JsonLinesReader"/>, each read waited for on the
/// reading worker's own thread (docs/design.md §31, §34, §39), so that cases arriving slowly through a pipe are decided as
/// they come and a read can be cancelled.
/// </summary>
internal sealed class LineSource
{
    private readonly PipeReader _input;
    private readonly JsonLinesReader _reader;

    private LineSource(PipeReader input, int maxLineBytes, int blockBytes)
    {
        _input = input;
        _reader = new JsonLinesReader(input, maxLineBytes, blockBytes);
    }

    /// <summary>The source for a batch reading <paramref name="stream"/> (a regular file is read synchronously, <see cref="JsonLinesReader.Create"/>).</summary>
    public static LineSource Open(Stream stream, BatchOptions options) => Of(JsonLinesReader.Create(stream, options), options.MaxLineBytes, options.BlockBytes);

    /// <summary>The source for a batch reading JSON Lines through <paramref name="input"/> (standard input after <see cref="StandardInputCases.DetectAsync"/>, a pipe).</summary>
    /// <param name="input">The input.</param>
    /// <param name="maxLineBytes">The longest line accepted.</param>
    /// <param name="blockBytes">The most bytes of whole lines a block holds when more are at hand (<see cref="BatchOptions.BlockBytes"/>; the default's when not given).</param>
    public static LineSource Of(PipeReader input, int maxLineBytes, int blockBytes = 0) => new(input, maxLineBytes, blockBytes > 0 ? blockBytes : BatchOptions.Default.BlockBytes);

    /// <summary>The most bytes of whole lines the next block holds when more are at hand (<see cref="JsonLinesReader.BlockBytes"/>).</summary>
    public int BlockBytes
    {
        get => _reader.BlockBytes;
        set => _reader.BlockBytes = value;
    }

    /// <summary>
    /// Reads the next block of whole lines into <paramref name="block"/>, waiting on this thread; <see langword="false"/> at
    /// the end of the input (the block is unused).
    /// </summary>
    public bool Read(LineBlock block, CancellationToken cancellationToken)
    {
        var pending = _reader.ReadAsync(block, cancellationToken);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Marks the input read: nothing more is read from it (the stream itself is left open).</summary>
    public void Complete() => _input.Complete();
}
