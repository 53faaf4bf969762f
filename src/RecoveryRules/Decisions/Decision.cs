using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>What a policy decided for one case (POLICY-FORMAT §5).</summary>
public sealed record Decision
{
    /// <summary>The case id, or <c>null</c> when the case gave none.</summary>
    public string? CaseId { get; init; }

    /// <summary>The policy that decided.</summary>
    public required PolicyIdentity Policy { get; init; }

    /// <summary>What to give back.</summary>
    public required CompensationDecision Compensation { get; init; }

    /// <summary>Who takes over and how soon; <c>null</c> when no rule escalated.</summary>
    public EscalationDecision? Escalation { get; init; }

    /// <summary>What the person on the spot may do alone; <c>null</c> when no rule empowered.</summary>
    public EmpowermentDecision? Empowerment { get; init; }

    /// <summary>The notes of the rules that fired, in consideration order.</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>The ids of the rules that fired, in consideration order (<c>["otherwise"]</c> is never listed).</summary>
    public ImmutableArray<string> Fired { get; init; } = [];

    /// <summary>When the decision was made, from the policy's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>The full account of why, when it was asked for (<see cref="EvaluationOptions.Explain"/>); otherwise <c>null</c>.</summary>
    public DecisionExplanation? Explanation { get; init; }

    /// <summary>The decision as one line of JSON, in the format of POLICY-FORMAT §5.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => DecisionJson.Serialize(this);
}
