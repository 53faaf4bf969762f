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
            _writer.WriteError(chunk.Output, chunk.FirstLine, new CaseError(
                null,
                RecoveryDiagnostics.MalformedCase.Id,
                RecoveryDiagnostics.MalformedCase.Format($"line {chunk.FirstLine} is longer than {_maxLineBytes} bytes, the longest case line accepted"),
                null));
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
                if (!Evaluate(text, line, chunk.Output))
                {
                    chunk.Errors++;
                }
            }

            line++;
            start = end + 1;
        }
    }

    /// <summary>Reads and evaluates one case and writes its outcome.</summary>
    /// <returns>Whether the case was decided (<c>false</c>: a case error was written).</returns>
    public bool Evaluate(ReadOnlyMemory<byte> utf8Json, long line, IBufferWriter<byte> output)
    {
        Decision? decision;
        CaseError? error;
        try
        {
            if (_policy.TryReadCase(utf8Json, out var recoveryCase, out error)
                && _policy.TryEvaluate(recoveryCase, out decision, out error, _options))
            {
                _writer.WriteDecision(output, line, decision);
                return true;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new InvalidOperationException($"evaluating the case on line {line} failed: {exception.Message}", exception);
        }

        _writer.WriteError(output, line, error);
        return false;
    }

    /// <summary>Whether a line holds only spaces, tabs and a carriage return (a blank line is skipped, not a case).</summary>
    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
