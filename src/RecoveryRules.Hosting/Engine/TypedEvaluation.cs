namespace RecoveryRules.Hosting.Engine;

/// <summary>The one place the engine calls a bound case mapping (the snapshot keeps it as <see cref="object"/>, by type index).</summary>
internal static class TypedEvaluation
{
    public static bool TryEvaluate<TSource>(object mapping, TSource source, out Decision? decision, out CaseError? error, EvaluationOptions? options) =>
        ((CaseMapping<TSource>)mapping).TryEvaluate(source, out decision, out error, options);

    public static CaseResult EvaluateResult<TSource>(object mapping, TSource source, EvaluationOptions? options) =>
        ((CaseMapping<TSource>)mapping).EvaluateResult(source, options);
}
