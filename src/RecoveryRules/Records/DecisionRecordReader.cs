using System.Globalization;

namespace RecoveryRules;

/// <summary>
/// Reads a decision record file line by line (docs/auditing.md, "Decision records"), streaming, in bounded
/// memory: a buffer that grows to the longest line, up to 16 MiB. Blank lines are skipped (and counted); every
/// other line gives a <see cref="DecisionRecordLine"/>, either a record or the problem that keeps it from being
/// one, never dropped silently: a last line without its newline (a write cut short by a crash), a line that ends
/// before its JSON object does, invalid JSON, a missing member, a line longer than the limit.
/// </summary>
public static class DecisionRecordReader
{
    /// <summary>The longest line read as a record: 16 MiB.</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    private const int InitialBufferBytes = 64 * 1024;

    /// <summary>Reads the records of a stream, as they are needed (nothing is read before the first is asked for).</summary>
    /// <param name="stream">A readable stream of JSON lines (a leading UTF-8 byte order mark is skipped).</param>
    /// <returns>One entry per non-blank line, in file order.</returns>
    /// <exception cref="IOException">Reading the stream failed (raised while enumerating).</exception>
    public static IEnumerable<DecisionRecordLine> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadLines(stream, MaxLineBytes);
    }

    /// <summary>As <see cref="Read(Stream)"/>, with another line limit (tests cut long lines with a small one).</summary>
    internal static IEnumerable<DecisionRecordLine> Read(Stream stream, int maxLineBytes) => ReadLines(stream, maxLineBytes);

    private static IEnumerable<DecisionRecordLine> ReadLines(Stream stream, int maxLineBytes)
    {
        var buffer = new byte[Math.Min(InitialBufferBytes, maxLineBytes + 1)];
        int start = 0, end = 0;
        long line = 0;
        var endOfInput = false;
        var atStart = true;
        while (true)
        {
            var lineEnd = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (lineEnd >= 0)
            {
                line++;
                var length = lineEnd - start;
                var offset = start;
                start = lineEnd + 1;
                if (length > maxLineBytes)
                {
                    yield return TooLong(line, maxLineBytes);
                }
                else if (Parse(buffer, offset, length, line, whole: true) is { } entry)
                {
                    yield return entry;
                }

                continue;
            }

            if (endOfInput)
            {
                if (end > start)
                {
                    line++;
                    if (end - start > maxLineBytes)
                    {
                        yield return TooLong(line, maxLineBytes);
                    }
                    else if (Parse(buffer, start, end - start, line, whole: false) is { } last)
                    {
                        yield return last;
                    }
                }

                yield break;
            }

            // No line end in what is held: make room, then read on.
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                if (buffer.Length > maxLineBytes)
                {
                    // The line is longer than the limit: drop it without holding it.
                    line++;
                    var rest = SkipLine(stream, buffer, out endOfInput);
                    end = rest;
                    yield return TooLong(line, maxLineBytes);
                    continue;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, (long)maxLineBytes + 1));
            }

            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                endOfInput = true;
            }

            end += read;
            if (atStart && (end >= 3 || endOfInput))
            {
                // A byte order mark holds no line end, so no line was taken before it could be seen.
                atStart = false;
                if (line == 0 && end >= 3 && buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
                {
                    start = 3;
                }
            }
        }
    }

    /// <summary>Reads and drops bytes up to and including the next line end; what follows it is moved to the buffer's start.</summary>
    /// <returns>How many bytes after the line end the buffer now holds.</returns>
    private static int SkipLine(Stream stream, byte[] buffer, out bool endOfInput)
    {
        while (true)
        {
            var read = stream.Read(buffer, 0, buffer.Length);
            if (read == 0)
            {
                endOfInput = true;
                return 0;
            }

            var lineEnd = Array.IndexOf(buffer, (byte)'\n', 0, read);
            if (lineEnd >= 0)
            {
                endOfInput = false;
                Buffer.BlockCopy(buffer, lineEnd + 1, buffer, 0, read - lineEnd - 1);
                return read - lineEnd - 1;
            }
        }
    }

    /// <summary>The entry for one line; <c>null</c> for a blank one. <paramref name="whole"/>: the line ended with its newline.</summary>
    private static DecisionRecordLine? Parse(byte[] buffer, int offset, int length, long line, bool whole)
    {
        var text = buffer.AsSpan(offset, length);
        if (text.IndexOfAnyExcept(" \t\r"u8) < 0)
        {
            return null;
        }

        if (DecisionRecord.TryParse(text, out var record, out var problem))
        {
            return whole
                ? new DecisionRecordLine(line, record, null)
                : new DecisionRecordLine(line, null, At(line, "not a whole record (the file ends before the line's newline)"));
        }

        return new DecisionRecordLine(line, null, At(line, problem));
    }

    private static DecisionRecordLine TooLong(long line, int maxLineBytes) =>
        new(line, null, At(line, string.Create(CultureInfo.InvariantCulture, $"not a record (longer than {maxLineBytes} bytes, the longest record line read)")));

    private static string At(long line, string problem) => string.Create(CultureInfo.InvariantCulture, $"line {line}: {problem}");
}
