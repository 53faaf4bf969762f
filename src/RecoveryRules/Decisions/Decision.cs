using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>Which policy made a decision: its id, version and the SHA-256 hash of its canonical content.</summary>
/// <param name="Id">The policy id.</param>
/// <param name="Version">The policy version, as written.</param>
/// <param name="Hash">The content hash, <c>sha256:…</c> (lower-case hex).</param>
public sealed record PolicyIdentity(string Id, string Version, string Hash);

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

/// <summary>The compensation part of a decision.</summary>
/// <param name="Total">The sum of the kept items' amounts, limited by the cap; rounded to the currency's minor unit.</param>
/// <param name="Currency">The policy's currency.</param>
/// <param name="Capped">Whether the cap limited the total.</param>
/// <param name="Items">The kept items, each with its own (uncapped) amount.</param>
public sealed record CompensationDecision(decimal Total, string Currency, bool Capped, ImmutableArray<CompensationItem> Items);

/// <summary>One thing given back.</summary>
/// <param name="Kind">refund, credit, voucher, apology, …</param>
/// <param name="Amount">The amount, rounded to the minor unit; <c>null</c> for an item without one (an apology).</param>
/// <param name="Rule">The rule that gave it (or <c>otherwise</c>).</param>
/// <param name="Note">The item's own note, if any.</param>
public sealed record CompensationItem(string Kind, decimal? Amount, string Rule, string? Note);

/// <summary>Who takes over, and how soon.</summary>
/// <param name="To">The target on the escalation scale.</param>
/// <param name="Within">The SLA: the shortest given by an escalating rule; <c>null</c> when none gave one.</param>
/// <param name="Rule">The rule that decided the target (or <c>otherwise</c>).</param>
public sealed record EscalationDecision(string To, TimeSpan? Within, string Rule);

/// <summary>What the person handling the case may do alone.</summary>
/// <param name="Role">The role on the role scale.</param>
/// <param name="Limit">The money limit; <c>null</c> when no rule gave one.</param>
/// <param name="Actions">The actions allowed, merged in first-seen order.</param>
/// <param name="Rules">The rules that empowered.</param>
public sealed record EmpowermentDecision(string Role, decimal? Limit, ImmutableArray<string> Actions, ImmutableArray<string> Rules);

/// <summary>Options for one evaluation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Evaluate without an explanation (the fast path).</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Evaluate and attach a <see cref="DecisionExplanation"/>.</summary>
    public static EvaluationOptions WithExplanation { get; } = new() { Explain = true };

    /// <summary>Whether to attach the explanation: every rule, matched or not, each condition's value.</summary>
    public bool Explain { get; init; }
}
