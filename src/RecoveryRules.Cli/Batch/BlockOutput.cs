using System.Buffers;

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// The output of one <see cref="LineBlock"/>: bytes written into a chain of segments of <see cref="SegmentBytes"/> each
/// (docs/design.md §25). Growing never copies what is written and never allocates twice the output, as doubling one
/// array does: a block of 200-rule decisions (about 6 MB) used to grow an <see cref="ArrayBufferWriter{T}"/> from 4 KiB,
/// copying and touching fresh memory at every step. The segments stay with the block when it is reused, so in steady
/// state a batch writes into memory it has written before: no allocation and no page fault per block.
/// </summary>
internal sealed class BlockOutput : IBufferWriter<byte>
{
    /// <summary>How many bytes a segment holds (a request for more gets a segment of its own, as large as asked).</summary>
    public const int SegmentBytes = 1024 * 1024;

    private readonly List<byte[]> _segments = [];
    private readonly List<int> _written = [];
    private int _current = -1;

    /// <summary>How many bytes were written.</summary>
    public long WrittenCount { get; private set; }

    /// <summary>How many bytes the segments hold, written or not.</summary>
    public long Capacity { get; private set; }

    /// <summary>The written bytes, segment by segment, in order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> WrittenSegments
    {
        get
        {
            for (var i = 0; i <= _current; i++)
            {
                if (_written[i] > 0)
                {
                    yield return _segments[i].AsMemory(0, _written[i]);
                }
            }
        }
    }

    /// <summary>The written bytes as one array (tests and small outputs).</summary>
    public byte[] ToArray()
    {
        var all = new byte[WrittenCount];
        var at = 0;
        foreach (var segment in WrittenSegments)
        {
            segment.Span.CopyTo(all.AsSpan(at));
            at += segment.Length;
        }

        return all;
    }

    /// <inheritdoc/>
    public void Advance(int count)
    {
        if (_current < 0 || count < 0 || _written[_current] + count > _segments[_current].Length)
        {
            throw new InvalidOperationException("Advanced past the span given.");
        }

        _written[_current] += count;
        WrittenCount += count;
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0) => Room(sizeHint).AsMemory(_written[_current]);

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0) => Room(sizeHint).AsSpan(_written[_current]);

    /// <summary>Forgets what was written and keeps the segments for the next block, as many as fit in <paramref name="keepBytes"/>.</summary>
    public void Reset(long keepBytes)
    {
        var kept = 0L;
        var keep = 0;
        while (keep < _segments.Count && kept + _segments[keep].Length <= keepBytes)
        {
            kept += _segments[keep].Length;
            _written[keep] = 0;
            keep++;
        }

        _segments.RemoveRange(keep, _segments.Count - keep);
        _written.RemoveRange(keep, _written.Count - keep);
        Capacity = kept;
        _current = keep > 0 ? 0 : -1;
        WrittenCount = 0;
    }

    /// <summary>The current segment, or the next one when the current has less room than <paramref name="sizeHint"/> (at least one byte).</summary>
    private byte[] Room(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_current >= 0 && _segments[_current].Length - _written[_current] >= needed)
        {
            return _segments[_current];
        }

        // The rest of the current segment is left unused; the next segment is reused if it is large enough.
        _current++;
        if (_current < _segments.Count && _segments[_current].Length >= needed)
        {
            return _segments[_current];
        }

        var segment = GC.AllocateUninitializedArray<byte>(Math.Max(SegmentBytes, needed));
        if (_current < _segments.Count)
        {
            Capacity += segment.Length - _segments[_current].Length;
            _segments[_current] = segment;
        }
        else
        {
            Capacity += segment.Length;
            _segments.Add(segment);
            _written.Add(0);
        }

        return segment;
    }
}
