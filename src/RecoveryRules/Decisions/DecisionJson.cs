using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RecoveryRules.Parsing;

namespace RecoveryRules;

/// <summary>Writes decisions and case errors as the JSON of docs/embedding.md §5: one object per line, culture-free, money with its minor-unit decimals.</summary>
public static class DecisionJson
{
    /// <summary>The writer options of every decision, case error and decision record: compact, relaxed escaping.</summary>
    internal static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Serializes a decision to one line of JSON.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(Decision decision)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            Write(writer, decision);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Serializes a case error to one line of JSON: <c>{"case": …, "error": {"id": …, "message": …}}</c>.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(CaseError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            Write(writer, error);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a decision to a JSON writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="decision">The decision.</param>
    public static void Write(Utf8JsonWriter writer, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(decision);
        writer.WriteStartObject();
        WriteMembers(writer, decision);
        writer.WriteEndObject();
    }

    /// <summary>Writes the members of a decision's object (a decision record adds <c>given</c> after them).</summary>
    /// <remarks>
    /// Names are written pre-encoded, and so are the texts a policy repeats from case to case (rule ids, kinds,
    /// currency, roles, notes: <see cref="Encoded"/>), so writing a decision transcodes and escapes only its case id
    /// (docs/performance.md, "Batch throughput"). The bytes are exactly those of writing every string as it comes.
    /// </remarks>
    internal static void WriteMembers(Utf8JsonWriter writer, Decision decision)
    {
        WriteCase(writer, decision.CaseId);
        WritePolicy(writer, decision.Policy);

        var compensation = decision.Compensation;
        writer.WriteStartObject(Names.Compensation);
        writer.WriteNumber(Names.Total, compensation.Total);
        writer.WriteString(Names.Currency, Encoded(compensation.Currency));
        writer.WriteBoolean(Names.Capped, compensation.Capped);
        writer.WriteStartArray(Names.Items);
        foreach (var item in compensation.Items)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Kind, Encoded(item.Kind));
            if (item.Amount is { } amount)
            {
                writer.WriteNumber(Names.Amount, amount);
            }
            else
            {
                writer.WriteNull(Names.Amount);
            }

            writer.WriteString(Names.Rule, Encoded(item.Rule));
            if (item.Note is not null)
            {
                writer.WriteString(Names.Note, Encoded(item.Note));
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        if (decision.Escalation is { } escalation)
        {
            writer.WriteStartObject(Names.Escalation);
            writer.WriteString(Names.To, Encoded(escalation.To));
            if (escalation.Within is { } within)
            {
                writer.WriteString(Names.Within, Encoded(IsoDuration(within)));
            }
            else
            {
                writer.WriteNull(Names.Within);
            }

            writer.WriteString(Names.Rule, Encoded(escalation.Rule));
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull(Names.Escalation);
        }

        if (decision.Empowerment is { } empowerment)
        {
            writer.WriteStartObject(Names.Empowerment);
            writer.WriteString(Names.Role, Encoded(empowerment.Role));
            if (empowerment.Limit is { } limit)
            {
                writer.WriteNumber(Names.Limit, limit);
            }
            else
            {
                writer.WriteNull(Names.Limit);
            }

            WriteEncodedStrings(writer, Names.Actions, empowerment.Actions);
            WriteEncodedStrings(writer, Names.Rules, empowerment.Rules);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull(Names.Empowerment);
        }

        WriteEncodedStrings(writer, Names.Notes, decision.Notes);
        WriteEncodedStrings(writer, Names.Fired, decision.Fired);
        // System.Text.Json writes the same ISO 8601 form as FormatTimestamp (trailing zero fractions
        // trimmed, the offset kept), without making a string.
        writer.WriteString(Names.EvaluatedAt, decision.EvaluatedAt);
        if (decision.Explanation is { } explanation)
        {
            WriteExplanation(writer, explanation);
        }
    }

    /// <summary>
    /// Writes a decision without an explanation as one line of JSON, ended by <c>\n</c>, straight into
    /// <paramref name="output"/>: the bytes <see cref="Write(Utf8JsonWriter, Decision)"/> gives, without a
    /// <see cref="Utf8JsonWriter"/>. What a policy repeats is written as pre-made bytes: the member names, the
    /// <c>policy</c> object, the texts of <see cref="Encoded"/> and the <c>evaluatedAt</c> a batch's block shares
    /// (docs/performance.md, "Batch throughput"). <see langword="false"/>, with nothing written: a decision with an
    /// explanation, or a case id that is not plain printable ASCII; write it with the <see cref="Utf8JsonWriter"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryWriteLine(IBufferWriter<byte> output, Decision decision)
    {
        if (decision.Explanation is not null || (decision.CaseId is { } id && !IsPlainId(id)))
        {
            return false;
        }

        var line = new ByteLine(output, 512);
        if (decision.CaseId is { } caseId)
        {
            line.Write("{\"case\":\""u8);
            line.WriteAscii(caseId);
            line.Write((byte)'"');
        }
        else
        {
            line.Write("{\"case\":null"u8);
        }

        line.Write(PolicyPrefix(decision.Policy));
        var compensation = decision.Compensation;
        line.WriteNumber(compensation.Total);
        line.Write(",\"currency\":\""u8);
        line.Write(Encoded(compensation.Currency).EncodedUtf8Bytes);
        line.Write(compensation.Capped ? "\",\"capped\":true,\"items\":["u8 : "\",\"capped\":false,\"items\":["u8);
        var first = true;
        foreach (var item in compensation.Items)
        {
            line.Write(first ? "{\"kind\":\""u8 : ",{\"kind\":\""u8);
            first = false;
            line.Write(Encoded(item.Kind).EncodedUtf8Bytes);
            if (item.Amount is { } amount)
            {
                line.Write("\",\"amount\":"u8);
                line.WriteNumber(amount);
                line.Write(",\"rule\":\""u8);
            }
            else
            {
                line.Write("\",\"amount\":null,\"rule\":\""u8);
            }

            line.Write(Encoded(item.Rule).EncodedUtf8Bytes);
            if (item.Note is not null)
            {
                line.Write("\",\"note\":\""u8);
                line.Write(Encoded(item.Note).EncodedUtf8Bytes);
            }

            line.Write("\"}"u8);
        }

        line.Write("]}"u8);
        if (decision.Escalation is { } escalation)
        {
            line.Write(",\"escalation\":{\"to\":\""u8);
            line.Write(Encoded(escalation.To).EncodedUtf8Bytes);
            if (escalation.Within is { } within)
            {
                line.Write("\",\"within\":\""u8);
                line.Write(EncodedDuration(within).EncodedUtf8Bytes);
                line.Write("\",\"rule\":\""u8);
            }
            else
            {
                line.Write("\",\"within\":null,\"rule\":\""u8);
            }

            line.Write(Encoded(escalation.Rule).EncodedUtf8Bytes);
            line.Write("\"}"u8);
        }
        else
        {
            line.Write(",\"escalation\":null"u8);
        }

        if (decision.Empowerment is { } empowerment)
        {
            line.Write(",\"empowerment\":{\"role\":\""u8);
            line.Write(Encoded(empowerment.Role).EncodedUtf8Bytes);
            if (empowerment.Limit is { } limit)
            {
                line.Write("\",\"limit\":"u8);
                line.WriteNumber(limit);
            }
            else
            {
                line.Write("\",\"limit\":null"u8);
            }

            line.Write(",\"actions\":"u8);
            line.WriteEncodedStrings(empowerment.Actions);
            line.Write(",\"rules\":"u8);
            line.WriteEncodedStrings(empowerment.Rules);
            line.Write((byte)'}');
        }
        else
        {
            line.Write(",\"empowerment\":null"u8);
        }

        line.Write(",\"notes\":"u8);
        line.WriteEncodedStrings(decision.Notes);
        line.Write(",\"fired\":"u8);
        line.WriteEncodedStrings(decision.Fired);
        line.Write(",\"evaluatedAt\":"u8);
        line.Write(Timestamp(decision.EvaluatedAt));
        line.Write("}\n"u8);
        line.Commit();
        return true;
    }

    /// <summary>Whether a case id is printable ASCII that the encoder writes as it is (no quote, backslash or control character).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsPlainId(string id)
    {
        if (id.Length > 256)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return false;
            }
        }

        Span<byte> bytes = stackalloc byte[id.Length];
        for (var i = 0; i < id.Length; i++)
        {
            bytes[i] = (byte)id[i];
        }

        return Options.Encoder!.FindFirstCharacterToEncodeUtf8(bytes) < 0;
    }

    [ThreadStatic]
    private static Dictionary<TimeSpan, JsonEncodedText>? t_durations;

    /// <summary>An SLA as encoded ISO 8601 text, kept per thread (a policy has few distinct SLAs; at most 256 are kept).</summary>
    private static JsonEncodedText EncodedDuration(TimeSpan span)
    {
        var durations = t_durations ??= [];
        if (!durations.TryGetValue(span, out var text))
        {
            if (durations.Count >= 256)
            {
                durations.Clear();
            }

            text = JsonEncodedText.Encode(Durations.ToIso(Durations.FromTimeSpan(span)), Options.Encoder);
            durations[span] = text;
        }

        return text;
    }

    [ThreadStatic]
    private static PolicyIdentity? t_prefixPolicy;

    [ThreadStatic]
    private static byte[]? t_prefix;

    /// <summary><c>,"policy":{…},"compensation":{"total":</c> for a policy, made once per thread.</summary>
    private static byte[] PolicyPrefix(PolicyIdentity policy)
    {
        if (ReferenceEquals(t_prefixPolicy, policy) && t_prefix is { } known)
        {
            return known;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            WritePolicy(writer, policy);
            writer.WritePropertyName(Names.Compensation);
            writer.WriteStartObject();
            writer.WriteNumber(Names.Total, 0);
        }

        // {"policy":{…},"compensation":{"total":0 → ,"policy":{…},"compensation":{"total":
        var bytes = buffer.WrittenSpan[..^1].ToArray();
        bytes[0] = (byte)',';
        t_prefixPolicy = policy;
        t_prefix = bytes;
        return bytes;
    }

    [ThreadStatic]
    private static (DateTimeOffset At, byte[]? Text) t_timestamp;

    /// <summary>A moment as <see cref="Utf8JsonWriter"/> writes it, in quotes; a batch's block shares one, so the last is kept per thread.</summary>
    private static byte[] Timestamp(DateTimeOffset at)
    {
        var last = t_timestamp;
        if (last.Text is not null && last.At.EqualsExact(at))
        {
            return last.Text;
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStringValue(at);
        }

        var text = buffer.WrittenSpan.ToArray();
        t_timestamp = (at, text);
        return text;
    }

    /// <summary>Bytes appended to an <see cref="IBufferWriter{T}"/> through one span at a time.</summary>
    private ref struct ByteLine(IBufferWriter<byte> output, int sizeHint)
    {
        private Span<byte> _span = output.GetSpan(sizeHint);
        private int _written;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Write(byte value)
        {
            if (_written >= _span.Length)
            {
                Grow(1);
            }

            _span[_written++] = value;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Write(scoped ReadOnlySpan<byte> bytes)
        {
            if (_written + bytes.Length > _span.Length)
            {
                Grow(bytes.Length);
            }

            bytes.CopyTo(_span[_written..]);
            _written += bytes.Length;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void WriteAscii(string text)
        {
            if (_written + text.Length > _span.Length)
            {
                Grow(text.Length);
            }

            var target = _span.Slice(_written, text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                target[i] = (byte)text[i];
            }

            _written += text.Length;
        }

        /// <summary>A number as <see cref="Utf8JsonWriter.WriteNumberValue(decimal)"/> writes it (all its digits and scale).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void WriteNumber(decimal value)
        {
            if (_written + 64 > _span.Length)
            {
                Grow(64);
            }

            if (!System.Buffers.Text.Utf8Formatter.TryFormat(value, _span[_written..], out var length))
            {
                throw new InvalidOperationException("A decimal did not fit in 64 bytes.");
            }

            _written += length;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void WriteEncodedStrings(ImmutableArray<string> values)
        {
            Write((byte)'[');
            for (var i = 0; i < values.Length; i++)
            {
                Write(i == 0 ? "\""u8 : ",\""u8);
                Write(Encoded(values[i]).EncodedUtf8Bytes);
                Write((byte)'"');
            }

            Write((byte)']');
        }

        public void Commit()
        {
            output.Advance(_written);
            _written = 0;
            _span = default;
        }

        private void Grow(int needed)
        {
            output.Advance(_written);
            _written = 0;
            _span = output.GetSpan(Math.Max(needed, 512));
        }
    }

    /// <summary>Writes <c>"policy": {"id", "version", "hash"}</c>.</summary>
    internal static void WritePolicy(Utf8JsonWriter writer, PolicyIdentity policy)
    {
        writer.WriteStartObject(Names.Policy);
        writer.WriteString(Names.Id, Encoded(policy.Id));
        writer.WriteString(Names.Version, Encoded(policy.Version));
        writer.WriteString(Names.Hash, Encoded(policy.Hash));
        writer.WriteEndObject();
    }

    private static void WriteEncodedStrings(Utf8JsonWriter writer, JsonEncodedText name, ImmutableArray<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(Encoded(value));
        }

        writer.WriteEndArray();
    }

    [ThreadStatic]
    private static Dictionary<string, JsonEncodedText>? t_encoded;

    [ThreadStatic]
    private static Dictionary<string, JsonEncodedText>? t_encodedInstances;

    /// <summary>
    /// A text as <see cref="Options"/> encode it, kept per thread: a policy's decisions repeat few texts, most of
    /// them the very same string objects (rule ids, kinds), found by reference without hashing their characters.
    /// At most 1024 texts and 4096 string objects are kept (texts made per case, such as notes with the case's
    /// values, only cycle through).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static JsonEncodedText Encoded(string value)
    {
        var instances = t_encodedInstances ??= new Dictionary<string, JsonEncodedText>(ReferenceEqualityComparer.Instance);
        if (instances.TryGetValue(value, out var text))
        {
            return text;
        }

        var encoded = t_encoded ??= new Dictionary<string, JsonEncodedText>(StringComparer.Ordinal);
        if (!encoded.TryGetValue(value, out text))
        {
            if (encoded.Count >= 1024)
            {
                encoded.Clear();
            }

            text = JsonEncodedText.Encode(value, Options.Encoder);
            encoded[value] = text;
        }

        if (instances.Count >= 4096)
        {
            instances.Clear();
        }

        instances[value] = text;
        return text;
    }

    /// <summary>The member names of a decision, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Case = Name("case");
        public static readonly JsonEncodedText Policy = Name("policy");
        public static readonly JsonEncodedText Id = Name("id");
        public static readonly JsonEncodedText Version = Name("version");
        public static readonly JsonEncodedText Hash = Name("hash");
        public static readonly JsonEncodedText Compensation = Name("compensation");
        public static readonly JsonEncodedText Total = Name("total");
        public static readonly JsonEncodedText Currency = Name("currency");
        public static readonly JsonEncodedText Capped = Name("capped");
        public static readonly JsonEncodedText Items = Name("items");
        public static readonly JsonEncodedText Kind = Name("kind");
        public static readonly JsonEncodedText Amount = Name("amount");
        public static readonly JsonEncodedText Rule = Name("rule");
        public static readonly JsonEncodedText Note = Name("note");
        public static readonly JsonEncodedText Escalation = Name("escalation");
        public static readonly JsonEncodedText To = Name("to");
        public static readonly JsonEncodedText Within = Name("within");
        public static readonly JsonEncodedText Empowerment = Name("empowerment");
        public static readonly JsonEncodedText Role = Name("role");
        public static readonly JsonEncodedText Limit = Name("limit");
        public static readonly JsonEncodedText Actions = Name("actions");
        public static readonly JsonEncodedText Rules = Name("rules");
        public static readonly JsonEncodedText Notes = Name("notes");
        public static readonly JsonEncodedText Fired = Name("fired");
        public static readonly JsonEncodedText EvaluatedAt = Name("evaluatedAt");

        private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, Options.Encoder);
    }

    /// <summary>Writes a case error to a JSON writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="error">The error.</param>
    public static void Write(Utf8JsonWriter writer, CaseError error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(error);
        writer.WriteStartObject();
        WriteCase(writer, error.CaseId);
        WriteError(writer, error);
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"error": {"id", "message", "field"?}</c>.</summary>
    internal static void WriteError(Utf8JsonWriter writer, CaseError error)
    {
        writer.WriteStartObject("error");
        writer.WriteString("id", error.Id);
        writer.WriteString("message", error.Message);
        if (error.Field is not null)
        {
            writer.WriteString("field", error.Field);
        }

        writer.WriteEndObject();
    }

    /// <summary>Formats a timestamp as ISO 8601 with its offset, without trailing zero fractions: <c>2026-11-22T10:00:00+00:00</c>.</summary>
    /// <param name="value">The timestamp.</param>
    /// <returns>The text.</returns>
    internal static string FormatTimestamp(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    [ThreadStatic]
    private static (TimeSpan Span, string Text) t_lastDuration;

    /// <summary>An SLA as ISO 8601; a policy has few distinct SLAs, so the last one written is kept per thread.</summary>
    private static string IsoDuration(TimeSpan span)
    {
        var last = t_lastDuration;
        if (last.Text is not null && last.Span == span)
        {
            return last.Text;
        }

        var text = Durations.ToIso(Durations.FromTimeSpan(span));
        t_lastDuration = (span, text);
        return text;
    }

    internal static void WriteCase(Utf8JsonWriter writer, string? caseId)
    {
        if (caseId is null)
        {
            writer.WriteNull(Names.Case);
        }
        else
        {
            writer.WriteString(Names.Case, caseId);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteExplanation(Utf8JsonWriter writer, DecisionExplanation explanation)
    {
        writer.WriteStartObject("explanation");
        writer.WriteStartObject("facts");
        foreach (var (name, value) in explanation.Facts)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("rules");
        foreach (var rule in explanation.Rules)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", rule.Rule);
            writer.WriteNumber("priority", rule.Priority);
            writer.WriteString("outcome", rule.Outcome switch
            {
                RuleOutcome.Matched => "matched",
                RuleOutcome.NotMatched => "not-matched",
                _ => "not-considered",
            });
            writer.WriteStartArray("conditions");
            foreach (var condition in rule.Conditions)
            {
                writer.WriteStartObject();
                writer.WriteString("condition", condition.Condition);
                if (condition.Value is { } value)
                {
                    writer.WriteBoolean("value", value);
                }
                else
                {
                    writer.WriteNull("value");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("stopped", rule.Stopped);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("otherwise", explanation.OtherwiseApplied);
        writer.WriteStartObject("combine");
        writer.WriteString("compensation", explanation.CompensationMode);
        writer.WriteString("escalation", explanation.EscalationMode);
        writer.WriteString("empowerment", explanation.EmpowermentMode);
        writer.WriteEndObject();
        WriteStrings(writer, "compensationRules", explanation.CompensationRules);
        if (explanation.Cap is { } cap)
        {
            writer.WriteNumber("uncappedTotal", explanation.UncappedTotal!.Value);
            writer.WriteNumber("cap", cap);
        }

        writer.WriteEndObject();
    }
}
