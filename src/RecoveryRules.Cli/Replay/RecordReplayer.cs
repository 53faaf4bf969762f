using System.Buffers;
using System.Globalization;
using System.Text;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Replay;

namespace RecoveryRules.Cli.Replay;

/// <summary>
/// Replays the records of a chunk of lines (one per worker; the policies are shared): reads each line as a
/// record, re-evaluates its <c>given</c> at its <c>evaluatedAt</c>, compares, counts in its own
/// <see cref="ReplayTally"/>, and writes the chunk's lines of output (docs/cli.md, "replay") in input order.
/// </summary>
internal sealed class RecordReplayer
{
    /// <summary>What the core's record reader says of a last line without its newline (docs/auditing.md, "Decision records").</summary>
    private const string NoNewline = "not a whole record (the file ends before the line's newline)";

    private readonly ReplayPolicies _policies;
    private readonly RecordsFile _file;
    private readonly string _prefix;
    private readonly ReplayOutput _output;
    private readonly int _maxLineBytes;
    private readonly RecordLineReader _reader = new();

    /// <param name="policies">The policies to replay with.</param>
    /// <param name="file">The file the chunks come from.</param>
    /// <param name="prefixWithFile">Whether output lines start with the file's name (several files were given).</param>
    /// <param name="output">Which lines to print.</param>
    /// <param name="tally">Where to count (this worker's own).</param>
    /// <param name="maxLineBytes">The longest record line read.</param>
    public RecordReplayer(ReplayPolicies policies, RecordsFile file, bool prefixWithFile, ReplayOutput output, ReplayTally tally, int maxLineBytes)
    {
        _policies = policies;
        _file = file;
        _prefix = prefixWithFile ? file.Name + ": " : string.Empty;
        _output = output;
        Tally = tally;
        _maxLineBytes = maxLineBytes;
    }

    public ReplayTally Tally { get; }

    /// <summary>Replays every non-blank line of a chunk, writing its output lines into the chunk's output.</summary>
    public void ReplayLines(LineBlock chunk)
    {
        if (chunk.LineTooLong)
        {
            chunk.Cases = 1;
            Problem(chunk.Output, chunk.FirstLine, ProblemKind.NotARecord, TooLong());
            return;
        }

        var data = chunk.Lines.Span;
        var line = chunk.FirstLine;
        var start = 0;
        while (start < data.Length)
        {
            var lineEnd = data[start..].IndexOf((byte)'\n');
            var end = lineEnd < 0 ? data.Length : start + lineEnd;
            var text = data[start..end];
            if (text.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                chunk.Cases++;

                // Chunks are cut after a line end, so only the input's last line can lack one.
                ReplayLine(text, line, whole: lineEnd >= 0, chunk.Output);
            }

            line++;
            start = end + 1;
        }
    }

    /// <summary>Replays one line (without its newline); <paramref name="whole"/>: it ended with a newline.</summary>
    public void ReplayLine(ReadOnlySpan<byte> text, long line, bool whole, IBufferWriter<byte> output)
    {
        if (text.Length > _maxLineBytes)
        {
            Problem(output, line, ProblemKind.NotARecord, TooLong());
            return;
        }

        if (!_reader.TryRead(text, out var record, out var problem, out var given))
        {
            Problem(output, line, ProblemKind.NotARecord, problem);
            return;
        }

        if (!whole)
        {
            Problem(output, line, ProblemKind.NotARecord, NoNewline);
            return;
        }

        if (_policies.For(record.Policy) is not { } policy)
        {
            var made = record.Policy;
            Problem(output, line, ProblemKind.UnknownPolicy, string.Create(
                CultureInfo.InvariantCulture,
                $"{Describe(record.CaseId)} was decided by {made.Id} {made.Version} ({made.Hash}), and no *.policy.yaml in {_policies.Directory} has that hash; not replayed"));
            return;
        }

        var replayed = RecordReplay.Replay(record, policy, given);
        var differences = RecordReplay.Compare(record.Result, replayed);
        var replay = new ReplayedRecord(_file, line, record, policy, replayed, differences);
        Tally.Add(replay);
        if (_output.Differences && !differences.IsEmpty)
        {
            var who = record.CaseId is { } id ? $"case {id}" : "record";
            foreach (var difference in differences)
            {
                WriteLine(output, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{_prefix}{who} (line {line}): {difference.Field}: recorded {difference.Recorded}, replayed {difference.Replayed}"));
            }
        }
    }

    private static string Describe(string? caseId) => caseId is null ? "the record" : $"case {caseId}";

    private string TooLong() => string.Create(CultureInfo.InvariantCulture, $"not a record (longer than {_maxLineBytes} bytes, the longest record line read)");

    private void Problem(IBufferWriter<byte> output, long line, ProblemKind kind, string problem)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"line {line}: {problem}");
        Tally.AddProblem(new ReplayProblem(_file, line, kind, message));
        if (_output.Problems)
        {
            WriteLine(output, _prefix + message);
        }
    }

    /// <summary>Writes one line of output; control characters a case id or a note may hold are escaped, so each finding stays one line.</summary>
    private static void WriteLine(IBufferWriter<byte> output, string text)
    {
        text = OneLine(text);
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 1);
        var length = Encoding.UTF8.GetBytes(text, span);
        span[length] = (byte)'\n';
        output.Advance(length + 1);
    }

    /// <summary>The text with every control character written as an escape (<c>\n</c>, <c>\u0007</c>).</summary>
    internal static string OneLine(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0 && !text.Contains('\u007f', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' or '\u007f' => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}

/// <summary>Which lines a replay prints as it goes: each difference (the default text output) and each problem line (text output, with or without <c>--summary</c>).</summary>
/// <param name="Differences">Print each difference.</param>
/// <param name="Problems">Print each line that could not be replayed.</param>
internal sealed record ReplayOutput(bool Differences, bool Problems);
