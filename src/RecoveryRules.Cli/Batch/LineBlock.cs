using System.Buffers;

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// A run of whole input lines (<see cref="Input.JsonLinesReader"/>) and, once a worker has handled them, their
/// output. The input bytes are rented from <see cref="ArrayPool{T}.Shared"/>; a batch reuses its blocks, so it
/// allocates a few of them whatever its length.
/// </summary>
internal sealed class LineBlock
{
    private byte[] _input = [];
    private ArrayBufferWriter<byte>? _records;

    /// <summary>The block's lines (each ended by <c>\n</c> but perhaps the input's last one).</summary>
    public ReadOnlyMemory<byte> Lines => _input.AsMemory(0, Length);

    /// <summary>How many bytes of input the block holds.</summary>
    public int Length { get; private set; }

    /// <summary>The one-based input line number of the block's first line.</summary>
    public long FirstLine { get; set; }

    /// <summary>The block's place in the input, counted from 0 (<c>BatchPipeline</c> writes the blocks in this order).</summary>
    public long Number { get; set; }

    /// <summary>The block stands for one line longer than <see cref="BatchOptions.MaxLineBytes"/>, whose bytes were dropped.</summary>
    public bool LineTooLong { get; set; }

    /// <summary>The output for the block's lines, one after the other, in input order; its segments are kept for the block's next use.</summary>
    public BlockOutput Output { get; } = new();

    /// <summary>The decision records of the block's cases (<c>eval --record</c>), one whole line each, in input order; made on first use.</summary>
    public ArrayBufferWriter<byte> Records => _records ??= new ArrayBufferWriter<byte>(Math.Max(4096, Length * 2));

    /// <summary>The records written so far; empty when the batch does not record.</summary>
    public ReadOnlySpan<byte> RecordedLines => _records is null ? default : _records.WrittenSpan;

    /// <summary>How many cases the block held (blank lines are not cases).</summary>
    public int Cases { get; set; }

    /// <summary>How many of them were case errors.</summary>
    public int Errors { get; set; }

    /// <summary>Copies the lines into the block's own input buffer.</summary>
    public void SetLines(in ReadOnlySequence<byte> lines)
    {
        if (_input.Length < lines.Length)
        {
            ReturnInput();
            _input = ArrayPool<byte>.Shared.Rent((int)lines.Length);
        }

        lines.CopyTo(_input);
        Length = (int)lines.Length;
    }

    /// <summary>
    /// Makes the block ready for new input; <see langword="false"/> when it grew for unusually large records (long
    /// explanations) and should be left to the collector instead. The output keeps its segments up to 32 times the
    /// block size (a 32 KiB block of 200-rule decisions writes about 0.7 MB), and always its first segment, so that a
    /// small block's output is written into the same memory block after block (docs/design.md §39); it lets the rest go.
    /// </summary>
    public bool Reset(int blockBytes)
    {
        Length = 0;
        FirstLine = 0;
        LineTooLong = false;
        Cases = 0;
        Errors = 0;
        Output.Reset(Math.Max(blockBytes * 32L, BlockOutput.SegmentBytes));
        _records?.ResetWrittenCount();
        if (_input.Length > blockBytes * 4)
        {
            ReturnInput();
        }

        var grown = (_records?.Capacity ?? 0) > blockBytes * 32;
        if (grown)
        {
            ReturnInput();
        }

        return !grown;
    }

    private void ReturnInput()
    {
        if (_input.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_input);
            _input = [];
        }
    }
}
