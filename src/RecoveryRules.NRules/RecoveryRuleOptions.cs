namespace RecoveryRules.NRules;

/// <summary>How the policy's NRules rule evaluates and names itself (docs/nrules.md, "Options").</summary>
public sealed record RecoveryRuleOptions
{
    /// <summary>The defaults: no explanations, the policy's clock, the name <c>recoveryrules:&lt;policy id&gt;@&lt;version&gt;</c>.</summary>
    public static RecoveryRuleOptions Default { get; } = new();

    /// <summary>
    /// Whether each decision carries its <see cref="DecisionExplanation"/> (every rule of the policy, matched or
    /// not, each condition's value). Off by default: the fast path.
    /// </summary>
    public bool Explain { get; init; }

    /// <summary>
    /// The clock of each evaluation (<see cref="Decision.EvaluatedAt"/>, and what a case's <c>occurredAt</c> is
    /// measured against), read once per evaluation. <see langword="null"/> (the default): the policy's own
    /// <see cref="RecoveryPolicyOptions.TimeProvider"/>.
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// The rule's name; <see langword="null"/> (the default): <c>recoveryrules:&lt;policy id&gt;@&lt;version&gt;</c>,
    /// such as <c>recoveryrules:retail-recovery@2026.11</c>. Two rules from one policy in one session need two names.
    /// </summary>
    public string? RuleName { get; init; }

    /// <summary>The rule's NRules priority (higher fires first); 0 by default, as NRules' own default.</summary>
    public int Priority { get; init; }
}
