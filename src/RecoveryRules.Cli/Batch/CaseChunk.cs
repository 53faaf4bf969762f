using System.Buffers;

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// A run of whole input lines and, once a worker has evaluated them, the output for those lines.
/// Chunks are recycled through a <see cref="ChunkPool"/>, so a batch allocates a few of them whatever its length.
/// </summary>
internal sealed class CaseChunk
{
    private ArrayBufferWriter<byte>? _records;

    public CaseChunk(int inputBytes)
    {
        Input = new byte[inputBytes];
        Output = new ArrayBufferWriter<byte>(inputBytes * 2);
        Completion = NewCompletion();
    }

    /// <summary>The input bytes; the first <see cref="Length"/> are whole lines.</summary>
    public byte[] Input { get; set; }

    /// <summary>How many bytes of <see cref="Input"/> are in use.</summary>
    public int Length { get; set; }

    /// <summary>The one-based input line number of the chunk's first line.</summary>
    public long FirstLine { get; set; }

    /// <summary>The chunk stands for one line longer than <see cref="BatchOptions.MaxLineBytes"/>, whose bytes were dropped.</summary>
    public bool LineTooLong { get; set; }

    /// <summary>The output for the chunk's cases, one after the other, in input order.</summary>
    public ArrayBufferWriter<byte> Output { get; }

    /// <summary>The decision records of the chunk's cases (<c>eval --record</c>), one whole line each, in input order; made on first use.</summary>
    public ArrayBufferWriter<byte> Records => _records ??= new ArrayBufferWriter<byte>(Input.Length * 2);

    /// <summary>The records written so far; empty when the batch does not record.</summary>
    public ReadOnlySpan<byte> RecordedLines => _records is null ? default : _records.WrittenSpan;

    /// <summary>How many bytes the record buffer holds room for (0 before its first use).</summary>
    public int RecordsCapacity => _records?.Capacity ?? 0;

    /// <summary>How many cases the chunk held (blank lines are not cases).</summary>
    public int Cases { get; set; }

    /// <summary>How many of them were case errors.</summary>
    public int Errors { get; set; }

    /// <summary>Completed when <see cref="Output"/> is ready to be written.</summary>
    public TaskCompletionSource Completion { get; private set; }

    /// <summary>Makes the chunk ready for new input.</summary>
    public void Reset()
    {
        Length = 0;
        FirstLine = 0;
        LineTooLong = false;
        Cases = 0;
        Errors = 0;
        Output.ResetWrittenCount();
        _records?.ResetWrittenCount();
        Completion = NewCompletion();
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
