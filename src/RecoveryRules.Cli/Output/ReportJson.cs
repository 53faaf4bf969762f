using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RecoveryRules.Diagnostics;
using RecoveryRules.Text;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// What the JSON reports of <c>check</c> (SARIF and <c>--format json</c>) share: the writer settings
/// (indented, UTF-8, non-ASCII letters as themselves, control characters escaped) and text made safe for
/// JSON — a lone UTF-16 surrogate, which neither UTF-8 nor JSON can hold, becomes U+FFFD.
/// </summary>
internal static class ReportJson
{
    /// <summary>The options of every report writer.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    /// <summary>The text with each lone surrogate replaced by U+FFFD.</summary>
    public static string Clean(string text)
    {
        var index = FirstLoneSurrogate(text);
        if (index < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text);
        for (var i = index; i < builder.Length; i++)
        {
            if (char.IsHighSurrogate(builder[i]) && i + 1 < builder.Length && char.IsLowSurrogate(builder[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(builder[i]))
            {
                builder[i] = '\uFFFD';
            }
        }

        return builder.ToString();
    }

    /// <summary>Writes a string property, cleaned.</summary>
    public static void WriteString(this Utf8JsonWriter writer, string name, string value, bool clean) =>
        writer.WriteString(name, clean ? Clean(value) : value);

    /// <summary>The word of a severity in the JSON report: <c>error</c>, <c>warning</c>, <c>info</c>.</summary>
    public static string SeverityWord(DiagnosticSeverity severity) => DiagnosticLines.SeverityWord(severity);

    /// <summary>The one-based start and end (end exclusive) of a location; an end before the start is the start.</summary>
    public static (int Line, int Column, int EndLine, int EndColumn) OneBased(SourceLocation location)
    {
        var start = location.Span.Start;
        var end = location.Span.End.CompareTo(start) < 0 ? start : location.Span.End;
        return (start.Line + 1, start.Character + 1, end.Line + 1, end.Character + 1);
    }

    private static int FirstLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
