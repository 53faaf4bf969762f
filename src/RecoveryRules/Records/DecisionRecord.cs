using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RecoveryRules.Records;

namespace RecoveryRules;

/// <summary>
/// One decision record (docs/auditing.md, "Decision records"): the case exactly as it was given, what the
/// policy decided for it (or the case error), which policy, and when. Written as one JSON line: the decision
/// of docs/embedding.md §5 (or the case-error object with <c>policy</c> and <c>evaluatedAt</c> added) with one
/// more member, <c>given</c>. Replaying the record with the same policy reproduces the decision exactly.
/// Immutable and safe to share across threads.
/// </summary>
public sealed class DecisionRecord
{
    /// <summary>The compact UTF-8 JSON of <see cref="Given"/>.</summary>
    private readonly byte[] _given;
    private StrongBox<JsonElement>? _givenElement;

    private DecisionRecord(byte[] given, CaseResult result, PolicyIdentity policy, DateTimeOffset evaluatedAt)
    {
        _given = given;
        Result = result;
        Policy = policy;
        EvaluatedAt = evaluatedAt;
    }

    /// <summary>
    /// The case exactly as it was given: its JSON object, or, for input that was not one JSON object (malformed
    /// JSON, an array), a JSON string holding its text. For a case built in code (<see cref="RecoveryCaseBuilder"/>),
    /// the facts it was given: an object with <c>id</c> first, then each fact under the name it was set with
    /// (dotted names stay dotted), numbers and money as JSON numbers, booleans, text and members as strings,
    /// durations as ISO 8601 strings (<c>"PT3H"</c>) and <c>occurredAt</c> as an ISO 8601 timestamp with its offset.
    /// </summary>
    public JsonElement Given
    {
        get
        {
            var box = _givenElement;
            if (box is null)
            {
                box = new StrongBox<JsonElement>(JsonElement.Parse(_given, new JsonDocumentOptions { MaxDepth = DecisionRecordParser.MaxDepth }));
                _givenElement = box;
            }

            return box.Value;
        }
    }

    /// <summary>The decision, or the case error, as recorded. A decision read back from a record has no explanation.</summary>
    public CaseResult Result { get; }

    /// <summary>The policy that decided: the decision's, or, for a case error, the policy the case was given to.</summary>
    public PolicyIdentity Policy { get; }

    /// <summary>The evaluation clock: the decision's <see cref="Decision.EvaluatedAt"/>, or the moment a case error was found.</summary>
    public DateTimeOffset EvaluatedAt { get; }

    /// <summary>The case id, or <c>null</c> when the case gave none (or it could not be read).</summary>
    public string? CaseId => Result.IsDecision ? Result.Decision.CaseId : Result.Error.CaseId;

    /// <summary>The compact UTF-8 JSON of <see cref="Given"/>.</summary>
    internal ReadOnlySpan<byte> GivenUtf8 => _given;

    /// <summary>
    /// Records a case's outcome. A decision brings its own policy and <see cref="Decision.EvaluatedAt"/>. For a
    /// case error, the policy is the one that read the case and <see cref="EvaluatedAt"/> is that policy's clock
    /// now; when the case was evaluated at a given moment (<see cref="EvaluationOptions.Now"/>), record it with
    /// <see cref="Create(RecoveryCase, CaseResult, DateTimeOffset)"/>, or let <see cref="Evaluate"/> do both.
    /// </summary>
    /// <param name="recoveryCase">The case, as read or built.</param>
    /// <param name="result">What evaluating it gave.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException"><paramref name="result"/> holds neither a decision nor an error.</exception>
    public static DecisionRecord Create(RecoveryCase recoveryCase, CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(recoveryCase);
        CheckResult(result);
        return result.IsDecision
            ? Create(recoveryCase, result, result.Decision.EvaluatedAt)
            : Create(recoveryCase, result, recoveryCase.Owner.Clock.GetUtcNow());
    }

    /// <summary>Records a case's outcome at the moment it was evaluated (its <see cref="EvaluationOptions.Now"/>).</summary>
    /// <param name="recoveryCase">The case, as read or built.</param>
    /// <param name="result">What evaluating it gave.</param>
    /// <param name="evaluatedAt">The evaluation clock the case was evaluated at.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException"><paramref name="result"/> holds neither a decision nor an error, or a decision made at another moment.</exception>
    public static DecisionRecord Create(RecoveryCase recoveryCase, CaseResult result, DateTimeOffset evaluatedAt)
    {
        ArgumentNullException.ThrowIfNull(recoveryCase);
        CheckResult(result);
        var policy = result.IsDecision ? result.Decision.Policy : recoveryCase.Owner.Identity;
        return Create(GivenJson.Compact(recoveryCase.Given.Span), result, policy, evaluatedAt);
    }

    /// <summary>
    /// Records the outcome of a case given as JSON, for input that never became a <see cref="RecoveryCase"/> (it
    /// could not be read) or a record made elsewhere. A JSON string <paramref name="given"/> stands for input that
    /// was not a JSON object: the string is its text.
    /// </summary>
    /// <param name="given">The case as it was given.</param>
    /// <param name="result">What evaluating it gave.</param>
    /// <param name="policy">The policy it was given to.</param>
    /// <param name="evaluatedAt">The evaluation clock.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException"><paramref name="result"/> holds neither a decision nor an error, or a decision by another policy or made at another moment.</exception>
    public static DecisionRecord Create(JsonElement given, CaseResult result, PolicyIdentity policy, DateTimeOffset evaluatedAt)
    {
        if (given.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("The given JSON element holds no value.", nameof(given));
        }

        return Create(GivenJson.FromElement(given), result, policy, evaluatedAt);
    }

    /// <summary>
    /// Records the outcome of a case given as JSON text, for text that never became a <see cref="RecoveryCase"/>
    /// (<see cref="RecoveryPolicy.TryReadCase(string, out RecoveryCase?, out CaseError?)"/> refused it): text that is
    /// one JSON object is kept as that object, compacted; any other text (malformed JSON, an array) as a JSON
    /// string holding it, so that replaying the record gives the same case error.
    /// </summary>
    /// <param name="given">The case's text, as given.</param>
    /// <param name="result">What evaluating it gave.</param>
    /// <param name="policy">The policy it was given to.</param>
    /// <param name="evaluatedAt">The evaluation clock.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException"><paramref name="result"/> holds neither a decision nor an error, or a decision by another policy or made at another moment.</exception>
    public static DecisionRecord Create(string given, CaseResult result, PolicyIdentity policy, DateTimeOffset evaluatedAt)
    {
        ArgumentNullException.ThrowIfNull(given);
        return FromInput(Encoding.UTF8.GetBytes(given), result, policy, evaluatedAt);
    }

    /// <summary>
    /// Evaluates a case with the policy that read it, at one moment (<paramref name="options"/>' <see cref="EvaluationOptions.Now"/>,
    /// or the policy's clock now), and records the outcome: the way to record case errors with their exact clock.
    /// </summary>
    /// <param name="recoveryCase">The case, as read or built.</param>
    /// <param name="options">Whether to explain (the explanation is then written in the record as <c>explanation</c>) and the clock.</param>
    /// <returns>The record; its <see cref="Result"/> is the outcome.</returns>
    public static DecisionRecord Evaluate(RecoveryCase recoveryCase, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recoveryCase);
        var policy = recoveryCase.Owner;
        var now = options?.Now ?? policy.Clock.GetUtcNow();
        var at = options is null ? new EvaluationOptions { Now = now } : options with { Now = now };
        var result = policy.TryEvaluate(recoveryCase, out var decision, out var error, at)
            ? new CaseResult(decision, null)
            : new CaseResult(null, error);
        return Create(recoveryCase, result, now);
    }

    /// <summary>
    /// Re-evaluates the recorded case (<see cref="Given"/>) with <paramref name="policy"/> at the recorded
    /// <see cref="EvaluatedAt"/>, reading it as the engine read it at first (a <c>given</c> string as the text of
    /// the case). Compare the outcome with <see cref="Result"/> by <see cref="DecisionComparison.Compare"/>.
    /// </summary>
    /// <param name="policy">The policy to replay with: the recorded one, or another version of it.</param>
    /// <param name="options">Whether to explain; its <see cref="EvaluationOptions.Now"/> is replaced by the recorded clock.</param>
    /// <returns>The decision or the case error the policy gives now.</returns>
    public CaseResult Replay(RecoveryPolicy policy, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var at = options is null ? new EvaluationOptions { Now = EvaluatedAt } : options with { Now = EvaluatedAt };
        var input = GivenInput();
        if (!policy.TryReadCase(input, ownsInput: true, out var recoveryCase, out var error))
        {
            return new CaseResult(null, error);
        }

        return policy.TryEvaluate(recoveryCase, out var decision, out error, at)
            ? new CaseResult(decision, null)
            : new CaseResult(null, error);
    }

    /// <summary>The record as one line of JSON, without the line's newline.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, DecisionJson.Options))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the record as one JSON object.</summary>
    /// <param name="writer">The writer; give it <see cref="JsonWriterOptions.Indented"/> false for a record line.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (Result.IsDecision)
        {
            DecisionJson.WriteMembers(writer, Result.Decision);
        }
        else
        {
            DecisionJson.WriteCase(writer, Result.Error.CaseId);
            DecisionJson.WritePolicy(writer, Policy);
            DecisionJson.WriteError(writer, Result.Error);
            writer.WriteString("evaluatedAt", EvaluatedAt);
        }

        writer.WritePropertyName("given");
        writer.WriteRawValue(_given, skipInputValidation: true);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads a record from one line of UTF-8 JSON. The decision is read as values (amounts as decimals, so
    /// <c>20.0</c> and <c>20.00</c> are one amount; durations in ISO 8601 or the compact form), so records written by
    /// an older version or another implementation read too. Unknown members (<c>explanation</c>) are ignored; a
    /// missing member is a problem that names it. Never throws for bad input.
    /// </summary>
    /// <param name="utf8Json">One record (a trailing newline is allowed).</param>
    /// <param name="record">The record, when the text is one.</param>
    /// <param name="problem">Why it is not, otherwise: <c>not a whole record (the line ends before its JSON object does)</c>, <c>not a record: the member 'fired' is missing</c>, …</param>
    /// <returns>Whether the text is a record.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out DecisionRecord? record, [NotNullWhen(false)] out string? problem) =>
        DecisionRecordParser.TryParse(utf8Json, out record, out problem);

    /// <summary>Makes a record of parts already checked (the record parser's way in).</summary>
    internal static DecisionRecord FromParts(byte[] given, CaseResult result, PolicyIdentity policy, DateTimeOffset evaluatedAt) =>
        new(given, result, policy, evaluatedAt);

    /// <summary>Records the outcome of input that may not be a JSON object (what the CLI read from a line or a file).</summary>
    internal static DecisionRecord FromInput(ReadOnlySpan<byte> input, CaseResult result, PolicyIdentity policy, DateTimeOffset evaluatedAt) =>
        Create(GivenJson.FromInput(input), result, policy, evaluatedAt);

    private static DecisionRecord Create(byte[] given, CaseResult result, PolicyIdentity policy, DateTimeOffset evaluatedAt)
    {
        CheckResult(result);
        ArgumentNullException.ThrowIfNull(policy);
        if (result.IsDecision)
        {
            if (result.Decision.Policy != policy)
            {
                throw new ArgumentException($"The decision was made by the policy {result.Decision.Policy.Id} {result.Decision.Policy.Hash}, not by {policy.Id} {policy.Hash}.", nameof(policy));
            }

            if (result.Decision.EvaluatedAt != evaluatedAt)
            {
                throw new ArgumentException(
                    $"The decision was made at {DecisionJson.FormatTimestamp(result.Decision.EvaluatedAt)}, not at {DecisionJson.FormatTimestamp(evaluatedAt)}.", nameof(evaluatedAt));
            }

            // The record keeps the decision's own moment, offset included.
            evaluatedAt = result.Decision.EvaluatedAt;
        }

        return new DecisionRecord(given, result, policy, evaluatedAt);
    }

    private static void CheckResult(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Decision is null == result.Error is null)
        {
            throw new ArgumentException("A case result to record holds either a decision or a case error.", nameof(result));
        }
    }

    /// <summary>The bytes the engine read the case from: the object itself, or the text a <c>given</c> string holds.</summary>
    private byte[] GivenInput()
    {
        var given = Given;
        if (given.ValueKind != JsonValueKind.String)
        {
            return _given;
        }

        try
        {
            return Encoding.UTF8.GetBytes(given.GetString()!);
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: the text as closely as UTF-8 can hold it.
            return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_given.AsSpan(1, _given.Length - 2)));
        }
    }
}
