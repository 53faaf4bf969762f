namespace RecoveryRules;

/// <summary>One condition of a rule's <c>when</c>.</summary>
/// <param name="Condition">The condition as written.</param>
/// <param name="Value"><c>true</c> or <c>false</c>; <c>null</c> when it was not evaluated.</param>
public sealed record ConditionExplanation(string Condition, bool? Value);
