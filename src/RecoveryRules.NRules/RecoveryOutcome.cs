using System.Diagnostics.CodeAnalysis;

namespace RecoveryRules.NRules;

/// <summary>
/// What the policy decided for one host fact, inserted into the NRules session by the policy's rule as a fact
/// linked to the fact (docs/nrules.md): updated when the fact is updated, retracted when it is retracted. Host
/// rules match on it (<c>Match&lt;RecoveryOutcome&lt;Complaint&gt;&gt;(o =&gt; o.Decision!.Escalation!.To == "retention")</c>)
/// and hosts query it (<c>session.Query&lt;RecoveryOutcome&lt;Complaint&gt;&gt;()</c>). Immutable: each
/// re-evaluation is a new outcome, so a host rule that matched the old one is re-evaluated against the new one.
/// </summary>
/// <typeparam name="TFact">The host's fact type.</typeparam>
public sealed class RecoveryOutcome<TFact>
    where TFact : class
{
    internal RecoveryOutcome(TFact fact, PolicyIdentity policy, Decision? decision, CaseError? error)
    {
        Fact = fact;
        Policy = policy;
        Decision = decision;
        Error = error;
    }

    /// <summary>The host fact the outcome is about (the same object as in the session).</summary>
    public TFact Fact { get; }

    /// <summary>The policy that decided: its id, version and hash (as in the rule's name and properties).</summary>
    public PolicyIdentity Policy { get; }

    /// <summary>The decision, when the fact could be evaluated; <see langword="null"/> when <see cref="Error"/> says why not.</summary>
    public Decision? Decision { get; }

    /// <summary>
    /// Why the fact could not be evaluated (a value that does not fit its fact, a required fact absent, an
    /// expression that fails for this case); <see langword="null"/> when there is a <see cref="Decision"/>.
    /// </summary>
    public CaseError? Error { get; }

    /// <summary>Whether there is a <see cref="Decision"/> (otherwise there is an <see cref="Error"/>).</summary>
    [MemberNotNullWhen(true, nameof(Decision))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsDecision => Decision is not null;

    /// <summary>The decision JSON, or the case error JSON.</summary>
    /// <returns>The JSON text, one line.</returns>
    public string ToJson() => IsDecision ? Decision.ToJson() : Error.ToJson();

    /// <inheritdoc />
    public override string ToString() =>
        IsDecision
            ? FormattableString.Invariant($"{Policy.Id}@{Policy.Version}: {Decision.Compensation.Total} {Decision.Compensation.Currency}, escalation {Decision.Escalation?.To ?? "none"}")
            : FormattableString.Invariant($"{Policy.Id}@{Policy.Version}: {Error}");
}
