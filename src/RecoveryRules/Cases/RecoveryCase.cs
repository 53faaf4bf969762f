using RecoveryRules.Binding;

namespace RecoveryRules;

/// <summary>
/// A case read and validated against one policy: its facts already sit in the typed slots the
/// policy's compiled rules read, defaults applied. Immutable and safe to evaluate from many
/// threads. Create one with <see cref="RecoveryPolicy.ReadCase(string)"/> or
/// <see cref="RecoveryPolicy.CreateCase(string?)"/>.
/// </summary>
public sealed class RecoveryCase
{
    internal RecoveryCase(BoundPolicy policy, string? id, decimal[] decimals, int[] ordinals, bool[] booleans, string?[] texts, DateTimeOffset? occurredAt)
    {
        Policy = policy;
        Id = id;
        Decimals = decimals;
        Ordinals = ordinals;
        Booleans = booleans;
        Texts = texts;
        OccurredAt = occurredAt;
    }

    /// <summary>The case id, or <c>null</c> when none was given.</summary>
    public string? Id { get; }

    /// <summary>When the failure happened, when the case gave <c>occurredAt</c> instead of <c>delay</c>.</summary>
    public DateTimeOffset? OccurredAt { get; }

    internal BoundPolicy Policy { get; }

    internal decimal[] Decimals { get; }

    internal int[] Ordinals { get; }

    internal bool[] Booleans { get; }

    internal string?[] Texts { get; }
}

/// <summary>Why a case could not be evaluated: the <c>error</c> of POLICY-FORMAT §5.</summary>
/// <param name="CaseId">The case id, when it could be read.</param>
/// <param name="Id">The diagnostic id, <c>RR04nn</c>.</param>
/// <param name="Message">What is wrong, naming the field.</param>
/// <param name="Field">The field at fault, when there is one.</param>
public sealed record CaseError(string? CaseId, string Id, string Message, string? Field)
{
    /// <summary>The error as one line of JSON: <c>{"case": …, "error": {"id": …, "message": …}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => DecisionJson.Serialize(this);

    /// <inheritdoc />
    public override string ToString() => $"{Id}: {Message}";
}

/// <summary>Thrown by the throwing twins of the case methods (<see cref="RecoveryPolicy.ReadCase(string)"/>, <see cref="RecoveryPolicy.Evaluate(RecoveryCase, EvaluationOptions?)"/>) when a case cannot be read or evaluated.</summary>
public sealed class CaseException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The case error.</param>
    public CaseException(CaseError error)
        : base(error.ToString())
    {
        Error = error;
    }

    /// <summary>The case error.</summary>
    public CaseError Error { get; }
}
