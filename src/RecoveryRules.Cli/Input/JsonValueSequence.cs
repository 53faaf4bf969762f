using System.Globalization;
using System.Text.Json;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Cli.Input;

/// <summary>
/// Cuts a document of one or more JSON values (separated by white space, each may span lines) into
/// the values, each with the one-based line where it starts. A malformed value is one case error
/// and reading resynchronizes: it goes on at the next line that starts with <c>{</c> in its first
/// column (where pretty-printers such as <c>jq</c> start each top-level object); the lines in
/// between belong to the malformed value. Without such a line the rest of the input is that error.
/// </summary>
internal static class JsonValueSequence
{
    /// <summary>One value of the document, or a malformed stretch of it.</summary>
    /// <param name="Json">The value's bytes (for an error, the bytes skipped).</param>
    /// <param name="Line">The one-based line where it starts.</param>
    /// <param name="Error">Why the stretch could not be read; <c>null</c> for a value.</param>
    public readonly record struct Part(ReadOnlyMemory<byte> Json, long Line, CaseError? Error);

    public static IEnumerable<Part> Split(ReadOnlyMemory<byte> document)
    {
        var position = 0;
        var line = 1L;
        while (true)
        {
            var skipped = Skip(document.Span[position..]);
            line += document.Span.Slice(position, skipped).Count((byte)'\n');
            position += skipped;
            var (length, error) = NextValue(document.Span[position..], line);
            if (error is not null)
            {
                var resync = NextObjectLine(document.Span, position);
                var skippedLines = document.Span[position..resync].Count((byte)'\n');
                var tail = resync < document.Length
                    ? string.Create(CultureInfo.InvariantCulture, $"; reading went on at line {line + skippedLines}, the next line that starts with '{{'")
                    : "; no line after it starts with '{', so the rest of the input was not read";
                yield return new Part(document[position..resync], line, error with { Message = error.Message + tail });
                line += skippedLines;
                position = resync;
                continue;
            }

            if (length == 0)
            {
                yield break;
            }

            yield return new Part(document.Slice(position, length), line, null);
            line += document.Span.Slice(position, length).Count((byte)'\n');
            position += length;
        }
    }

    /// <summary>Where the next line after the one holding <paramref name="from"/> that starts with <c>{</c> begins; the document's end without one.</summary>
    private static int NextObjectLine(ReadOnlySpan<byte> document, int from)
    {
        var at = from;
        while (true)
        {
            var lineEnd = document[at..].IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                return document.Length;
            }

            at += lineEnd + 1;
            if (at < document.Length && document[at] == (byte)'{')
            {
                return at;
            }
        }
    }

    /// <summary>How many bytes of white space (and a byte order mark) come before the next value.</summary>
    private static int Skip(ReadOnlySpan<byte> rest)
    {
        var skipped = 0;
        while (true)
        {
            var blank = rest[skipped..].IndexOfAnyExcept(" \t\r\n"u8);
            if (blank < 0)
            {
                return rest.Length;
            }

            skipped += blank;
            if (!rest[skipped..].StartsWith("\uFEFF"u8))
            {
                return skipped;
            }

            skipped += 3;
        }
    }

    /// <summary>The length of the value that starts <paramref name="rest"/>; 0 at the end of the document.</summary>
    private static (int Length, CaseError? Error) NextValue(ReadOnlySpan<byte> rest, long line)
    {
        if (rest.IsEmpty)
        {
            return (0, null);
        }

        var reader = new Utf8JsonReader(rest, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 64 });
        try
        {
            reader.Read();
            reader.Skip();
            return ((int)reader.BytesConsumed, null);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } offset
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line + offset}, byte {exception.BytePositionInLine + 1})")
                : string.Empty;
            var message = exception.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            message = (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
            return (0, new CaseError(
                null,
                RecoveryDiagnostics.MalformedCase.Id,
                RecoveryDiagnostics.MalformedCase.Format(message + where),
                null));
        }
    }
}
