namespace RecoveryRules;

/// <summary>Why a case could not be evaluated: the <c>error</c> of docs/policy-language.md §12 (a record: equal errors are equal in every property).</summary>
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
