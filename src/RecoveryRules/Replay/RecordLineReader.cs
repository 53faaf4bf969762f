using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using RecoveryRules.Parsing;
using RecoveryRules.Records;

namespace RecoveryRules.Replay;

/// <summary>
/// Reads decision record lines fast, for <c>recoveryrules replay</c> (docs/performance.md, "Replay throughput"): one
/// pass of a <see cref="Utf8JsonReader"/> over the line instead of a <see cref="JsonDocument"/>, and the texts that
/// recur from record to record (the policy's id, version and hash, rule ids, kinds, currencies, notes, timestamps)
/// made once and shared. It reads the usual record, as <c>eval --record</c> writes it; anything else (a byte order
/// mark, a member given twice, a missing or mistyped member, invalid JSON or text) is handed to
/// <see cref="DecisionRecord.TryParse"/>, which gives the same record or names the problem. So the result is
/// always exactly <see cref="DecisionRecord.TryParse"/>'s. One per thread: it keeps state between lines.
/// </summary>
internal sealed class RecordLineReader
{
    private const int CacheSize = 1024;
    private const int MaxCachedLength = 160;

    private static readonly decimal MaxSpanSeconds = (decimal)TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond;

    private readonly (byte[] Key, string Value)?[] _texts = new (byte[] Key, string Value)?[CacheSize];
    private readonly List<string> _list = [];
    private readonly List<CompensationItem> _items = [];
    private PolicyIdentity? _lastPolicy;
    private (byte[] Key, DateTimeOffset Value)? _lastTimestamp;
    private (byte[] Key, TimeSpan Value)? _lastDuration;

    /// <summary>Reads one line as <see cref="DecisionRecord.TryParse"/> does.</summary>
    /// <param name="utf8Json">The line (a trailing newline is allowed).</param>
    /// <param name="record">The record, when the line is one.</param>
    /// <param name="problem">Why it is not, otherwise: <see cref="DecisionRecord.TryParse"/>'s words.</param>
    /// <returns>Whether the line is a record.</returns>
    public bool TryRead(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out DecisionRecord? record, [NotNullWhen(false)] out string? problem) =>
        TryRead(utf8Json, out record, out problem, out _);

    /// <summary>
    /// Reads one line as <see cref="DecisionRecord.TryParse"/> does, and hands out the record's <c>given</c> bytes:
    /// the very array the record holds (never changed), so that <see cref="RecordReplay.Replay"/> reads the case
    /// from it without a copy; <c>null</c> when the full reader read the line.
    /// </summary>
    public bool TryRead(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out DecisionRecord? record, [NotNullWhen(false)] out string? problem, out byte[]? given)
    {
        given = null;
        try
        {
            if (TryReadUsual(utf8Json, out record, out given))
            {
                problem = null;
                return true;
            }
        }
        catch (JsonException)
        {
            // Invalid JSON: the full reader says where.
        }
        catch (InvalidOperationException)
        {
            // Text that is not valid Unicode, a value of another type: the full reader names it.
        }

        return DecisionRecord.TryParse(utf8Json, out record, out problem);
    }

    /// <summary>Reads a usual record; <c>false</c> for anything the full reader must look at.</summary>
    private bool TryReadUsual(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out DecisionRecord? record, out byte[]? givenBytes)
    {
        record = null;
        givenBytes = null;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = DecisionRecordParser.MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var seen = Members.None;
        ReadOnlySpan<byte> given = default;
        PolicyIdentity? policy = null;
        DateTimeOffset evaluatedAt = default;
        string? caseId = null;
        (string Id, string Message, string? Field)? error = null;
        CompensationDecision? compensation = null;
        EscalationDecision? escalation = null;
        EmpowermentDecision? empowerment = null;
        ImmutableArray<string> notes = default, fired = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = Member(ref reader);
            if (member != Members.None)
            {
                if ((seen & member) != 0)
                {
                    return false; // given twice: the full reader decides which counts
                }

                seen |= member;
            }

            reader.Read();
            switch (member)
            {
                case Members.Given:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    given = utf8Json[start..(int)reader.BytesConsumed];
                    break;
                case Members.Policy:
                    if (!ReadPolicy(ref reader, out policy))
                    {
                        return false;
                    }

                    break;
                case Members.EvaluatedAt:
                    if (!Timestamp(ref reader, out evaluatedAt))
                    {
                        return false;
                    }

                    break;
                case Members.Case:
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        caseId = reader.GetString();
                    }
                    else if (reader.TokenType == JsonTokenType.Number)
                    {
                        caseId = Encoding.UTF8.GetString(reader.ValueSpan); // as the engine reads a numeric case id
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        return false;
                    }

                    break;
                case Members.Error:
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        if (!ReadError(ref reader, out var read))
                        {
                            return false;
                        }

                        error = read;
                    }

                    break;
                case Members.Compensation:
                    if (!ReadCompensation(ref reader, out compensation))
                    {
                        return false;
                    }

                    break;
                case Members.Escalation:
                    if (reader.TokenType != JsonTokenType.Null && !ReadEscalation(ref reader, out escalation))
                    {
                        return false;
                    }

                    break;
                case Members.Empowerment:
                    if (reader.TokenType != JsonTokenType.Null && !ReadEmpowerment(ref reader, out empowerment))
                    {
                        return false;
                    }

                    break;
                case Members.Notes:
                    if (!Texts(ref reader, out notes))
                    {
                        return false;
                    }

                    break;
                case Members.Fired:
                    if (!Texts(ref reader, out fired))
                    {
                        return false;
                    }

                    break;
                default:
                    reader.Skip(); // unknown members (explanation) are ignored
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || policy is null
            || (seen & (Members.Given | Members.EvaluatedAt)) != (Members.Given | Members.EvaluatedAt))
        {
            return false;
        }

        CaseResult result;
        if (error is { } failure)
        {
            result = new CaseResult(null, new CaseError(caseId, failure.Id, failure.Message, failure.Field));
        }
        else
        {
            if (compensation is null || notes.IsDefault || fired.IsDefault)
            {
                return false;
            }

            result = new CaseResult(
                new Decision
                {
                    CaseId = caseId,
                    Policy = policy,
                    Compensation = compensation,
                    Escalation = escalation,
                    Empowerment = empowerment,
                    Notes = notes,
                    Fired = fired,
                    EvaluatedAt = evaluatedAt,
                },
                null);
        }

        givenBytes = Compact(given);
        record = DecisionRecord.FromParts(givenBytes, result, policy, evaluatedAt);
        return true;
    }

    /// <summary>
    /// <see cref="GivenJson.Compact"/>, without its byte-by-byte walk for the usual given: one that holds no
    /// whitespace byte at all (as <c>eval --record</c> writes it) and is valid UTF-8 is its own compact form.
    /// </summary>
    private static byte[] Compact(ReadOnlySpan<byte> given) =>
        given.IndexOfAny(" \t\r\n"u8) < 0 && Utf8.IsValid(given) ? given.ToArray() : GivenJson.Compact(given);

    private static Members Member(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("given"u8) ? Members.Given
        : reader.ValueTextEquals("policy"u8) ? Members.Policy
        : reader.ValueTextEquals("evaluatedAt"u8) ? Members.EvaluatedAt
        : reader.ValueTextEquals("case"u8) ? Members.Case
        : reader.ValueTextEquals("error"u8) ? Members.Error
        : reader.ValueTextEquals("compensation"u8) ? Members.Compensation
        : reader.ValueTextEquals("escalation"u8) ? Members.Escalation
        : reader.ValueTextEquals("empowerment"u8) ? Members.Empowerment
        : reader.ValueTextEquals("notes"u8) ? Members.Notes
        : reader.ValueTextEquals("fired"u8) ? Members.Fired
        : Members.None;

    private bool ReadPolicy(ref Utf8JsonReader reader, [NotNullWhen(true)] out PolicyIdentity? policy)
    {
        policy = null;
        string? id = null, version = null, hash = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                if (id is not null || !reader.Read() || !Text(ref reader, out id))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                if (version is not null || !reader.Read() || !Text(ref reader, out version))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("hash"u8))
            {
                if (hash is not null || !reader.Read() || !Text(ref reader, out hash))
                {
                    return false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (id is null || version is null || hash is null)
        {
            return false;
        }

        // The texts come from the cache, so the policy of the line before is recognised by reference.
        var last = _lastPolicy;
        policy = last is not null && ReferenceEquals(last.Id, id) && ReferenceEquals(last.Version, version) && ReferenceEquals(last.Hash, hash)
            ? last
            : _lastPolicy = new PolicyIdentity(id, version, hash);
        return true;
    }

    private bool ReadError(ref Utf8JsonReader reader, out (string Id, string Message, string? Field) error)
    {
        error = default;
        string? id = null, message = null, field = null;
        var fieldSeen = false;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                if (id is not null || !reader.Read() || !Text(ref reader, out id))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                if (message is not null || !reader.Read() || !Text(ref reader, out message))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("field"u8))
            {
                if (fieldSeen || !reader.Read() || !OptionalText(ref reader, out field))
                {
                    return false;
                }

                fieldSeen = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (id is null || message is null)
        {
            return false;
        }

        error = (id, message, field);
        return true;
    }

    private bool ReadCompensation(ref Utf8JsonReader reader, [NotNullWhen(true)] out CompensationDecision? compensation)
    {
        compensation = null;
        decimal? total = null;
        string? currency = null;
        bool? capped = null;
        ImmutableArray<CompensationItem>? items = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("total"u8))
            {
                if (total is not null || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
                {
                    return false;
                }

                total = value;
            }
            else if (reader.ValueTextEquals("currency"u8))
            {
                if (currency is not null || !reader.Read() || !Text(ref reader, out currency))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("capped"u8))
            {
                if (capped is not null || !reader.Read() || reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return false;
                }

                capped = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("items"u8))
            {
                if (items is not null || !reader.Read() || !ReadItems(ref reader, out var read))
                {
                    return false;
                }

                items = read;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (total is null || currency is null || capped is null || items is null)
        {
            return false;
        }

        compensation = new CompensationDecision(total.Value, currency, capped.Value, items.Value);
        return true;
    }

    private bool ReadItems(ref Utf8JsonReader reader, out ImmutableArray<CompensationItem> items)
    {
        items = default;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        _items.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? kind = null, rule = null, note = null;
            decimal? amount = null;
            bool amountSeen = false, noteSeen = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("kind"u8))
                {
                    if (kind is not null || !reader.Read() || !Text(ref reader, out kind))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("rule"u8))
                {
                    if (rule is not null || !reader.Read() || !Text(ref reader, out rule))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("amount"u8))
                {
                    if (amountSeen || !reader.Read())
                    {
                        return false;
                    }

                    amountSeen = true;
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
                        {
                            return false;
                        }

                        amount = value;
                    }
                }
                else if (reader.ValueTextEquals("note"u8))
                {
                    if (noteSeen || !reader.Read() || !OptionalText(ref reader, out note))
                    {
                        return false;
                    }

                    noteSeen = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (kind is null || rule is null)
            {
                return false;
            }

            _items.Add(new CompensationItem(kind, amount, rule, note));
        }

        items = _items.Count == 0 ? [] : [.. _items];
        return true;
    }

    private bool ReadEscalation(ref Utf8JsonReader reader, [NotNullWhen(true)] out EscalationDecision? escalation)
    {
        escalation = null;
        string? to = null, rule = null;
        TimeSpan? within = null;
        var withinSeen = false;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("to"u8))
            {
                if (to is not null || !reader.Read() || !Text(ref reader, out to))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("rule"u8))
            {
                if (rule is not null || !reader.Read() || !Text(ref reader, out rule))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("within"u8))
            {
                if (withinSeen || !reader.Read())
                {
                    return false;
                }

                withinSeen = true;
                if (reader.TokenType != JsonTokenType.Null)
                {
                    if (!Duration(ref reader, out var value))
                    {
                        return false;
                    }

                    within = value;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (to is null || rule is null)
        {
            return false;
        }

        escalation = new EscalationDecision(to, within, rule);
        return true;
    }

    private bool ReadEmpowerment(ref Utf8JsonReader reader, [NotNullWhen(true)] out EmpowermentDecision? empowerment)
    {
        empowerment = null;
        string? role = null;
        decimal? limit = null;
        var limitSeen = false;
        ImmutableArray<string> actions = default, rules = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                if (role is not null || !reader.Read() || !Text(ref reader, out role))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("limit"u8))
            {
                if (limitSeen || !reader.Read())
                {
                    return false;
                }

                limitSeen = true;
                if (reader.TokenType != JsonTokenType.Null)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
                    {
                        return false;
                    }

                    limit = value;
                }
            }
            else if (reader.ValueTextEquals("actions"u8))
            {
                if (!actions.IsDefault || !reader.Read() || !Texts(ref reader, out actions))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("rules"u8))
            {
                if (!rules.IsDefault || !reader.Read() || !Texts(ref reader, out rules))
                {
                    return false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (role is null || actions.IsDefault || rules.IsDefault)
        {
            return false;
        }

        empowerment = new EmpowermentDecision(role, limit, actions, rules);
        return true;
    }

    private bool Texts(ref Utf8JsonReader reader, out ImmutableArray<string> texts)
    {
        texts = default;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        _list.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!Text(ref reader, out var text))
            {
                return false;
            }

            _list.Add(text);
        }

        texts = _list.Count == 0 ? [] : [.. _list];
        return true;
    }

    private bool OptionalText(ref Utf8JsonReader reader, out string? text)
    {
        text = null;
        return reader.TokenType == JsonTokenType.Null || Text(ref reader, out text);
    }

    /// <summary>A string value, shared with earlier lines when they held the same text.</summary>
    private bool Text(ref Utf8JsonReader reader, [NotNullWhen(true)] out string? text)
    {
        text = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxCachedLength)
        {
            text = reader.GetString()!; // throws InvalidOperationException for text that is not valid Unicode
            return true;
        }

        var bytes = reader.ValueSpan;
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        var slot = (int)((uint)hash.ToHashCode() % CacheSize);
        if (_texts[slot] is { } entry && bytes.SequenceEqual(entry.Key))
        {
            text = entry.Value;
            return true;
        }

        text = reader.GetString()!;
        _texts[slot] = (bytes.ToArray(), text);
        return true;
    }

    private bool Timestamp(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var bytes = reader.ValueIsEscaped || reader.HasValueSequence ? default : reader.ValueSpan;
        if (!bytes.IsEmpty && _lastTimestamp is { } last && bytes.SequenceEqual(last.Key))
        {
            value = last.Value;
            return true;
        }

        // As the full reader: ISO 8601 with an offset after the time, read as System.Text.Json reads it, else by
        // DateTimeOffset's invariant rules.
        var text = reader.GetString()!;
        var t = text.IndexOf('T', StringComparison.Ordinal);
        var hasOffset = t > 0 && text.AsSpan(t).IndexOfAny("Zz+-") > 0;
        if (!hasOffset)
        {
            return false;
        }

        if (!reader.TryGetDateTimeOffset(out value) && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            return false;
        }

        if (!bytes.IsEmpty)
        {
            _lastTimestamp = (bytes.ToArray(), value);
        }

        return true;
    }

    private bool Duration(ref Utf8JsonReader reader, out TimeSpan value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var bytes = reader.ValueIsEscaped || reader.HasValueSequence ? default : reader.ValueSpan;
        if (!bytes.IsEmpty && _lastDuration is { } last && bytes.SequenceEqual(last.Key))
        {
            value = last.Value;
            return true;
        }

        // As the full reader: ISO 8601 or the compact form, within TimeSpan's range.
        if (Durations.Parse(reader.GetString()!, out var seconds) != DurationParse.Valid || seconds > MaxSpanSeconds)
        {
            return false;
        }

        value = Durations.ToTimeSpan(seconds);
        if (!bytes.IsEmpty)
        {
            _lastDuration = (bytes.ToArray(), value);
        }

        return true;
    }

    [Flags]
    private enum Members
    {
        None = 0,
        Given = 1,
        Policy = 2,
        EvaluatedAt = 4,
        Case = 8,
        Error = 16,
        Compensation = 32,
        Escalation = 64,
        Empowerment = 128,
        Notes = 256,
        Fired = 512,
    }
}
