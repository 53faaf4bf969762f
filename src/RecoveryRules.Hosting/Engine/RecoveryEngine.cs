using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using RecoveryRules.Hosting.Loading;

namespace RecoveryRules.Hosting.Engine;

/// <summary>
/// <see cref="IRecoveryEngine"/>: each call reads its policy's snapshot once and runs whole on it, so a reload in
/// the middle never mixes two policies (docs/embedding.md, "Reload"). The shadow candidate, when the snapshot has
/// one and the sampler includes the case, runs after the active policy; its outcome is compared, counted and
/// logged, never returned, and nothing it throws reaches the caller.
/// </summary>
internal sealed class RecoveryEngine : IRecoveryEngine
{
    private readonly PolicyCatalog _catalog;
    private readonly RecoveryRulesInstrumentation _instrumentation;
    private readonly EvaluationOptions? _evaluation;
    private readonly FrozenDictionary<string, PolicySlot> _byName;
    private readonly PolicySlot _default;

    public RecoveryEngine(PolicyCatalog catalog, IOptions<RecoveryRulesOptions> options)
    {
        // Reading the options runs their validation, which loads every policy: a broken one throws
        // OptionsValidationException with every diagnostic here, as it stops a host at start.
        RecoveryRulesOptions value = options.Value;
        ImmutableArray<string> failures = catalog.EnsureLoaded(value);
        if (!failures.IsEmpty)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(RecoveryRulesOptions), failures);
        }

        _catalog = catalog;
        _instrumentation = catalog.Instrumentation;
        _evaluation = catalog.Options.Explain ? EvaluationOptions.WithExplanation : null;
        _byName = catalog.ByName;
        _default = catalog.Default;
    }

    public IReadOnlyList<PolicyStatus> Policies => [.. _catalog.Slots.Select(slot => slot.Status())];

    public RecoveryPolicy GetPolicy(string? name = null) => Slot(name, nameof(name)).Current.Policy;

    public Decision Evaluate<TSource>(TSource source, string? policy = null) =>
        TryEvaluate(source, out Decision? decision, out CaseError? error, policy) ? decision : throw new CaseException(error);

    public bool TryEvaluate<TSource>(TSource source, [NotNullWhen(true)] out Decision? decision,
        [NotNullWhen(false)] out CaseError? error, string? policy = null)
    {
        PolicySlot slot = Slot(policy, nameof(policy));
        PolicySnapshot snapshot = slot.Current;
        PolicyIdentity identity = snapshot.Policy.Identity;
        object mapping = snapshot.Mapping(MapIndex<TSource>.Value) ?? throw Unmapped<TSource>();
        decision = null;
        error = null;
        long started = _instrumentation.EvaluationStarting(slot.Name, identity, out Activity? activity);
        try
        {
            TypedEvaluation.TryEvaluate(mapping, source, out decision, out error, _evaluation);
        }
        finally
        {
            _instrumentation.EvaluationFinished(slot.Name, identity, started, activity, decision, error);
        }

        if (snapshot.Shadow is { } shadow)
        {
            EvaluateShadow(slot, shadow, source, decision, error);
        }

        return decision is not null;
    }

    public CaseResult EvaluateJson(string json, string? policy = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        PolicySlot slot = Slot(policy, nameof(policy));
        PolicySnapshot snapshot = slot.Current;
        PolicyIdentity identity = snapshot.Policy.Identity;
        CaseResult? result = null;
        long started = _instrumentation.EvaluationStarting(slot.Name, identity, out Activity? activity);
        try
        {
            result = snapshot.Policy.EvaluateJson(json, _evaluation);
        }
        finally
        {
            _instrumentation.EvaluationFinished(slot.Name, identity, started, activity, result?.Decision, result?.Error);
        }

        if (snapshot.Shadow is { } shadow)
        {
            EvaluateShadow(slot, shadow, json, result);
        }

        return result;
    }

    // The shadow path lives in methods of its own, so that an evaluation without a candidate allocates nothing for it
    // (no closure over the source or the JSON). Neither method throws, nor changes what the caller gets.
    private void EvaluateShadow<TSource>(PolicySlot slot, ShadowCandidate shadow, TSource source, Decision? decision, CaseError? error)
    {
        string? caseId = decision?.CaseId ?? error?.CaseId;
        if (!shadow.Sampler.Includes(caseId))
        {
            return;
        }

        try
        {
            CaseResult candidate = TypedEvaluation.EvaluateResult(shadow.Mapping(MapIndex<TSource>.Value)!, source, _evaluation);
            ReportShadow(slot, shadow, caseId, new CaseResult(decision, error), candidate);
        }
#pragma warning disable CA1031 // the candidate must never fail the caller's evaluation (docs/embedding.md, "Shadow policies")
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.ShadowFailed(_catalog.Logger, slot.Name, caseId, exception);
        }
    }

    private void EvaluateShadow(PolicySlot slot, ShadowCandidate shadow, string json, CaseResult active)
    {
        string? caseId = active.Decision?.CaseId ?? active.Error?.CaseId;
        if (!shadow.Sampler.Includes(caseId))
        {
            return;
        }

        try
        {
            ReportShadow(slot, shadow, caseId, active, shadow.Policy.EvaluateJson(json, _evaluation));
        }
#pragma warning disable CA1031 // as above
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.ShadowFailed(_catalog.Logger, slot.Name, caseId, exception);
        }
    }

    private void ReportShadow(PolicySlot slot, ShadowCandidate shadow, string? caseId, CaseResult active, CaseResult candidate)
    {
        ImmutableArray<DecisionDifference> differences = ShadowComparison.Compare(active, candidate);
        _instrumentation.ShadowEvaluated(slot.Name, differences);
        if (!differences.IsEmpty)
        {
            Log.ShadowDifference(_catalog.Logger, slot.Name, caseId, shadow.Policy.Identity.Hash, ShadowComparison.Describe(differences));
        }
    }

    private PolicySlot Slot(string? name, string parameter)
    {
        if (name is null)
        {
            return _default;
        }

        return _byName.TryGetValue(name, out PolicySlot? slot)
            ? slot
            : throw new ArgumentException(
                $"No policy is named '{name}'; the policies are: {string.Join(", ", _catalog.Slots.Select(s => s.Name))}.", parameter);
    }

    private static InvalidOperationException Unmapped<TSource>() =>
        new($"{typeof(TSource).FullName} has no case mapping: call MapCase<{typeof(TSource).Name}>(map => …) in AddRecoveryRules.");
}
