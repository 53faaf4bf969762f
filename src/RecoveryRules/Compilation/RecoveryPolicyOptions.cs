namespace RecoveryRules;

/// <summary>Options of a compiled policy.</summary>
public sealed record RecoveryPolicyOptions
{
    /// <summary>The defaults: the system clock.</summary>
    public static RecoveryPolicyOptions Default { get; } = new();

    /// <summary>The clock for <c>evaluatedAt</c> and for computing <c>delay</c> from <c>occurredAt</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How the rules run: tiered by default (interpreted at once, compiled in the background once the policy is in use).</summary>
    public RuleExecution Execution { get; init; } = RuleExecution.Tiered;

    /// <summary>
    /// Whether compiling reports escalation coverage gaps (RR1005, docs/diagnostics.md): the
    /// combinations of severity, tier, channel and the finite facts whose cases fall to no rule
    /// while <c>otherwise</c> does not escalate. Off by default: a policy that decides only some
    /// cases on purpose is common, and analyzer severities cannot yet be set per policy.
    /// </summary>
    public bool ReportCoverageGaps { get; init; }
}
