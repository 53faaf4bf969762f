using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using RecoveryRules.Diagnostics;
using RecoveryRules.Symbols;
using RecoveryRules.Text;
using State = RecoveryRules.CaseReader.State;

namespace RecoveryRules;

/// <summary>
/// A case map compiled for one policy: ONE delegate that reads each mapped value from the source and writes
/// it straight into the case's slots (precomputed slot indices), through the policy's case reader's checks
/// (<see cref="CaseReader.ReadValue{TValue}"/>: the checks a JSON case goes through). An enum value goes
/// into its slot as the member's ordinal found when binding. Evaluating uses the thread's slots, so it
/// allocates only the decision (docs/embedding.md, "Typed case mapping").
/// </summary>
internal sealed class CompiledCaseMap<TSource>
{
    private readonly RecoveryPolicy _policy;
    private readonly CaseReader _reader;
    private readonly ImmutableArray<MappedTarget> _targets;
    private readonly Func<TSource, State, CaseError?> _write;
    private readonly Lazy<Func<TSource, State, CaseError?>> _writeAndRecord;

    public CompiledCaseMap(RecoveryPolicy policy, ImmutableArray<MappedTarget> targets)
    {
        _policy = policy;
        _reader = policy.Reader;
        _targets = targets;

        // As the rule program: IL where the runtime compiles dynamic code, the interpreter where it cannot (AOT)
        // and for a policy that runs its rules interpreted (RuleExecution.Interpreted: loaded to be used a few times).
        var interpret = !RuntimeFeature.IsDynamicCodeCompiled || policy.Program is Emit.TieredRuleProgram { Execution: RuleExecution.Interpreted };

        // Two delegates from the same tree: evaluating writes the slots only; making a case to keep also records each
        // value for the case's record, and is compiled the first time a case is made.
        _write = new CaseMapEmitter(_reader, targets, record: false).Emit<TSource>().Compile(preferInterpretation: interpret);
        _writeAndRecord = new(() => new CaseMapEmitter(_reader, targets, record: true).Emit<TSource>().Compile(preferInterpretation: interpret));
    }

    public bool TryEvaluate(TSource source, EvaluationOptions? options, out Decision? decision, out CaseError? error)
    {
        ThrowIfNull(source);

        // One thread-local object: the slots the delegate fills are the evaluation frame's own (State.Frame), so the
        // rules run on them with no second frame taken, pointed at them and released (docs/performance.md, "Typed case mapping").
        var state = _reader.ForMapping();
        try
        {
            // Fill, in line (a call less).
            try
            {
                error = _write(source, state);
            }
#pragma warning disable CA1031 // Never the caller's crash: the host's expressions have their own catch (RR0604), so this is RecoveryRules' own (RR0429).
            catch (Exception exception)
#pragma warning restore CA1031
            {
                error = RecoveryPolicy.InternalError("mapping", exception);
            }

            if (error is not null)
            {
                decision = null;
                error = error with { CaseId = state.Id };
                return false;
            }

            return _policy.Evaluator.TryEvaluateFilled(state.Frame!, state.Id, state.OccurredAt, options?.Explain == true, options?.Now, out decision, out error);
        }
#pragma warning disable CA1031 // One case's unexpected failure is that case's error, never the caller's crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            decision = null;
            error = RecoveryPolicy.InternalError("evaluating", exception) with { CaseId = state.Id };
            return false;
        }
        finally
        {
            state.Release();
        }
    }

    public bool TryCreateCase(TSource source, out RecoveryCase? recoveryCase, out CaseError? error)
    {
        ThrowIfNull(source);
        var state = _reader.ForCase();
        var values = new List<BuiltFact>(_targets.Length);
        state.Values = values;
        error = Fill(_writeAndRecord.Value, source, state);
        state.Values = null;
        recoveryCase = error is null ? _reader.CreateCase(state, null, values) : null;
        return error is null;
    }

    /// <summary>The evaluating fill alone, for the parts benchmark (docs/performance.md, "Typed case mapping").</summary>
    internal CaseError? FillSlots(TSource source, State state) => Fill(_write, source, state);

    /// <summary>Writes the source's values into <paramref name="state"/> and completes the case (defaults, missing facts: the delegate's end).</summary>
    private static CaseError? Fill(Func<TSource, State, CaseError?> write, TSource source, State state)
    {
        CaseError? error;
        try
        {
            error = write(source, state);
        }
#pragma warning disable CA1031 // Never the caller's crash: the host's expressions have their own catch (RR0604), so this is RecoveryRules' own (RR0429).
        catch (Exception exception)
#pragma warning restore CA1031
        {
            error = RecoveryPolicy.InternalError("mapping", exception);
        }

        return error is null ? null : error with { CaseId = state.Id };
    }

    private static void ThrowIfNull(TSource source)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source), $"The {typeof(TSource).Name} to map is null.");
        }
    }
}
