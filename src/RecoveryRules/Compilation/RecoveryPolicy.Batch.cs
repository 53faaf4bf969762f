using System.Runtime.CompilerServices;

namespace RecoveryRules;

/// <summary>Many cases at once (docs/embedding.md, "Many cases at once").</summary>
public sealed partial class RecoveryPolicy
{
    /// <summary>
    /// Evaluates many cases at one moment, writing each case's outcome to the same index of
    /// <paramref name="destination"/>, as <c>TensorPrimitives</c> and
    /// <see cref="System.Buffers.Text.Base64"/> write to a destination span. The clock is read once for the whole
    /// call (every case is decided at the same <see cref="Decision.EvaluatedAt"/>) unless
    /// <see cref="EvaluationOptions.Now"/> gives the moment. A case whose values make it fail gets its
    /// <see cref="CaseError"/> at its index, never an exception, and the cases after it are decided: each result is
    /// what <see cref="TryEvaluate"/> gives that case at the same moment.
    /// </summary>
    /// <param name="cases">Cases read by this policy.</param>
    /// <param name="destination">Where the results go: at least as long as <paramref name="cases"/>; the elements past that length are left as they are.</param>
    /// <param name="options">Whether to explain, and the moment to evaluate at; the fast path at the clock's present moment by default.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/> is shorter than <paramref name="cases"/>, or a case is <see langword="null"/> or was read by another
    /// policy (checked before any case is evaluated, so nothing is written then).
    /// </exception>
    public void EvaluateMany(ReadOnlySpan<RecoveryCase> cases, Span<CaseResult> destination, EvaluationOptions? options = null)
    {
        if (destination.Length < cases.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} results, fewer than the {cases.Length} cases.", nameof(destination));
        }

        for (var i = 0; i < cases.Length; i++)
        {
            CheckOwnCase(cases[i], i, nameof(cases));
        }

        var atOneMoment = AtOneMoment(options);
        for (var i = 0; i < cases.Length; i++)
        {
            destination[i] = EvaluateOne(cases[i], atOneMoment);
        }
    }

    /// <summary>
    /// Evaluates a stream of cases at one moment, yielding each case's outcome in the order the cases come. The clock
    /// is read once, when the enumeration starts (every case is decided at the same <see cref="Decision.EvaluatedAt"/>),
    /// unless <see cref="EvaluationOptions.Now"/> gives the moment. A case whose values make it fail yields its
    /// <see cref="CaseError"/>, never an exception, and the cases after it are decided: each result is what
    /// <see cref="TryEvaluate"/> gives that case at the same moment.
    /// </summary>
    /// <param name="cases">Cases read by this policy.</param>
    /// <param name="options">Whether to explain, and the moment to evaluate at; the fast path at the clock's present moment by default.</param>
    /// <param name="cancellationToken">Stops the enumeration (it is passed on to <paramref name="cases"/> too).</param>
    /// <returns>The results, one per case, in order.</returns>
    /// <exception cref="ArgumentException">A case is <see langword="null"/> or was read by another policy (thrown when that case comes).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async IAsyncEnumerable<CaseResult> EvaluateManyAsync(
        IAsyncEnumerable<RecoveryCase> cases,
        EvaluationOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var atOneMoment = AtOneMoment(options);
        var index = 0L;
        await foreach (var recoveryCase in cases.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            CheckOwnCase(recoveryCase, index++, nameof(cases));
            yield return EvaluateOne(recoveryCase, atOneMoment);
        }
    }

    /// <summary>
    /// Reads and evaluates a plain, valid case given as UTF-8 JSON without making a <see cref="RecoveryCase"/>: it is
    /// read into the thread's reused slots and evaluated from them, so only the decision is allocated (the CLI's
    /// batch path, docs/performance.md "Batch throughput"). <paramref name="read"/> is <see langword="false"/> when
    /// the case is not plain: read it with <see cref="TryReadCase(ReadOnlyMemory{byte}, out RecoveryCase?, out CaseError?)"/>
    /// instead, which names its error. Otherwise the outcome is what <see cref="TryEvaluate"/> gives the case.
    /// </summary>
    internal bool TryEvaluatePlainUtf8(ReadOnlySpan<byte> utf8Json, EvaluationOptions options, out bool read, out string? caseId, out Decision? decision, out CaseError? error)
    {
        decision = null;
        error = null;
        caseId = null;
        var state = ForPlainRead();
        try
        {
            read = _reader.TryReadPlainInto(utf8Json, state, out _, out _);
            if (!read)
            {
                return false;
            }

            caseId = state.Id;
            return _evaluator.TryEvaluate(state.Id, state.Decimals, state.Ordinals, state.Booleans, state.Texts, state.OccurredAt,
                options.Explain, options.Now, out decision, out error);
        }
#pragma warning disable CA1031 // One case's unexpected failure is that case's error, never the caller's crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            read = true;
            error = InternalError("evaluating", exception) with { CaseId = state.Id };
            return false;
        }
        finally
        {
            state.Release();
        }
    }

    /// <summary>
    /// Compiles the <c>[AggressiveOptimization]</c> methods of the batch's decision line now, on this thread: reading the case
    /// (<see cref="CaseReader.PrepareBatchMethods"/>), evaluating it, writing its line. A batch calls this on a thread of its own while
    /// the policy loads (docs/design.md §31), so that its workers do not wait for these compilations at the first case; any
    /// thread that calls one of them first waits for the same compilation instead. Returns how many methods it compiled; where
    /// code is not compiled at run time, none.
    /// </summary>
    internal static int PrepareBatchLineMethods() =>
        OptimizedMethods.Prepare(typeof(RecoveryPolicy)) + CaseReader.PrepareBatchMethods() + OptimizedMethods.Prepare(typeof(Evaluation.PolicyEvaluator))
        + OptimizedMethods.Prepare(typeof(Evaluation.DecisionLine)) + OptimizedMethods.Prepare(typeof(DecimalText)) + OptimizedMethods.Prepare(typeof(DecisionJson));

    /// <summary>
    /// Reads and evaluates a plain, valid case given as UTF-8 JSON, as <see cref="TryEvaluatePlainUtf8"/> does, and writes
    /// its decision without an explanation as one line of JSON (ended by <c>\n</c>) straight into <paramref name="output"/>,
    /// with no <see cref="Decision"/> made (docs/design.md §21): the bytes <see cref="Decision.ToJson"/> gives for the decision
    /// <see cref="TryEvaluate"/> would give at <paramref name="now"/>. What it did:
    /// <see cref="PlainLine.NotPlain"/>, nothing read (read the case with the document path);
    /// <see cref="PlainLine.Written"/>, the line is in <paramref name="output"/>;
    /// <see cref="PlainLine.Decided"/>, the decision is in <paramref name="decision"/> for the caller to write (a case id
    /// the line does not copy as it is, or a policy whose decisions it does not write);
    /// <see cref="PlainLine.Failed"/>, the case's error is in <paramref name="error"/> and nothing was written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal PlainLine TryWritePlainUtf8Line(ReadOnlySpan<byte> utf8Json, DateTimeOffset now, System.Buffers.IBufferWriter<byte> output,
        out string? caseId, out Decision? decision, out CaseError? error)
    {
        decision = null;
        error = null;
        caseId = null;
        var state = ForPlainRead();
        var read = false;
        try
        {
            // The scanner gives the id as its bytes in the line (docs/design.md §25): no string per case unless something needs it.
            state.IdAsBytes = true;
            if (!_reader.TryReadPlainInto(utf8Json, state, out _, out _))
            {
                return PlainLine.NotPlain;
            }

            read = true;
            var idIsUtf8 = state.IdStart >= 0;
            var idUtf8 = idIsUtf8 ? utf8Json.Slice(state.IdStart, state.IdLength) : default;
            if (_evaluator.Line is { } line && (idIsUtf8 ? DecisionJson.IsPlainId(idUtf8) : state.Id is null || DecisionJson.IsPlainId(state.Id)))
            {
                if (_evaluator.TryWriteLine(line, state.Id, idUtf8, idIsUtf8, state.Decimals, state.Ordinals, state.Booleans, state.Texts, state.OccurredAt, now, output, out error))
                {
                    return PlainLine.Written;
                }

                caseId = IdText(state, utf8Json);
                error = error! with { CaseId = caseId };
                return PlainLine.Failed;
            }

            caseId = IdText(state, utf8Json);
            return _evaluator.TryEvaluate(state.Id, state.Decimals, state.Ordinals, state.Booleans, state.Texts, state.OccurredAt,
                false, now, out decision, out error)
                ? PlainLine.Decided
                : PlainLine.Failed;
        }
#pragma warning disable CA1031 // One case's unexpected failure is that case's error, never the caller's crash.
        catch (Exception exception) when (read)
#pragma warning restore CA1031
        {
            caseId = IdText(state, utf8Json);
            error = InternalError("evaluating", exception) with { CaseId = caseId };
            return PlainLine.Failed;
        }
        finally
        {
            state.IdAsBytes = false;
            state.Release();
        }
    }

    /// <summary>The case id as a string: <c>State.Id</c>, made from its bytes in the line if the scanner gave it as those (the same string it would have made).</summary>
    private static string? IdText(CaseReader.State state, ReadOnlySpan<byte> utf8Json)
    {
        if (state.Id is null && state.IdStart >= 0)
        {
            state.Id = System.Text.Encoding.UTF8.GetString(utf8Json.Slice(state.IdStart, state.IdLength));
        }

        return state.Id;
    }

    /// <summary>
    /// The thread's reused slots for a plain read. <see cref="CaseReader.ForMapping"/> leaves which facts were given
    /// (<c>State.Given</c>) to a typed mapping, which writes all of it; a plain read marks only the facts it reads, so it
    /// starts from none: <see cref="CaseReader.TryReadPlainInto(ReadOnlySpan{byte}, CaseReader.State, out int, out int)"/> empties
    /// them itself before it reads (docs/design.md §22), so they are not emptied twice here (§43).
    /// </summary>
    private CaseReader.State ForPlainRead() => _reader.ForMapping();

    /// <summary>The options with the moment of the whole call: the given one, or the clock read now.</summary>
    private EvaluationOptions AtOneMoment(EvaluationOptions? options)
    {
        options ??= EvaluationOptions.Default;
        return options.Now is null ? options with { Now = Clock.GetUtcNow() } : options;
    }

    private CaseResult EvaluateOne(RecoveryCase recoveryCase, EvaluationOptions atOneMoment) =>
        TryEvaluate(recoveryCase, out var decision, out var error, atOneMoment) ? new CaseResult(decision, null) : new CaseResult(null, error);

    private void CheckOwnCase(RecoveryCase? recoveryCase, long index, string parameter)
    {
        if (recoveryCase is null)
        {
            throw new ArgumentException($"The case at index {index} is null.", parameter);
        }

        if (!ReferenceEquals(recoveryCase.Policy, Bound))
        {
            throw new ArgumentException($"The case at index {index} was read by another policy; read it with this policy's ReadCase.", parameter);
        }
    }
}

/// <summary>What <see cref="RecoveryPolicy.TryWritePlainUtf8Line"/> did with a case.</summary>
internal enum PlainLine
{
    /// <summary>The case is not plain: nothing was read; read it with the document path.</summary>
    NotPlain,

    /// <summary>The decision's line was written.</summary>
    Written,

    /// <summary>The case was decided; the caller writes the decision.</summary>
    Decided,

    /// <summary>The case failed; nothing was written.</summary>
    Failed,
}
