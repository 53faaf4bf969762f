namespace RecoveryRules;

/// <summary>Options for one evaluation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Evaluate without an explanation (the fast path).</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Evaluate and attach a <see cref="DecisionExplanation"/>.</summary>
    public static EvaluationOptions WithExplanation { get; } = new() { Explain = true };

    /// <summary>Whether to attach the explanation: every rule, matched or not, each condition's value.</summary>
    public bool Explain { get; init; }

    /// <summary>
    /// The evaluation clock for this evaluation: the decision's <see cref="Decision.EvaluatedAt"/>, and the moment a
    /// case's <c>occurredAt</c> is measured against (an <c>occurredAt</c> after it is the case error RR0410).
    /// <c>null</c> (the default): the policy's <see cref="RecoveryPolicyOptions.TimeProvider"/>, read once per evaluation.
    /// Replaying a decision record sets it to the record's <c>evaluatedAt</c> (docs/auditing.md, "Decision records").
    /// </summary>
    public DateTimeOffset? Now { get; init; }
}
