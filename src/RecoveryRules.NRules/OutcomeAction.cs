using NRules.RuleModel;

namespace RecoveryRules.NRules;

/// <summary>
/// The action of the policy's rule: evaluates the matched fact with the bound mapping and inserts its outcome as a
/// fact linked to the activation, or updates it on reactivation. NRules retracts linked facts itself when the
/// activation goes (the source fact retracted, or no longer matching), so there is no deactivation action.
/// Immutable and stateless: one instance serves every session and thread (docs/nrules.md, "Sessions and threads").
/// </summary>
internal sealed class OutcomeAction<TFact, TSource>
    where TFact : class
{
    /// <summary>The key of the outcome among the activation's linked facts (one per activation).</summary>
    private const string OutcomeKey = "recoveryrules:outcome";

    private readonly CaseMapping<TSource> _mapping;
    private readonly PolicyIdentity _policy;
    private readonly EvaluationOptions _options;
    private readonly TimeProvider? _clock;

    public OutcomeAction(CaseMapping<TSource> mapping, RecoveryRuleOptions options)
    {
        _mapping = mapping;
        _policy = mapping.Policy.Identity;
        _options = options.Explain ? EvaluationOptions.WithExplanation : EvaluationOptions.Default;
        _clock = options.TimeProvider;
    }

    public void Apply(IContext context, TFact fact, TSource source)
    {
        EvaluationOptions options = _clock is null ? _options : _options with { Now = _clock.GetUtcNow() };
        RecoveryOutcome<TFact> outcome = _mapping.TryEvaluate(source, out var decision, out var error, options)
            ? new RecoveryOutcome<TFact>(fact, _policy, decision, null)
            : new RecoveryOutcome<TFact>(fact, _policy, null, error);
        if (context.GetLinked(OutcomeKey) is null)
        {
            context.InsertLinked(OutcomeKey, outcome);
        }
        else
        {
            context.UpdateLinked(OutcomeKey, outcome);
        }
    }
}
