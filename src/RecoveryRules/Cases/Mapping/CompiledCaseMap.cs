namespace RecoveryRules;

/// <summary>A case map compiled for one policy: one delegate that writes a source's values into the case's slots.</summary>
internal sealed class CompiledCaseMap<TSource>(RecoveryPolicy policy, CaseMap<TSource> map)
{
    public RecoveryPolicy Policy { get; } = policy;

    public CaseMap<TSource> Map { get; } = map;

    public bool TryEvaluate(TSource source, EvaluationOptions? options, out Decision? decision, out CaseError? error) =>
        throw new NotImplementedException("Provisional: typed case mapping is being implemented.");

    public bool TryCreateCase(TSource source, out RecoveryCase? recoveryCase, out CaseError? error) =>
        throw new NotImplementedException("Provisional: typed case mapping is being implemented.");
}
