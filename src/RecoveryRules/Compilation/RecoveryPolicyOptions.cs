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
}
