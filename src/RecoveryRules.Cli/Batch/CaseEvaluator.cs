using System.Buffers;
using RecoveryRules.Cli.Output;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// Reads and evaluates cases given as UTF-8 JSON and writes each outcome. One per worker
/// (it owns an <see cref="OutcomeWriter"/>); the policy itself is shared.
/// </summary>
internal sealed class CaseEvaluator
{
    private readonly RecoveryPolicy _policy;
    private readonly OutcomeWriter _writer;
    private readonly EvaluationOptions _options;
    private readonly int _maxLineBytes;
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private string? _caseId;

    public CaseEvaluator(RecoveryPolicy policy, OutcomeWriter writer, EvaluationOptions options, int maxLineBytes)
    {
        _policy = policy;
        _writer = writer;
        _options = options;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>Evaluates every non-blank line of a chunk into the chunk's output, in order.</summary>
    public void EvaluateLines(CaseChunk chunk)
    {
        if (chunk.LineTooLong)
        {
            chunk.Cases = 1;
            chunk.Errors = 1;
            _writer.WriteError(chunk.Output, chunk.FirstLine, LineTooLong(chunk.FirstLine));
            return;
        }

        var data = chunk.Input.AsMemory(0, chunk.Length);
        var line = chunk.FirstLine;
        var start = 0;
        while (start < data.Length)
        {
            var lineEnd = data.Span[start..].IndexOf((byte)'\n');
            var end = lineEnd < 0 ? data.Length : start + lineEnd;
            var text = data[start..end];
            if (!text.IsEmpty && text.Span[^1] == (byte)'\r')
            {
                text = text[..^1];
            }

            if (!IsBlank(text.Span))
            {
                chunk.Cases++;
                if (text.Length > _maxLineBytes)
                {
                    // A long line that still fit in the chunk: the limit holds whatever the chunk size.
                    _writer.WriteError(chunk.Output, line, LineTooLong(line));
                    chunk.Errors++;
                }
                else if (!Evaluate(text, line, chunk.Output))
                {
                    chunk.Errors++;
                }
            }

            line++;
            start = end + 1;
        }
    }

    /// <summary>
    /// Reads and evaluates one case and writes its outcome. The case is isolated: whatever goes wrong
    /// with it, even an unexpected exception while reading, evaluating or writing it, is that case's
    /// error line (RR0429 for the unexpected), and the cases after it go on.
    /// </summary>
    /// <returns>Whether the case was decided (<c>false</c>: a case error was written).</returns>
    public bool Evaluate(ReadOnlyMemory<byte> utf8Json, long line, IBufferWriter<byte> output)
    {
        // The outcome is written to a scratch buffer first, so a write that fails part-way leaves nothing behind.
        _scratch.ResetWrittenCount();
        _caseId = null;
        bool decided;
        try
        {
            decided = Decide(utf8Json, line, _scratch);
        }
#pragma warning disable CA1031 // One case's failure is that case's error line, never the end of the batch.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _scratch.ResetWrittenCount();
            _writer.Discard();
            _writer.WriteError(_scratch, line, RecoveryPolicy.InternalError("handling", exception) with { CaseId = _caseId });
            decided = false;
        }

        output.Write(_scratch.WrittenSpan);
        return decided;
    }

    private bool Decide(ReadOnlyMemory<byte> utf8Json, long line, IBufferWriter<byte> output)
    {
        if (!_policy.TryReadCase(utf8Json, out var recoveryCase, out var error))
        {
            _writer.WriteError(output, line, error);
            return false;
        }

        _caseId = recoveryCase.Id; // for an internal error from here on
        if (!_policy.TryEvaluate(recoveryCase, out var decision, out error, _options))
        {
            _writer.WriteError(output, line, error);
            return false;
        }

        _writer.WriteDecision(output, line, decision);
        return true;
    }

    private CaseError LineTooLong(long line) => new(
        null,
        RecoveryDiagnostics.MalformedCase.Id,
        RecoveryDiagnostics.MalformedCase.Format($"line {line} is longer than {_maxLineBytes} bytes, the longest case line accepted"),
        null);

    /// <summary>Whether a line holds only spaces, tabs and a carriage return (a blank line is skipped, not a case).</summary>
    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
