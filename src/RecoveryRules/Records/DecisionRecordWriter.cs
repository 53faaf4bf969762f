using System.Buffers;
using System.Text.Json;

namespace RecoveryRules;

/// <summary>
/// Appends decision records to a stream, one JSON line each (docs/auditing.md, "Decision records"). Safe to
/// use from many threads at once. Crash-safe: each record is serialized whole into a buffer first, then written
/// with one <see cref="Stream.Write(ReadOnlySpan{byte})"/> call of the whole line, its newline included, and
/// flushed; lines from threads writing at once never interleave, and the writer never writes half a line (a
/// process killed during the one write may leave one torn last line, which <see cref="DecisionRecordReader"/>
/// reports). On a seekable stream each line goes at the stream's end. For a file, open the stream to append
/// without buffering, so each line is one write to the file:
/// <c>new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0)</c>; and let one
/// writer append to a file at a time (one process, its threads sharing the writer).
/// </summary>
public sealed class DecisionRecordWriter : IDisposable, IAsyncDisposable
{
    [ThreadStatic]
    private static LineBuffer? t_line;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>Creates a writer that appends to <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream (a file opened to append, a pipe, …).</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves the stream open; by default it disposes it.</param>
    /// <exception cref="ArgumentException">The stream cannot be written.</exception>
    public DecisionRecordWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream of a decision record writer must be writable.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Writes one record as one whole line, with one write, then flushes.</summary>
    /// <param name="record">The record.</param>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="IOException">The stream could not be written; the record may be missing, or, when the stream failed part-way, torn.</exception>
    public void Write(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = t_line ??= new LineBuffer();
        try
        {
            line.Json.Reset(line.Buffer);
            record.WriteTo(line.Json);
            line.Json.Flush();
            line.Buffer.GetSpan(1)[0] = (byte)'\n';
            line.Buffer.Advance(1);
            WriteWholeLines(line.Buffer.WrittenSpan);
        }
        finally
        {
            line.Clear();
        }
    }

    /// <summary>
    /// Writes bytes that are whole record lines, each ended by its newline, with one write, then flushes (the
    /// CLI writes a batch chunk's records in input order this way).
    /// </summary>
    internal void WriteWholeLines(ReadOnlySpan<byte> lines)
    {
        if (lines.IsEmpty)
        {
            return;
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_stream.CanSeek)
            {
                // Append: after whatever another writer of the same file has appended since this one opened it.
                _stream.Seek(0, SeekOrigin.End);
            }

            _stream.Write(lines);
            _stream.Flush();
        }
    }

    /// <summary>Flushes and, unless the writer was created to leave it open, disposes the stream.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    /// <summary>Flushes and, unless the writer was created to leave it open, disposes the stream.</summary>
    /// <returns>A task that completes when the stream is disposed.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A thread's buffer and JSON writer for serializing one record line, reused from record to record.</summary>
    private sealed class LineBuffer
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public Utf8JsonWriter Json { get; } = new(Stream.Null, DecisionJson.Options);

        public void Clear()
        {
            Buffer.ResetWrittenCount();
            Json.Reset(Stream.Null);
            if (Buffer.Capacity > 1024 * 1024)
            {
                // A record with a huge explanation or given: do not keep its buffer alive.
                t_line = null;
            }
        }
    }
}
