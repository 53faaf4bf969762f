namespace RecoveryRules;

/// <summary>Who takes over, and how soon.</summary>
/// <param name="To">The target on the escalation scale.</param>
/// <param name="Within">The SLA: the shortest given by an escalating rule; <c>null</c> when none gave one.</param>
/// <param name="Rule">The rule that decided the target (or <c>otherwise</c>).</param>
public sealed record EscalationDecision(string To, TimeSpan? Within, string Rule);
