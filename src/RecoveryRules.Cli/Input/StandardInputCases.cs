using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace RecoveryRules.Cli.Input;

/// <summary>
/// Decides how to read cases from standard input. Standard input is JSON Lines (one case per line,
/// blank lines skipped) unless its first non-blank line is the start of a JSON value that goes on past
/// the line end (a pretty-printed object); then the whole input is read as one or more JSON values,
/// one case each (so <c>jq . cases.jsonl | recoveryrules eval …</c> works too).
/// </summary>
internal static class StandardInputCases
{
    private const byte LineFeed = (byte)'\n';

    /// <summary>Reads the start of the input and decides; nothing of the input is consumed.</summary>
    /// <param name="input">Standard input.</param>
    /// <param name="peekLimit">The most bytes to read while deciding; a longer first line means JSON Lines.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>Whether the input is JSON Lines, and the same reader, which still gives every byte of the input.</returns>
    public static async Task<(bool IsJsonLines, PipeReader Input)> DetectAsync(PipeReader input, int peekLimit, CancellationToken cancellationToken)
    {
        // The bytes read so far, copied once each: the pipe's buffer may be in many segments.
        var seen = new byte[4096];
        var length = 0;
        var searchFrom = 0;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var wanted = (int)Math.Min(buffer.Length, (long)peekLimit + 1);
            if (wanted > seen.Length)
            {
                Array.Resize(ref seen, Math.Max(wanted, seen.Length * 2));
            }

            buffer.Slice(length, wanted - length).CopyTo(seen.AsSpan(length));
            length = wanted;
            var firstLine = FirstNonBlankLine(seen.AsSpan(0, length), ref searchFrom, out var complete);
            if (!complete && result.IsCompleted)
            {
                // The whole input is one line (or none): JSON Lines unless that line is an unfinished value.
                firstLine = FirstNonBlankLine(seen.AsSpan(0, length), ref searchFrom, out _, endOfInput: true);
            }

            if (complete || length >= peekLimit || result.IsCompleted)
            {
                input.AdvanceTo(buffer.Start);
                return (firstLine.Length == 0 || IsCompleteJsonValue(firstLine), input);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The first line that is not blank; <paramref name="complete"/> tells whether its line end was seen.</summary>
    private static ReadOnlySpan<byte> FirstNonBlankLine(ReadOnlySpan<byte> data, ref int searchFrom, out bool complete, bool endOfInput = false)
    {
        while (true)
        {
            var lineEnd = data[searchFrom..].IndexOf(LineFeed);
            if (lineEnd < 0)
            {
                complete = false;
                var rest = data[searchFrom..];
                return endOfInput && rest.IndexOfAnyExcept(" \t\r"u8) >= 0 ? rest : [];
            }

            var line = data.Slice(searchFrom, lineEnd);
            if (line.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                complete = true;
                return line;
            }

            searchFrom += lineEnd + 1;
        }
    }

    /// <summary>Whether the line is not the unfinished start of a JSON value (a complete value, or text that is no JSON at all).</summary>
    private static bool IsCompleteJsonValue(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: false, state: default);
        try
        {
            return !reader.Read() || reader.TrySkip();
        }
        catch (JsonException)
        {
            return true; // malformed: a line of JSON Lines that will be reported as a case error
        }
    }
}
