using System.Buffers;
using System.IO.Pipelines;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Input;

/// <summary>
/// Cuts JSON Lines read through a <see cref="PipeReader"/> into <see cref="LineBlock"/>s of whole lines: each read
/// gives blocks of the lines it completed, so cases arriving slowly through a pipe are decided as they come. A read
/// larger than <see cref="BlockBytes"/> is handed out in blocks of at most that many bytes, each cut at its last line end (a
/// longer line is a block of its own), without another read while complete lines are left (docs/design.md §39). A
/// leading UTF-8 byte order mark is dropped. A line longer than the limit is skipped without being held and
/// given a block of its own, marked <see cref="LineBlock.LineTooLong"/>.
/// </summary>
/// <param name="input">The input.</param>
/// <param name="maxLineBytes">The longest line accepted.</param>
/// <param name="blockBytes">The first <see cref="BlockBytes"/>.</param>
internal sealed class JsonLinesReader(PipeReader input, int maxLineBytes, int blockBytes = int.MaxValue)
{
    private const byte LineFeed = (byte)'\n';

    private long _nextLine = 1;
    private long _searched; // how much of the unfinished line at the buffer's start holds no line end
    private bool _started;
    private bool _skipping;
    private bool _ended;

    /// <summary>The most bytes of whole lines the next block holds when they are at hand (a read of more is cut; at least 1).</summary>
    public int BlockBytes
    {
        get => blockBytes;
        set => blockBytes = Math.Max(1, value);
    }

    /// <summary>
    /// Creates the pipe reader a batch reads a stream with: reads of <see cref="BatchOptions.ChunkBytes"/> each, cut into blocks, the stream left open; a regular
    /// file is read synchronously on the reading worker's thread (<see cref="SynchronousReadStream"/>).
    /// </summary>
    public static PipeReader Create(Stream stream, BatchOptions options) =>
        PipeReader.Create(SynchronousReadStream.Suits(stream) ? new SynchronousReadStream(stream) : stream, new StreamPipeReaderOptions(bufferSize: options.ChunkBytes, minimumReadSize: Math.Min(4096, options.ChunkBytes / 2), leaveOpen: true));

    /// <summary>Reads the next block into <paramref name="block"/>; <see langword="false"/> at the end of the input (the block is unused).</summary>
    public async ValueTask<bool> ReadAsync(LineBlock block, CancellationToken cancellationToken)
    {
        while (!_ended)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!_started)
            {
                if (buffer.Length < 3 && !result.IsCompleted)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                _started = true;
                if (StartsWithByteOrderMark(buffer))
                {
                    buffer = buffer.Slice(3);
                }
            }

            if (_skipping)
            {
                if (buffer.PositionOf(LineFeed) is not { } lineEnd)
                {
                    _ended = result.IsCompleted;
                    input.AdvanceTo(buffer.End);
                    continue;
                }

                _skipping = false;
                buffer = buffer.Slice(buffer.GetPosition(1, lineEnd));
            }

            if (BlockEnd(buffer) is { } cut)
            {
                _searched = 0;
                Fill(block, buffer.Slice(0, cut));

                // A read cut into several blocks: what follows the cut may hold whole lines, so it counts as not examined
                // and the next read gives it back at once, without reading more. Otherwise it is an unfinished line.
                input.AdvanceTo(cut, buffer.Length > blockBytes ? cut : buffer.End);
                return true;
            }

            if (result.IsCompleted)
            {
                _ended = true;
                var any = !buffer.IsEmpty;
                if (any)
                {
                    Fill(block, buffer);
                }

                input.AdvanceTo(buffer.End);
                return any;
            }

            if (buffer.Length > maxLineBytes)
            {
                _skipping = true;
                _searched = 0;
                input.AdvanceTo(buffer.End);
                block.LineTooLong = true;
                block.FirstLine = _nextLine++;
                return true;
            }

            _searched = buffer.Length;
            input.AdvanceTo(buffer.Start, buffer.End);
        }

        return false;
    }

    private void Fill(LineBlock block, in ReadOnlySequence<byte> lines)
    {
        block.SetLines(lines);
        block.FirstLine = _nextLine;
        _nextLine += block.Lines.Span.Count(LineFeed);
    }

    /// <summary>
    /// Where the next block ends: after the last line end within the first <see cref="BlockBytes"/> of <paramref name="buffer"/>,
    /// or, when there is none there, after the first line end past them; <see langword="null"/> while no line is complete.
    /// The first <c>_searched</c> bytes are known to hold no line end.
    /// </summary>
    private SequencePosition? BlockEnd(in ReadOnlySequence<byte> buffer)
    {
        var window = Math.Min(buffer.Length, blockBytes);
        if (_searched < window && LastLineEnd(buffer.Slice(_searched, window - _searched)) is { } cut)
        {
            return cut;
        }

        var from = Math.Max(_searched, window);
        return from < buffer.Length && buffer.Slice(from).PositionOf(LineFeed) is { } lineEnd ? buffer.GetPosition(1, lineEnd) : null;
    }

    /// <summary>The position just after the last line end of <paramref name="data"/>, if it holds one.</summary>
    private static SequencePosition? LastLineEnd(in ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment)
        {
            var at = data.FirstSpan.LastIndexOf(LineFeed);
            return at < 0 ? null : data.GetPosition(at + 1);
        }

        SequencePosition? found = null;
        var next = data.Start;
        var segmentStart = next;
        while (data.TryGet(ref next, out var memory))
        {
            var at = memory.Span.LastIndexOf(LineFeed);
            if (at >= 0)
            {
                found = data.Slice(segmentStart).GetPosition(at + 1);
            }

            segmentStart = next;
        }

        return found;
    }

    private static bool StartsWithByteOrderMark(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> start = stackalloc byte[3];
        if (buffer.Length < 3)
        {
            return false;
        }

        buffer.Slice(0, 3).CopyTo(start);
        return start.SequenceEqual("\uFEFF"u8);
    }
}
