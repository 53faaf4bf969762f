using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>What the person handling the case may do alone.</summary>
/// <param name="Role">The role on the role scale.</param>
/// <param name="Limit">The money limit; <c>null</c> when no rule gave one.</param>
/// <param name="Actions">The actions allowed, merged in first-seen order.</param>
/// <param name="Rules">The rules that empowered.</param>
public sealed record EmpowermentDecision(string Role, decimal? Limit, ImmutableArray<string> Actions, ImmutableArray<string> Rules);
