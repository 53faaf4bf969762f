using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using RecoveryRules.Parsing;

namespace RecoveryRules.Records;

/// <summary>
/// Reads one decision record line back into values (docs/auditing.md, "Decision records"): the decision
/// into a <see cref="Decision"/> (amounts as decimals, durations in ISO 8601 or the compact form, timestamps with
/// their offset) or the case error into a <see cref="CaseError"/>, and <c>given</c> compacted. Members that may
/// be null (<c>case</c>, <c>escalation</c>, <c>empowerment</c>, <c>within</c>, <c>limit</c>, an item's
/// <c>amount</c> and <c>note</c>, the error's <c>field</c>) may also be absent; every other member of
/// docs/embedding.md §5 is required. Unknown members are ignored.
/// </summary>
internal static class DecisionRecordParser
{
    /// <summary>The nesting read: a record's own (3) on top of a case the engine reads (32), with room to spare.</summary>
    public const int MaxDepth = 64;

    /// <summary>The problem of a line cut short: what a crash in the middle of a write would leave.</summary>
    public const string Torn = "not a whole record (the line ends before its JSON object does)";

    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out DecisionRecord? record, [NotNullWhen(false)] out string? problem)
    {
        record = null;
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        if (utf8Json.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            problem = "not a record (the line holds no JSON)";
            return false;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
            document = JsonDocument.ParseValue(ref reader);
            try
            {
                reader.Read(); // throws for anything but whitespace after the value
            }
            catch
            {
                document.Dispose();
                throw;
            }
        }
        catch (JsonException exception)
        {
            problem = IsCutShort(utf8Json)
                ? Torn
                : $"not a record (invalid JSON at byte {exception.BytePositionInLine + 1}: {FirstSentence(exception.Message)})";
            return false;
        }

        using (document)
        {
            try
            {
                record = Read(document.RootElement);
                problem = null;
                return true;
            }
            catch (RecordProblem exception)
            {
                problem = "not a record: " + exception.Message;
                return false;
            }
            catch (InvalidOperationException)
            {
                // Looking a member up compares names: one that is not valid Unicode (an escaped lone surrogate) cannot be.
                problem = "not a record: a member's name is not valid Unicode text";
                return false;
            }
        }
    }

    /// <summary>Whether the text is the start of a JSON value that ends too soon (rather than JSON that is wrong).</summary>
    private static bool IsCutShort(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = MaxDepth }));
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    return false; // the value ended: whatever is wrong comes after it
                }
            }

            return true; // the reader wants more bytes
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private static DecisionRecord Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RecordProblem($"the line holds {Describe(root)}, not an object");
        }

        var given = Required(root, "given", "given");
        var policyElement = Object(Required(root, "policy", "policy"), "policy");
        var policy = new PolicyIdentity(
            Text(Required(policyElement, "id", "policy.id"), "policy.id"),
            Text(Required(policyElement, "version", "policy.version"), "policy.version"),
            Text(Required(policyElement, "hash", "policy.hash"), "policy.hash"));
        var evaluatedAt = Timestamp(Required(root, "evaluatedAt", "evaluatedAt"), "evaluatedAt");
        var caseId = Optional(root, "case") is { } caseElement ? CaseId(caseElement) : null;

        CaseResult result;
        if (Optional(root, "error") is { } errorElement)
        {
            Object(errorElement, "error");
            var error = new CaseError(
                caseId,
                Text(Required(errorElement, "id", "error.id"), "error.id"),
                Text(Required(errorElement, "message", "error.message"), "error.message"),
                Optional(errorElement, "field") is { } field ? Text(field, "error.field") : null);
            result = new CaseResult(null, error);
        }
        else
        {
            var decision = new Decision
            {
                CaseId = caseId,
                Policy = policy,
                Compensation = Compensation(Object(Required(root, "compensation", "compensation"), "compensation")),
                Escalation = Optional(root, "escalation") is { } escalation ? Escalation(Object(escalation, "escalation")) : null,
                Empowerment = Optional(root, "empowerment") is { } empowerment ? Empowerment(Object(empowerment, "empowerment")) : null,
                Notes = Texts(Required(root, "notes", "notes"), "notes"),
                Fired = Texts(Required(root, "fired", "fired"), "fired"),
                EvaluatedAt = evaluatedAt,
            };
            result = new CaseResult(decision, null);
        }

        return DecisionRecord.FromParts(GivenJson.Compact(JsonMarshal.GetRawUtf8Value(given)), result, policy, evaluatedAt);
    }

    private static CompensationDecision Compensation(JsonElement element)
    {
        var items = Required(element, "items", "compensation.items");
        if (items.ValueKind != JsonValueKind.Array)
        {
            throw WrongType("compensation.items", "a list", items);
        }

        var builder = ImmutableArray.CreateBuilder<CompensationItem>(items.GetArrayLength());
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var path = $"compensation.items[{index++}]";
            Object(item, path);
            builder.Add(new CompensationItem(
                Text(Required(item, "kind", path + ".kind"), path + ".kind"),
                Optional(item, "amount") is { } amount ? Number(amount, path + ".amount") : null,
                Text(Required(item, "rule", path + ".rule"), path + ".rule"),
                Optional(item, "note") is { } note ? Text(note, path + ".note") : null));
        }

        return new CompensationDecision(
            Number(Required(element, "total", "compensation.total"), "compensation.total"),
            Text(Required(element, "currency", "compensation.currency"), "compensation.currency"),
            Boolean(Required(element, "capped", "compensation.capped"), "compensation.capped"),
            builder.MoveToImmutable());
    }

    private static EscalationDecision Escalation(JsonElement element) => new(
        Text(Required(element, "to", "escalation.to"), "escalation.to"),
        Optional(element, "within") is { } within ? Duration(within, "escalation.within") : null,
        Text(Required(element, "rule", "escalation.rule"), "escalation.rule"));

    private static EmpowermentDecision Empowerment(JsonElement element) => new(
        Text(Required(element, "role", "empowerment.role"), "empowerment.role"),
        Optional(element, "limit") is { } limit ? Number(limit, "empowerment.limit") : null,
        Texts(Required(element, "actions", "empowerment.actions"), "empowerment.actions"),
        Texts(Required(element, "rules", "empowerment.rules"), "empowerment.rules"));

    private static JsonElement Required(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value)
            ? value
            : throw new RecordProblem($"the member '{path}' is missing");

    /// <summary>A member that may be null or absent: <c>null</c> for both.</summary>
    private static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static JsonElement Object(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw WrongType(path, "an object", element);

    private static string Text(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw WrongType(path, "a string", element);
        }

        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new RecordProblem($"'{path}' is not valid Unicode text");
        }
    }

    private static string CaseId(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Text(element, "case"),
        JsonValueKind.Number => element.GetRawText(), // as the engine reads a numeric case id
        _ => throw WrongType("case", "a string or null", element),
    };

    private static ImmutableArray<string> Texts(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(path, "a list of strings", element);
        }

        var builder = ImmutableArray.CreateBuilder<string>(element.GetArrayLength());
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            builder.Add(Text(item, $"{path}[{index++}]"));
        }

        return builder.MoveToImmutable();
    }

    private static decimal Number(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw WrongType(path, "a number", element);
        }

        return element.TryGetDecimal(out var value)
            ? value
            : throw new RecordProblem($"'{path}' is the number {element.GetRawText()}, beyond the decimal range");
    }

    private static bool Boolean(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw WrongType(path, "true or false", element),
    };

    private static TimeSpan Duration(JsonElement element, string path)
    {
        var text = Text(element, path);
        if (Durations.Parse(text, out var seconds) != DurationParse.Valid || seconds > MaxSpanSeconds)
        {
            throw new RecordProblem($"'{path}' is \"{text}\", not a duration such as \"PT1H\" or \"1h\"");
        }

        return Durations.ToTimeSpan(seconds);
    }

    private static readonly decimal MaxSpanSeconds = (decimal)TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond;

    private static DateTimeOffset Timestamp(JsonElement element, string path)
    {
        var text = Text(element, path);
        if (element.TryGetDateTimeOffset(out var iso) && HasOffset(text))
        {
            return iso; // the ISO 8601 form every record is written in, read without culture rules
        }

        if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            throw new RecordProblem($"'{path}' is \"{text}\", not an ISO 8601 timestamp with an offset");
        }

        return at;
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        return t > 0 && text.AsSpan(t).IndexOfAny("Zz+-") > 0;
    }

    private static RecordProblem WrongType(string path, string expected, JsonElement actual) =>
        new($"'{path}' is {Describe(actual)}, not {expected}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => "null",
    };

    /// <summary>What makes a line not a record; caught by <see cref="TryParse"/>, never seen outside.</summary>
    [SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "Internal control flow of the parser only.")]
    [SuppressMessage("Design", "CA1064:Exceptions should be public", Justification = "Internal control flow of the parser only.")]
    private sealed class RecordProblem(string message) : Exception(message);
}
