namespace RecoveryRules.Hosting.Engine;

/// <summary>The one place the engine calls a bound case mapping (provisional until the core's CaseMapping lands).</summary>
internal static class TypedEvaluation
{
    public static bool TryEvaluate<TSource>(object mapping, TSource source, out Decision? decision, out CaseError? error, EvaluationOptions? options)
    {
        _ = mapping;
        _ = source;
        _ = options;
        throw new InvalidOperationException($"{typeof(TSource).FullName} has no case mapping: call MapCase<{typeof(TSource).Name}>(map => …) in AddRecoveryRules.");
    }

    public static CaseResult EvaluateResult<TSource>(object mapping, TSource source, EvaluationOptions? options) =>
        TryEvaluate(mapping, source, out Decision? decision, out CaseError? error, options) ? new CaseResult(decision, null) : new CaseResult(null, error);
}
