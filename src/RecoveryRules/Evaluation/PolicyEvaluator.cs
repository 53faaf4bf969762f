using RecoveryRules.Binding;
using RecoveryRules.Diagnostics;
using RecoveryRules.Emit;
using RecoveryRules.Parsing;

namespace RecoveryRules.Evaluation;

/// <summary>
/// Evaluates a case: loads its facts into the thread's frame, runs the rules (<see cref="IRuleProgram"/>),
/// has <see cref="DecisionCombiner"/> combine the fired rules' decisions, and turns a failing
/// check or an overflow into the case's <see cref="CaseError"/>.
/// </summary>
internal sealed class PolicyEvaluator(BoundPolicy policy, IRuleProgram program, PolicyIdentity identity, TimeProvider clock)
{
    private readonly DecisionCombiner _combiner = new(policy, identity);
    private readonly int _conditionCount = SlotLayout.Of(policy).ConditionCount;

    public IRuleProgram Program => program;

    /// <summary>The policy's clock, read when an evaluation is not given its own (<see cref="EvaluationOptions.Now"/>).</summary>
    public TimeProvider Clock => clock;

    /// <summary>Evaluates a case at <paramref name="now"/>, or, when it is <c>null</c>, at the policy clock's present moment.</summary>
    public bool TryEvaluate(RecoveryCase recoveryCase, bool explain, DateTimeOffset? now, out Decision? decision, out CaseError? error) =>
        TryEvaluateAt(recoveryCase.Id, recoveryCase.Decimals, recoveryCase.Ordinals, recoveryCase.Booleans, recoveryCase.Texts, recoveryCase.OccurredAt,
            explain, now ?? clock.GetUtcNow(), out decision, out error);

    /// <summary>
    /// Evaluates a case given as its slots (filled and completed by the case reader): no <see cref="RecoveryCase"/>
    /// is made, so evaluating allocates only the decision.
    /// </summary>
    public bool TryEvaluate(string? id, decimal[] decimals, int[] ordinals, bool[] booleans, string?[] texts, DateTimeOffset? occurredAt,
        bool explain, DateTimeOffset? now, out Decision? decision, out CaseError? error) =>
        TryEvaluateAt(id, decimals, ordinals, booleans, texts, occurredAt, explain, now ?? clock.GetUtcNow(), out decision, out error);

    /// <summary>
    /// Evaluates a case whose slots a typed case mapping filled in <paramref name="frame"/>'s own slot arrays (filled and
    /// completed as the case reader completes a case): no <see cref="RecoveryCase"/> is made and no other frame is taken,
    /// so evaluating allocates only the decision. The frame's slots are the mapping's to refill: a delay computed from
    /// <paramref name="occurredAt"/> is written into them. The caller releases the frame's texts
    /// (<see cref="CaseFrame.ReleaseDefines"/>) when the evaluation is over.
    /// </summary>
    public bool TryEvaluateFilled(CaseFrame frame, string? id, DateTimeOffset? occurredAt, bool explain, DateTimeOffset? now,
        out Decision? decision, out CaseError? error)
    {
        frame.Start(policy);
        var at = now ?? clock.GetUtcNow();
        if (occurredAt is { } occurred)
        {
            if (occurred > at)
            {
                decision = null;
                error = OccurredInFuture(id, occurred, at);
                return false;
            }

            frame.Decimals[DelaySlot] = Durations.FromTimeSpan(at - occurred);
        }

        // As TryEvaluateAt, in line: the JIT does not inline a method with exception handling.
        decision = null;
        if (explain)
        {
            Array.Fill(frame.Conditions, (sbyte)-1, 0, _conditionCount);
        }

        try
        {
            program.Run(frame, explain);
        }
        catch (EvaluationFailure failure)
        {
            error = Failed(id, failure);
            return false;
        }
        catch (OverflowException)
        {
            error = Overflow(id, "An expression of this policy");
            return false;
        }

        try
        {
            decision = _combiner.Combine(id, frame, at, explain);
        }
        catch (OverflowException)
        {
            // Each amount fits a decimal, but their sum (or a rule's sum, in max mode) does not.
            error = Overflow(id, "The sum of the compensation amounts");
            return false;
        }

        error = null;
        return true;
    }

    private bool TryEvaluateAt(string? id, decimal[] decimals, int[] ordinals, bool[] booleans, string?[] texts, DateTimeOffset? occurredAtOrNull,
        bool explain, DateTimeOffset now, out Decision? decision, out CaseError? error)
    {
        decision = null;
        var frame = CaseFrame.ForCurrentThread(policy);

        // The program reads the case's own (immutable) slot arrays; only a delay computed from
        // occurredAt needs a private copy of the decimals.
        frame.Decimals = decimals;
        frame.Ordinals = ordinals;
        frame.Booleans = booleans;
        frame.Texts = texts;
        if (occurredAtOrNull is { } occurredAt)
        {
            if (occurredAt > now)
            {
                frame.Release();
                error = OccurredInFuture(id, occurredAt, now);
                return false;
            }

            frame.Decimals = frame.ScratchDecimals(decimals);
            frame.Decimals[DelaySlot] = Durations.FromTimeSpan(now - occurredAt);
        }

        if (explain)
        {
            Array.Fill(frame.Conditions, (sbyte)-1, 0, _conditionCount);
        }

        // The rules' run and the combining, with their errors, are written out here and in TryEvaluateFilled: the JIT
        // does not inline a method with exception handling, and a call more would cost both paths (docs/performance.md, "Typed case mapping").
        try
        {
            try
            {
                program.Run(frame, explain);
            }
            catch (EvaluationFailure failure)
            {
                error = Failed(id, failure);
                return false;
            }
            catch (OverflowException)
            {
                error = Overflow(id, "An expression of this policy");
                return false;
            }

            try
            {
                decision = _combiner.Combine(id, frame, now, explain);
            }
            catch (OverflowException)
            {
                // Each amount fits a decimal, but their sum (or a rule's sum, in max mode) does not.
                error = Overflow(id, "The sum of the compensation amounts");
                return false;
            }
        }
        finally
        {
            frame.Release();
        }

        error = null;
        return true;
    }

    private DecisionLine? _line;

    /// <summary>The policy's decision line (docs/design.md §21), made on first use; <c>null</c> when the policy's decisions cannot be written that way.</summary>
    public DecisionLine? Line
    {
        get
        {
            // Two threads may each make one: either is the same, immutable line.
            var line = _line ??= new DecisionLine(policy, identity);
            return line.Supported ? line : null;
        }
    }

    /// <summary>
    /// Evaluates a case given as its slots (as <see cref="TryEvaluate(string?, decimal[], int[], bool[], string?[], DateTimeOffset?, bool, DateTimeOffset?, out Decision?, out CaseError?)"/>,
    /// without an explanation) and writes its decision as one line of JSON straight from the frame into
    /// <paramref name="output"/> (<see cref="DecisionLine"/>): no <see cref="Decision"/> is made. <see langword="false"/>:
    /// the case's error, with nothing written. The case id is one <see cref="DecisionJson.IsPlainId(string)"/> accepts:
    /// <paramref name="id"/>, or, when <paramref name="idIsUtf8"/>, its bytes <paramref name="idUtf8"/> (docs/design.md §25;
    /// the error then has no case id, for the caller to give it).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool TryWriteLine(DecisionLine line, string? id, ReadOnlySpan<byte> idUtf8, bool idIsUtf8, decimal[] decimals, int[] ordinals, bool[] booleans, string?[] texts, DateTimeOffset? occurredAt,
        DateTimeOffset now, System.Buffers.IBufferWriter<byte> output, out CaseError? error)
    {
        var frame = CaseFrame.ForCurrentThread(policy);
        frame.Decimals = decimals;
        frame.Ordinals = ordinals;
        frame.Booleans = booleans;
        frame.Texts = texts;
        if (occurredAt is { } occurred)
        {
            if (occurred > now)
            {
                frame.Release();
                error = OccurredInFuture(id, occurred, now);
                return false;
            }

            frame.Decimals = frame.ScratchDecimals(decimals);
            frame.Decimals[DelaySlot] = Durations.FromTimeSpan(now - occurred);
        }

        // As TryEvaluateAt, with the line written where the decision was combined.
        try
        {
            try
            {
                program.Run(frame, false);
            }
            catch (EvaluationFailure failure)
            {
                error = Failed(id, failure);
                return false;
            }
            catch (OverflowException)
            {
                error = Overflow(id, "An expression of this policy");
                return false;
            }

            try
            {
                line.Write(frame, id, idUtf8, idIsUtf8, now, output);
            }
            catch (OverflowException)
            {
                // Each amount fits a decimal, but their sum (or a rule's sum, in max mode) does not: found before anything is written.
                error = Overflow(id, "The sum of the compensation amounts");
                return false;
            }
        }
        finally
        {
            frame.Release();
        }

        error = null;
        return true;
    }

    /// <summary>The case error of a check that failed while the rules ran, naming the expression's site.</summary>
    private CaseError Failed(string? id, EvaluationFailure failure)
    {
        var site = failure.Site >= 0 ? policy.Sites[failure.Site].Description : "An expression";
        var arguments = new object?[failure.Arguments.Length + 1];
        arguments[0] = site;
        failure.Arguments.CopyTo(arguments, 1);
        return new CaseError(id, failure.Descriptor.Id, failure.Descriptor.Format(arguments), null);
    }

    private static CaseError Overflow(string? id, string what) =>
        new(id, RecoveryDiagnostics.ArithmeticOverflow.Id, RecoveryDiagnostics.ArithmeticOverflow.Format(what), null);

    private static CaseError OccurredInFuture(string? id, DateTimeOffset occurredAt, DateTimeOffset now) =>
        new(id, RecoveryDiagnostics.OccurredInFuture.Id,
            RecoveryDiagnostics.OccurredInFuture.Format(DecisionJson.FormatTimestamp(occurredAt), DecisionJson.FormatTimestamp(now)), "occurredAt");

    private int DelaySlot { get; } = policy.Facts.First(f => f.Name == "delay").Slot;
}
