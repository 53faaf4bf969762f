using System.Diagnostics.CodeAnalysis;

namespace RecoveryRules;

/// <summary>One case's outcome: a decision, or the error that kept it from one.</summary>
/// <param name="Decision">The decision, when the case could be evaluated.</param>
/// <param name="Error">The case error, otherwise.</param>
public sealed record CaseResult(Decision? Decision, CaseError? Error)
{
    /// <summary>Whether there is a decision.</summary>
    [MemberNotNullWhen(true, nameof(Decision))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsDecision => Decision is not null;

    /// <summary>The decision or the error, as one line of JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => IsDecision ? Decision.ToJson() : Error.ToJson();
}
