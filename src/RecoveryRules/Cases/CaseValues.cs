using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using RecoveryRules.Symbols;
using RecoveryRules.Text;

namespace RecoveryRules;

/// <summary>
/// One value of a case's field, as <see cref="CaseReader"/> checks it: a JSON value, or a value a
/// <see cref="RecoveryCaseBuilder"/> was given, which behaves exactly as that value written as JSON would.
/// A struct constraint keeps the shared checks free of boxing.
/// </summary>
internal interface ICaseValue
{
    /// <summary>The JSON kind of the value (a builder's duration or timestamp is a string, as JSON writes it).</summary>
    JsonValueKind Kind { get; }

    /// <summary>A string value as .NET text; <see langword="false"/> when it is not valid Unicode.</summary>
    bool TryGetText([NotNullWhen(true)] out string? text);

    /// <summary>A number as a decimal; <see langword="false"/> when it is outside the decimal range.</summary>
    bool TryGetDecimal(out decimal value);

    /// <summary>A number as written in JSON.</summary>
    string RawNumber();

    /// <summary>A boolean value.</summary>
    bool GetBoolean();

    /// <summary>The member a string names (-1: none); <see langword="false"/> when the string is not valid Unicode.</summary>
    bool TryFindMember(Vocabulary vocabulary, byte[][] membersUtf8, out int ordinal);

    /// <summary>The moment a builder was given as <c>occurredAt</c>; <see langword="false"/> for a string to parse.</summary>
    bool TryGetTimestamp(out DateTimeOffset at);

    /// <summary>The seconds of a non-negative duration a builder was given; <see langword="false"/> for a string to parse.</summary>
    bool TryGetSeconds(out decimal seconds);
}

/// <summary>A JSON value of a case; <c>TryGetText</c> is <see langword="false"/> for text that is not valid Unicode (invalid UTF-8, or an escaped lone surrogate).</summary>
internal readonly struct JsonCaseValue(JsonElement element) : ICaseValue
{
    public JsonValueKind Kind => element.ValueKind;

    public bool TryGetText([NotNullWhen(true)] out string? text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    public bool TryGetDecimal(out decimal value) => element.TryGetDecimal(out value);

    public string RawNumber() => element.GetRawText();

    public bool GetBoolean() => element.GetBoolean();

    /// <summary>Compares UTF-8 bytes: no string is made for a valid member.</summary>
    public bool TryFindMember(Vocabulary vocabulary, byte[][] membersUtf8, out int ordinal)
    {
        ordinal = -1;
        try
        {
            for (var i = 0; i < membersUtf8.Length; i++)
            {
                if (element.ValueEquals(membersUtf8[i]))
                {
                    ordinal = i;
                    return true;
                }
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public bool TryGetTimestamp(out DateTimeOffset at)
    {
        at = default;
        return false;
    }

    public bool TryGetSeconds(out decimal seconds)
    {
        seconds = 0;
        return false;
    }
}

/// <summary>What a <see cref="BuiltCaseValue"/> holds.</summary>
internal enum BuiltValueKind : byte
{
    /// <summary>A null string: absent, as a JSON null.</summary>
    Absent,

    /// <summary>A string.</summary>
    Text,

    /// <summary>A decimal, written as a JSON number.</summary>
    Number,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>A <see cref="TimeSpan"/>, written as an ISO 8601 duration string.</summary>
    Duration,

    /// <summary>A <see cref="DateTimeOffset"/>, written as an ISO 8601 timestamp string.</summary>
    Timestamp,
}

/// <summary>
/// A value given to a <see cref="RecoveryCaseBuilder"/>. It answers every question as the JSON the old
/// builder wrote for it would (a decimal as <see cref="Utf8JsonWriter"/> writes it and
/// <see cref="JsonElement.TryGetDecimal(out decimal)"/> reads it back), without writing that JSON.
/// </summary>
internal readonly struct BuiltCaseValue : ICaseValue
{
    private readonly string? _text;
    private readonly decimal _number;
    private readonly long _ticks;
    private readonly short _offsetMinutes;

    public BuiltCaseValue(string? text)
    {
        _text = text;
        Built = text is null ? BuiltValueKind.Absent : BuiltValueKind.Text;
    }

    public BuiltCaseValue(decimal number)
    {
        _number = number;
        Built = BuiltValueKind.Number;
    }

    public BuiltCaseValue(bool value)
    {
        _number = value ? 1 : 0;
        Built = BuiltValueKind.Boolean;
    }

    public BuiltCaseValue(TimeSpan duration)
    {
        _ticks = duration.Ticks;
        Built = BuiltValueKind.Duration;
    }

    public BuiltCaseValue(DateTimeOffset timestamp)
    {
        _ticks = timestamp.Ticks;
        _offsetMinutes = (short)timestamp.TotalOffsetMinutes;
        Built = BuiltValueKind.Timestamp;
    }

    public BuiltValueKind Built { get; }

    private TimeSpan Duration => TimeSpan.FromTicks(_ticks);

    private DateTimeOffset Timestamp => new(_ticks, TimeSpan.FromMinutes(_offsetMinutes));

    public JsonValueKind Kind => Built switch
    {
        BuiltValueKind.Absent => JsonValueKind.Null,
        BuiltValueKind.Number => JsonValueKind.Number,
        BuiltValueKind.Boolean => _number != 0 ? JsonValueKind.True : JsonValueKind.False,
        _ => JsonValueKind.String,
    };

    public bool TryGetText([NotNullWhen(true)] out string? text)
    {
        text = Built switch
        {
            BuiltValueKind.Text => LoneSurrogates.IndexOf(_text) >= 0 ? null : _text,
            BuiltValueKind.Duration => IsoDuration(Duration),
            BuiltValueKind.Timestamp => DecisionJson.FormatTimestamp(Timestamp),
            _ => null,
        };
        return text is not null;
    }

    /// <summary>A duration as ISO 8601 (<c>PT1H30M</c>); a negative one keeps its sign (<c>-PT3H</c>), which no case accepts.</summary>
    public static string IsoDuration(TimeSpan duration) => System.Xml.XmlConvert.ToString(duration);

    public bool TryGetDecimal(out decimal value)
    {
        // The decimal as JSON writes it and reads it back (Utf8Formatter, then Utf8Parser): the same digits and
        // scale. Only a negative zero changes on the way: it reads back as a zero of the same scale, positive.
        // (Checked against that round trip for every zero and for generated values: CaseMapping/BuiltValueTests.)
        value = decimal.IsNegative(_number) && _number == 0m ? decimal.Negate(_number) : _number;
        return true;
    }

    public string RawNumber()
    {
        Span<byte> utf8 = stackalloc byte[64];
        return Utf8Formatter.TryFormat(_number, utf8, out var written)
            ? System.Text.Encoding.UTF8.GetString(utf8[..written])
            : _number.ToString(CultureInfo.InvariantCulture);
    }

    public bool GetBoolean() => _number != 0;

    public bool TryFindMember(Vocabulary vocabulary, byte[][] membersUtf8, out int ordinal)
    {
        ordinal = -1;
        if (!TryGetText(out var text))
        {
            return false;
        }

        var members = vocabulary.Members;
        for (var i = 0; i < members.Length; i++)
        {
            if (string.Equals(members[i], text, StringComparison.Ordinal))
            {
                ordinal = i;
                break;
            }
        }

        return true;
    }

    public bool TryGetTimestamp(out DateTimeOffset at)
    {
        at = Built == BuiltValueKind.Timestamp ? Timestamp : default;
        return Built == BuiltValueKind.Timestamp;
    }

    /// <summary>A non-negative duration's seconds, as its ISO 8601 text would parse: no text is made.</summary>
    public bool TryGetSeconds(out decimal seconds)
    {
        seconds = 0;
        return Built == BuiltValueKind.Duration && TryGetSeconds(_ticks, out seconds);
    }

    /// <summary>The seconds of a duration of <paramref name="ticks"/>, as its ISO 8601 text would parse; <see langword="false"/> when it is negative.</summary>
    public static bool TryGetSeconds(long ticks, out decimal seconds)
    {
        // Whole seconds (the usual delay) skip the decimal division: its quotient is that integer, scale 0.
        seconds = ticks < 0 ? 0
            : ticks % TimeSpan.TicksPerSecond == 0 ? ticks / TimeSpan.TicksPerSecond
            : (decimal)ticks / TimeSpan.TicksPerSecond;
        return ticks >= 0;
    }

    /// <summary>Writes the value as the old builder's JSON did.</summary>
    public void WriteTo(Utf8JsonWriter writer, string name)
    {
        switch (Built)
        {
            case BuiltValueKind.Text: writer.WriteString(name, _text); break;
            case BuiltValueKind.Number: writer.WriteNumber(name, _number); break;
            case BuiltValueKind.Boolean: writer.WriteBoolean(name, _number != 0); break;
            case BuiltValueKind.Duration: writer.WriteString(name, IsoDuration(Duration)); break;
            case BuiltValueKind.Timestamp: writer.WriteString(name, DecisionJson.FormatTimestamp(Timestamp)); break;
        }
    }
}

/// <summary>One field a <see cref="RecoveryCaseBuilder"/> was given.</summary>
internal readonly record struct BuiltFact(string Name, BuiltCaseValue Value);

/// <summary>
/// What a case built in code was given, kept for its decision record (docs/auditing.md, "Decision records"):
/// the JSON of its id and values, written only when a record asks for it.
/// </summary>
internal sealed class BuiltCaseJson(string? id, List<BuiltFact> values)
{
    public byte[] Write()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (id is not null)
            {
                writer.WriteString("id", id);
            }

            foreach (var (name, value) in values)
            {
                value.WriteTo(writer, name);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
