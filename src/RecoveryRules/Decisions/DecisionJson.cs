using System.Buffers;
using System.Globalization;
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
    internal static void WriteMembers(Utf8JsonWriter writer, Decision decision)
    {
        WriteCase(writer, decision.CaseId);
        WritePolicy(writer, decision.Policy);

        var compensation = decision.Compensation;
        writer.WriteStartObject("compensation");
        writer.WriteNumber("total", compensation.Total);
        writer.WriteString("currency", compensation.Currency);
        writer.WriteBoolean("capped", compensation.Capped);
        writer.WriteStartArray("items");
        foreach (var item in compensation.Items)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", item.Kind);
            if (item.Amount is { } amount)
            {
                writer.WriteNumber("amount", amount);
            }
            else
            {
                writer.WriteNull("amount");
            }

            writer.WriteString("rule", item.Rule);
            if (item.Note is not null)
            {
                writer.WriteString("note", item.Note);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        if (decision.Escalation is { } escalation)
        {
            writer.WriteStartObject("escalation");
            writer.WriteString("to", escalation.To);
            if (escalation.Within is { } within)
            {
                writer.WriteString("within", IsoDuration(within));
            }
            else
            {
                writer.WriteNull("within");
            }

            writer.WriteString("rule", escalation.Rule);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("escalation");
        }

        if (decision.Empowerment is { } empowerment)
        {
            writer.WriteStartObject("empowerment");
            writer.WriteString("role", empowerment.Role);
            if (empowerment.Limit is { } limit)
            {
                writer.WriteNumber("limit", limit);
            }
            else
            {
                writer.WriteNull("limit");
            }

            WriteStrings(writer, "actions", empowerment.Actions);
            WriteStrings(writer, "rules", empowerment.Rules);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("empowerment");
        }

        WriteStrings(writer, "notes", decision.Notes);
        WriteStrings(writer, "fired", decision.Fired);
        // System.Text.Json writes the same ISO 8601 form as FormatTimestamp (trailing zero fractions
        // trimmed, the offset kept), without making a string.
        writer.WriteString("evaluatedAt", decision.EvaluatedAt);
        if (decision.Explanation is { } explanation)
        {
            WriteExplanation(writer, explanation);
        }
    }

    /// <summary>Writes <c>"policy": {"id", "version", "hash"}</c>.</summary>
    internal static void WritePolicy(Utf8JsonWriter writer, PolicyIdentity policy)
    {
        writer.WriteStartObject("policy");
        writer.WriteString("id", policy.Id);
        writer.WriteString("version", policy.Version);
        writer.WriteString("hash", policy.Hash);
        writer.WriteEndObject();
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
            writer.WriteNull("case");
        }
        else
        {
            writer.WriteString("case", caseId);
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
