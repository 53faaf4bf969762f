using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
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
    private readonly CaseRecording? _recording;
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly ArrayBufferWriter<byte>? _recordScratch;
    private readonly Utf8JsonWriter? _recordJson;
    private readonly bool _writesLines;
    private string? _caseId;
    private DateTimeOffset _now;
    private EvaluationOptions _caseOptions;

    /// <summary>Creates a worker's evaluator.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="writer">The worker's own outcome writer.</param>
    /// <param name="options">How to evaluate: explaining when the output or the records need it, at <c>--now</c> if given.</param>
    /// <param name="maxLineBytes">The longest case line.</param>
    /// <param name="recording">How to record each case (<c>--record</c>); <c>null</c>: no records.</param>
    public CaseEvaluator(RecoveryPolicy policy, OutcomeWriter writer, EvaluationOptions options, int maxLineBytes, CaseRecording? recording = null)
    {
        _policy = policy;
        _writer = writer;
        _options = options;
        _maxLineBytes = maxLineBytes;
        _recording = recording;
        _caseOptions = options;

        // A decision line written straight from the evaluation (docs/design.md §21) when nothing needs the decision itself.
        _writesLines = recording is null && !options.Explain && writer.WritesDecisionLines;
        if (recording is not null)
        {
            _recordScratch = new ArrayBufferWriter<byte>(1024);
            _recordJson = new Utf8JsonWriter(_recordScratch, DecisionJson.Options);
        }
    }

    /// <summary>Evaluates every non-blank line of a block into the block's output, in order, all at one moment: the clock is read once per block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EvaluateLines(LineBlock chunk)
    {
        ReadClock();
        if (chunk.LineTooLong)
        {
            chunk.Cases = 1;
            chunk.Errors = 1;
            _writer.WriteError(chunk.Output, chunk.FirstLine, LineTooLong(chunk.FirstLine));
            return;
        }

        var data = chunk.Lines;
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
                else if (!EvaluateCase(text, line, chunk.Output, _recording is null ? null : chunk.Records))
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
    /// <param name="utf8Json">The case, as given.</param>
    /// <param name="line">Its line in the input.</param>
    /// <param name="output">Where its outcome goes.</param>
    /// <param name="records">Where its decision record goes (one whole line), when recording.</param>
    /// <returns>Whether the case was decided (<c>false</c>: a case error was written).</returns>
    public bool Evaluate(ReadOnlyMemory<byte> utf8Json, long line, IBufferWriter<byte> output, IBufferWriter<byte>? records = null)
    {
        ReadClock();
        return EvaluateCase(utf8Json, line, output, records);
    }

    /// <summary>
    /// Like <see cref="Evaluate"/>, for a command that decides one case (<c>eval --case</c>): where code is compiled at run
    /// time, the case takes the route that needs no <c>[AggressiveOptimization]</c> method of the batch (docs/design.md §27),
    /// whose full-optimization JIT would take longer than deciding the one case; the outcome is the same bytes.
    /// </summary>
    /// <inheritdoc cref="Evaluate" path="/param"/>
    /// <returns>Whether the case was decided (<c>false</c>: a case error was written).</returns>
    public bool EvaluateOne(ReadOnlyMemory<byte> utf8Json, long line, IBufferWriter<byte> output, IBufferWriter<byte>? records = null)
    {
        if (!OneCaseRoute)
        {
            return Evaluate(utf8Json, line, output, records);
        }

        ReadClock();
        OneCaseRouteTaken = true;
        return EvaluateIsolated(utf8Json, line, output, records, oneCase: true);
    }

    /// <summary>
    /// Whether <see cref="EvaluateOne"/> takes the one-case route: where code is compiled at run time (not under Native AOT,
    /// where everything is precompiled and the batch route is the faster). Tests set it to compare both routes.
    /// </summary>
    internal bool OneCaseRoute { get; set; } = RuntimeFeature.IsDynamicCodeCompiled;

    /// <summary>Whether a case went through the one-case route (tests check that it ran).</summary>
    internal bool OneCaseRouteTaken { get; private set; }

    /// <summary>
    /// Starts compiling, on a thread of its own, the <c>[AggressiveOptimization]</c> methods a batch of decision lines runs
    /// (this class's and <see cref="RecoveryPolicy.PrepareBatchLineMethods"/>), for a batch to call while its policy loads on the
    /// main thread (docs/design.md §31): the JIT then runs on the core the load leaves idle, not on the workers at their
    /// first case. Where code is not compiled at run time, nothing; the task gives how many methods were compiled.
    /// </summary>
    public static Task<int> PrepareBatchLineMethods()
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled)
        {
            return Task.FromResult(0);
        }

        var prepared = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                prepared.SetResult(RecoveryPolicy.PrepareBatchLineMethods() + OptimizedMethods.Prepare(typeof(CaseEvaluator)));
            }
#pragma warning disable CA1031 // Compiling ahead is only ever an optimisation: whatever fails here fails again, and is reported, where the method is called.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                prepared.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "RecoveryRules batch JIT",
        };
        thread.Start();
        return prepared.Task;
    }

    /// <summary>The moment the next cases are evaluated at: <c>--now</c>, or the policy's clock read now.</summary>
    private void ReadClock()
    {
        _now = _options.Now ?? _policy.Clock.GetUtcNow();
        _caseOptions = _options.Now is null ? _options with { Now = _now } : _options;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EvaluateCase(ReadOnlyMemory<byte> utf8Json, long line, IBufferWriter<byte> output, IBufferWriter<byte>? records)
    {
        if (_writesLines)
        {
            // A plain case's decision goes straight into the output: the line is written whole or not at all.
            _caseId = null;
            PlainLine outcome;
            Decision? decision;
            CaseError? error;
            try
            {
                outcome = _policy.TryWritePlainUtf8Line(utf8Json.Span, _now, output, out _caseId, out decision, out error);
            }
#pragma warning disable CA1031 // One case's failure is that case's error line, never the end of the batch.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                outcome = PlainLine.Failed;
                decision = null;
                error = RecoveryPolicy.InternalError("handling", exception) with { CaseId = _caseId };
            }

            switch (outcome)
            {
                case PlainLine.Written:
                    return true;
                case PlainLine.Decided:
                    return WriteOutcome(line, output, decision, null);
                case PlainLine.Failed:
                    return WriteOutcome(line, output, null, error);
            }
        }

        return EvaluateIsolated(utf8Json, line, output, records, oneCase: false);
    }

    /// <summary>
    /// Reads, evaluates and writes one case through the scratch buffers, every failure that case's error. Not
    /// <c>[AggressiveOptimization]</c>: the one-case route (<paramref name="oneCase"/>) goes through it before anything is compiled.
    /// </summary>
    private bool EvaluateIsolated(ReadOnlyMemory<byte> utf8Json, long line, IBufferWriter<byte> output, IBufferWriter<byte>? records, bool oneCase)
    {
        // The outcome and the record are written to scratch buffers first, so a write that fails part-way leaves nothing behind.
        _scratch.ResetWrittenCount();
        _recordScratch?.ResetWrittenCount();
        _caseId = null;
        bool decided;
        try
        {
            decided = oneCase ? DecideRead(utf8Json, line, _scratch, _caseOptions, oneCase: true) : Decide(utf8Json, line, _scratch);
        }
#pragma warning disable CA1031 // One case's failure is that case's error line, never the end of the batch.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _scratch.ResetWrittenCount();
            _writer.Discard();
            var error = RecoveryPolicy.InternalError("handling", exception) with { CaseId = _caseId };
            _writer.WriteError(_scratch, line, error);
            if (_recording is not null)
            {
                _recordScratch!.ResetWrittenCount();
                Record(DecisionRecord.FromInput(utf8Json.Span, new CaseResult(null, error), _policy.Identity, _now));
            }

            decided = false;
        }

        output.Write(_scratch.WrittenSpan);
        if (records is not null && _recordScratch is not null)
        {
            records.Write(_recordScratch.WrittenSpan);
        }

        return decided;
    }

    /// <summary>Writes a decision or a case error through the scratch buffer (an error while writing is that case's error line); returns whether it was a decision.</summary>
    private bool WriteOutcome(long line, IBufferWriter<byte> output, Decision? decision, CaseError? error)
    {
        _scratch.ResetWrittenCount();
        try
        {
            if (decision is not null)
            {
                _writer.WriteDecision(_scratch, line, decision);
            }
            else
            {
                _writer.WriteError(_scratch, line, error!);
            }
        }
#pragma warning disable CA1031 // One case's failure is that case's error line, never the end of the batch.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _scratch.ResetWrittenCount();
            _writer.Discard();
            _writer.WriteError(_scratch, line, RecoveryPolicy.InternalError("handling", exception) with { CaseId = _caseId });
            decision = null;
        }

        output.Write(_scratch.WrittenSpan);
        return decision is not null;
    }

    /// <summary>
    /// Records a stretch of input that is not a JSON value (a malformed part of a multi-object document): the
    /// record holds the stretch as text and the error the engine gives for it, so that it replays alike.
    /// </summary>
    public void RecordUnreadable(ReadOnlyMemory<byte> input, IBufferWriter<byte> records)
    {
        if (_recording is null)
        {
            return;
        }

        _recordScratch!.ResetWrittenCount();
        _now = _options.Now ?? _policy.Clock.GetUtcNow();
        var error = _policy.TryReadCase(input, out _, out var readError) ? null : readError;
        error ??= RecoveryPolicy.InternalError("reading", new InvalidOperationException("A malformed stretch of the input read as a case."));
        Record(DecisionRecord.FromInput(input.Span, new CaseResult(null, error), _policy.Identity, _now));
        records.Write(_recordScratch.WrittenSpan);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Decide(ReadOnlyMemory<byte> utf8Json, long line, IBufferWriter<byte> output)
    {
        // One moment for the whole block (ReadClock), so that a record holds the clock its case was evaluated at.
        var options = _caseOptions;
        if (_recording is null)
        {
            // A plain case needs no RecoveryCase (nothing records it): read into reused slots and evaluated from them.
            var plainDecided = _policy.TryEvaluatePlainUtf8(utf8Json.Span, options, out var plain, out _caseId, out var plainDecision, out var plainError);
            if (plain)
            {
                if (plainDecided)
                {
                    _writer.WriteDecision(output, line, plainDecision!);
                    return true;
                }

                _writer.WriteError(output, line, plainError!);
                return false;
            }
        }

        return DecideRead(utf8Json, line, output, options, oneCase: false);
    }

    /// <summary>
    /// Decides a case read into a <see cref="RecoveryCase"/> (a case that is not plain, one recorded, or the one case of the
    /// one-case route, which writes its decision without the batch's line writer: <see cref="OutcomeWriter.WriteOneDecision"/>).
    /// </summary>
    private bool DecideRead(ReadOnlyMemory<byte> utf8Json, long line, IBufferWriter<byte> output, EvaluationOptions options, bool oneCase)
    {
        // The case keeps the chunk's bytes as what it was given, without a copy: it is evaluated and
        // recorded here, before the chunk's buffer is reused.
        if (!_policy.TryReadCase(utf8Json, ownsInput: true, out var recoveryCase, out var error))
        {
            _writer.WriteError(output, line, error);
            if (_recording is not null)
            {
                Record(DecisionRecord.FromInput(utf8Json.Span, new CaseResult(null, error), _policy.Identity, _now));
            }

            return false;
        }

        _caseId = recoveryCase.Id; // for an internal error from here on
        if (!_policy.TryEvaluate(recoveryCase, out var decision, out error, options))
        {
            _writer.WriteError(output, line, error);
            if (_recording is not null)
            {
                Record(DecisionRecord.Create(recoveryCase, new CaseResult(null, error), _now));
            }

            return false;
        }

        if (_recording is not null)
        {
            var recorded = _recording.RecordExplanation || decision.Explanation is null ? decision : decision with { Explanation = null };
            Record(DecisionRecord.Create(recoveryCase, new CaseResult(recorded, null), _now));
            if (!_recording.OutputExplanation && decision.Explanation is not null)
            {
                decision = decision with { Explanation = null };
            }
        }

        if (oneCase)
        {
            _writer.WriteOneDecision(output, line, decision);
        }
        else
        {
            _writer.WriteDecision(output, line, decision);
        }

        return true;
    }

    /// <summary>Serializes a record, with its newline, into the record scratch buffer.</summary>
    private void Record(DecisionRecord record)
    {
        _recordJson!.Reset(_recordScratch!);
        record.WriteTo(_recordJson);
        _recordJson.Flush();
        _recordScratch!.GetSpan(1)[0] = (byte)'\n';
        _recordScratch.Advance(1);
    }

    private CaseError LineTooLong(long line) => new(
        null,
        RecoveryDiagnostics.MalformedCase.Id,
        RecoveryDiagnostics.MalformedCase.Format($"line {line} is longer than {_maxLineBytes} bytes, the longest case line accepted"),
        null);

    /// <summary>Whether a line holds only spaces, tabs and a carriage return (a blank line is skipped, not a case).</summary>
    private static bool IsBlank(ReadOnlySpan<byte> line) => (line.IsEmpty || line[0] != (byte)'{') && line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
