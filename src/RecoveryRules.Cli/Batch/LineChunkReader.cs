namespace RecoveryRules.Cli.Batch;

/// <summary>
/// Cuts a stream of JSON Lines into <see cref="CaseChunk"/>s of whole lines, reading large blocks
/// straight into the chunks' buffers. A leading UTF-8 byte order mark is dropped. A line longer than
/// the limit is skipped without being held and given its own chunk, marked <see cref="CaseChunk.LineTooLong"/>.
/// </summary>
internal sealed class LineChunkReader
{
    private const byte LineFeed = (byte)'\n';

    private readonly Stream _input;
    private readonly ChunkPool _pool;
    private readonly int _maxLineBytes;
    private CaseChunk? _carried;
    private long _nextLine = 1;
    private bool _endOfInput;
    private bool _atStart = true;

    public LineChunkReader(Stream input, ChunkPool pool, int maxLineBytes)
    {
        _input = input;
        _pool = pool;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>Reads the next chunk; <c>null</c> at the end of the input.</summary>
    public async ValueTask<CaseChunk?> ReadAsync(CancellationToken cancellationToken)
    {
        var chunk = _carried ?? _pool.Rent();
        _carried = null;
        while (true)
        {
            await FillAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (_atStart)
            {
                _atStart = false;
                DropByteOrderMark(chunk);
            }

            if (_endOfInput)
            {
                if (chunk.Length == 0)
                {
                    _pool.Return(chunk);
                    return null;
                }

                Number(chunk);
                return chunk;
            }

            var lastLineEnd = chunk.Input.AsSpan(0, chunk.Length).LastIndexOf(LineFeed);
            if (lastLineEnd >= 0)
            {
                Carry(chunk, lastLineEnd + 1);
                Number(chunk);
                return chunk;
            }

            if (chunk.Length < chunk.Input.Length)
            {
                continue; // a short read ended inside the first line: read on
            }

            // The buffer is full and holds part of one line.
            if (chunk.Input.Length <= _maxLineBytes)
            {
                var grown = new byte[Math.Min((long)chunk.Input.Length * 2, (long)_maxLineBytes + 1)];
                chunk.Input.AsSpan(0, chunk.Length).CopyTo(grown);
                chunk.Input = grown;
                continue;
            }

            await SkipRestOfLineAsync(chunk, cancellationToken).ConfigureAwait(false);
            chunk.Length = 0;
            chunk.LineTooLong = true;
            chunk.FirstLine = _nextLine++;
            return chunk;
        }
    }

    /// <summary>
    /// Reads until the chunk is full or the input ends; also stops after a short read that brought a
    /// line end, so cases arriving slowly through a pipe are decided as they come.
    /// </summary>
    private async ValueTask FillAsync(CaseChunk chunk, CancellationToken cancellationToken)
    {
        while (!_endOfInput && chunk.Length < chunk.Input.Length)
        {
            var wanted = chunk.Input.Length - chunk.Length;
            var read = await _input.ReadAsync(chunk.Input.AsMemory(chunk.Length, wanted), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfInput = true;
                return;
            }

            chunk.Length += read;
            if (read < wanted && chunk.Input.AsSpan(chunk.Length - read, read).Contains(LineFeed))
            {
                return;
            }
        }
    }

    /// <summary>Moves the bytes after <paramref name="cut"/> (the start of an unfinished line) into the next chunk.</summary>
    private void Carry(CaseChunk chunk, int cut)
    {
        var rest = chunk.Length - cut;
        var next = _pool.Rent();
        if (next.Input.Length < rest * 2)
        {
            next.Input = new byte[Math.Max(rest * 2, _pool.ChunkBytes)];
        }

        chunk.Input.AsSpan(cut, rest).CopyTo(next.Input);
        next.Length = rest;
        chunk.Length = cut;
        _carried = next;
    }

    private void Number(CaseChunk chunk)
    {
        chunk.FirstLine = _nextLine;
        _nextLine += chunk.Input.AsSpan(0, chunk.Length).Count(LineFeed);
    }

    /// <summary>Reads and drops bytes up to and including the next line end; what follows it is carried to the next chunk.</summary>
    private async ValueTask SkipRestOfLineAsync(CaseChunk chunk, CancellationToken cancellationToken)
    {
        while (true)
        {
            chunk.Length = 0;
            await FillAsync(chunk, cancellationToken).ConfigureAwait(false);
            var lineEnd = chunk.Input.AsSpan(0, chunk.Length).IndexOf(LineFeed);
            if (lineEnd >= 0)
            {
                Carry(chunk, lineEnd + 1);
                return;
            }

            if (_endOfInput)
            {
                return;
            }
        }
    }

    private static void DropByteOrderMark(CaseChunk chunk)
    {
        if (chunk.Input.AsSpan(0, chunk.Length).StartsWith("\uFEFF"u8))
        {
            chunk.Input.AsSpan(3, chunk.Length - 3).CopyTo(chunk.Input);
            chunk.Length -= 3;
        }
    }
}
