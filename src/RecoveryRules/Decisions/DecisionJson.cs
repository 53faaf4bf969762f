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
public static partial class DecisionJson
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
