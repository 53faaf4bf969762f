using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Input;

/// <summary>
/// Cuts JSON Lines read synchronously from a stream (a regular file, <see cref="LineSource.Open"/>) into
/// <see cref="LineBlock"/>s of whole lines, reading straight into each block's own buffer (docs/design.md §34). It cuts as
/// <see cref="JsonLinesReader"/> does: a leading UTF-8 byte order mark is dropped, each block ends at the last line end of
/// what was read (the unfinished line after it starts the next block), and a line longer than the limit is skipped without
/// being held and given a block of its own, marked <see cref="LineBlock.LineTooLong"/>. A block is one read of about
/// <c>blockBytes</c>: no pipe's segments, no copy of the input into the block and no asynchronous machinery per block.
/// </summary>
internal sealed class SynchronousLinesReader(Stream input, int blockBytes, int maxLineBytes) : LineSource
{
    private const byte LineFeed = (byte)'\n';

    /// <summary>The least room a read is given (as the pipe's <c>minimumReadSize</c>).</summary>
    private readonly int _minimumRead = Math.Max(1, Math.Min(4096, blockBytes / 2));

    /// <summary>The unfinished line after the last block's last line end (no line end in it), for the next block.</summary>
    private byte[] _carry = [];
    private int _carried;
    private long _nextLine = 1;
    private bool _started;
    private bool _skipping;
    private bool _ended;

    /// <inheritdoc/>
    public override bool Read(LineBlock block, CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        var buffer = block.InputBuffer(Math.Max(blockBytes, _carried + _minimumRead), 0);
        _carry.AsSpan(0, _carried).CopyTo(buffer);
        var length = _carried;
        var searched = _carried; // the carried line holds no line end
        _carried = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (buffer.Length - length < _minimumRead)
            {
                buffer = block.InputBuffer(Math.Max(buffer.Length * 2, length + _minimumRead), length);
            }

            var read = input.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                _ended = true;
                if (_skipping)
                {
                    return false; // the end of a line too long, already given its block
                }

                if (!_started)
                {
                    _started = true;
                    length = DropByteOrderMark(buffer, length);
                }

                if (length == 0)
                {
                    return false;
                }

                Fill(block, length); // the last line, without a line end
                return true;
            }

            length += read;
            if (!_started)
            {
                if (length < 3)
                {
                    continue;
                }

                _started = true;
                length = DropByteOrderMark(buffer, length);
            }

            if (_skipping)
            {
                var lineEnd = buffer.AsSpan(0, length).IndexOf(LineFeed);
                if (lineEnd < 0)
                {
                    length = 0;
                    searched = 0;
                    continue;
                }

                _skipping = false;
                length -= lineEnd + 1;
                buffer.AsSpan(lineEnd + 1, length).CopyTo(buffer);
                searched = 0;
            }

            var last = buffer.AsSpan(searched, length - searched).LastIndexOf(LineFeed);
            if (last >= 0)
            {
                var cut = searched + last + 1;
                Carry(buffer.AsSpan(cut, length - cut));
                Fill(block, cut);
                return true;
            }

            if (length > maxLineBytes)
            {
                _skipping = true;
                block.SetLength(0);
                block.LineTooLong = true;
                block.FirstLine = _nextLine++;
                return true;
            }

            searched = length;
        }
    }

    /// <inheritdoc/>
    public override void Complete()
    {
        // The stream is the caller's to close.
    }

    private void Fill(LineBlock block, int length)
    {
        block.SetLength(length);
        block.FirstLine = _nextLine;
        _nextLine += block.Lines.Span.Count(LineFeed);
    }

    private void Carry(ReadOnlySpan<byte> unfinished)
    {
        if (_carry.Length < unfinished.Length)
        {
            _carry = new byte[Math.Max(unfinished.Length, _carry.Length * 2)];
        }

        unfinished.CopyTo(_carry);
        _carried = unfinished.Length;
    }

    /// <summary>The input's first bytes without a UTF-8 byte order mark: their new length.</summary>
    private static int DropByteOrderMark(byte[] buffer, int length)
    {
        if (length < 3 || !buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
        {
            return length;
        }

        buffer.AsSpan(3, length - 3).CopyTo(buffer);
        return length - 3;
    }
}
