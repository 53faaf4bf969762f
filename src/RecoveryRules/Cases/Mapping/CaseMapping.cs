using System.Diagnostics.CodeAnalysis;

namespace RecoveryRules;

/// <summary>
/// A <see cref="CaseMap{TSource}"/> bound to one compiled policy: immutable and thread-safe, compiled once to
/// direct writes into the case's slots (no JSON, no boxing, no per-call dictionary). A mapped value behaves
/// exactly as the same value written as case JSON would: the same checks, the same case errors. A null value
/// is absent: the fact's default applies, or the case is missing it.
/// </summary>
/// <typeparam name="TSource">The host's type.</typeparam>
public sealed class CaseMapping<TSource>
{
    private readonly CompiledCaseMap<TSource> _compiled;

    internal CaseMapping(RecoveryPolicy policy, CaseMap<TSource> map, CompiledCaseMap<TSource> compiled)
    {
        Policy = policy;
        Map = map;
        _compiled = compiled;
    }

    /// <summary>The policy the map is bound to.</summary>
    public RecoveryPolicy Policy { get; }

    /// <summary>The map.</summary>
    public CaseMap<TSource> Map { get; }

    /// <summary>Maps <paramref name="source"/> and evaluates it; allocates only the decision.</summary>
    /// <param name="source">The host's object.</param>
    /// <param name="options">Whether to explain, and the evaluation clock; the fast path by default.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="CaseException">A value does not fit its fact, a required fact is absent, or an expression fails for this case.</exception>
    public Decision Evaluate(TSource source, EvaluationOptions? options = null) =>
        TryEvaluate(source, out var decision, out var error, options) ? decision : throw new CaseException(error);

    /// <summary>Maps <paramref name="source"/> and evaluates it, without throwing on case errors; allocates only the decision.</summary>
    /// <param name="source">The host's object.</param>
    /// <param name="decision">The decision, when the case could be evaluated.</param>
    /// <param name="error">Why it could not, otherwise.</param>
    /// <param name="options">Whether to explain, and the evaluation clock; the fast path by default.</param>
    /// <returns>Whether there is a decision.</returns>
    public bool TryEvaluate(TSource source, [NotNullWhen(true)] out Decision? decision, [NotNullWhen(false)] out CaseError? error, EvaluationOptions? options = null) =>
        _compiled.TryEvaluate(source, options, out decision, out error);

    /// <summary>Maps <paramref name="source"/> and evaluates it; never throws for a case error.</summary>
    /// <param name="source">The host's object.</param>
    /// <param name="options">Whether to explain, and the evaluation clock; the fast path by default.</param>
    /// <returns>The decision or the case error.</returns>
    public CaseResult EvaluateResult(TSource source, EvaluationOptions? options = null) =>
        TryEvaluate(source, out var decision, out var error, options) ? new CaseResult(decision, null) : new CaseResult(null, error);

    /// <summary>Maps <paramref name="source"/> to a case of <see cref="Policy"/> (to keep, record or replay it).</summary>
    /// <param name="source">The host's object.</param>
    /// <returns>The case.</returns>
    /// <exception cref="CaseException">A value does not fit its fact, or a required fact is absent.</exception>
    public RecoveryCase CreateCase(TSource source) =>
        TryCreateCase(source, out var recoveryCase, out var error) ? recoveryCase : throw new CaseException(error);

    /// <summary>Maps <paramref name="source"/> to a case of <see cref="Policy"/>, without throwing on case errors.</summary>
    /// <param name="source">The host's object.</param>
    /// <param name="recoveryCase">The case, when the values fit.</param>
    /// <param name="error">Why they do not, otherwise.</param>
    /// <returns>Whether the case was made.</returns>
    public bool TryCreateCase(TSource source, [NotNullWhen(true)] out RecoveryCase? recoveryCase, [NotNullWhen(false)] out CaseError? error) =>
        _compiled.TryCreateCase(source, out recoveryCase, out error);
}
