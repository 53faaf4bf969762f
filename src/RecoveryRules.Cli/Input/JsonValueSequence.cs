using System.Globalization;
using System.Text.Json;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Cli.Input;

/// <summary>
/// Cuts a document of one or more JSON values (separated by white space, each may span lines) into
/// the values, each with the one-based line where it starts. Once the JSON is malformed the rest
/// cannot be cut into values: the sequence ends with one case error for it.
/// </summary>
internal static class JsonValueSequence
{
    /// <summary>One value of the document, or the error that ended the document.</summary>
    /// <param name="Json">The value's bytes (the rest of the document for an error).</param>
    /// <param name="Line">The one-based line where it starts.</param>
    /// <param name="Error">Why the document could not be read on from here; <c>null</c> for a value.</param>
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
                yield return new Part(document[position..], line, error);
                yield break;
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
                RecoveryDiagnostics.MalformedCase.Format(message + where + "; the rest of the input was not read"),
                null));
        }
    }
}
