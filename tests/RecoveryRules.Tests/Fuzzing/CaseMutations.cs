using System.Text;
using System.Text.Json;
using CsCheck;

namespace RecoveryRules.Tests.Fuzzing;

/// <summary>
/// Hostile case documents: real cases damaged by one to four mutations: byte flips, deleted or
/// repeated tokens, extreme literals, hostile names, invalid UTF-8, escaped lone surrogates, NULs,
/// byte order marks, deep nesting and truncation. Every mutation is a plain value (kind, where,
/// which), so CsCheck shrinks a failure to the fewest, simplest mutations.
/// </summary>
internal static class CaseMutations
{
    /// <summary>One mutation: its kind, where (0 to 1, scaled to the document or its tokens) and which variant.</summary>
    public readonly record struct Mutation(int Kind, double At, int Pick);

    private const int Kinds = 11;

    /// <summary>Values that are not what the policy expects, or are at the edge of what .NET holds.</summary>
    private static readonly string[] ExtremeValues =
    [
        "1e999", "-1e999", "1e-999", "5e28", "-5e28", "123456789012345678901234567890", "79228162514264337593543950335",
        "-79228162514264337593543950336", "0.0000000000000000000000000000001", "-0", "1E+28", "2.5e28",
        "\"99999999999999999999999w\"", "\"1000000000000000000000000w\"", "\"P999999999999999999999W\"", "\"P999999999999999999999999W\"",
        "\"PT99999999999999999999999999999S\"", "\"79228162514264337593543950335s\"", "\"1e999 USD\"", "\"79228162514264337593543950335 USD\"",
        "\"-1 USD\"", "\"5e28 USD\"", "\"\\ud800\"", "\"\\udc00\"", "\"a\\ud800b\"", "\"\\udbff\\udbff\"", "\"\\u0000\"", "\"\\uFFFF\"",
        "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59-14:00\"", "\"2026-11-22T08:00:00Z\"", "\"2026-11-22T08:00:00\"",
        "null", "true", "false", "[]", "{}", "\"\"", "\"critical\"", "\"gold\"",
        new string('[', 40) + new string(']', 40),
        string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40),
        "{\"tier\": \"gold\", \"value\": 5e28}", "{\"tier\": \"\\ud800\"}", "{\"t\\udfffier\": 1}",
    ];

    /// <summary>Names a hostile case might use for a field.</summary>
    private static readonly string[] HostileNames =
    [
        "\"\\ud800\"", "\"sev\\udfffx\"", "\"\"", "\"id\"", "\"occurredAt\"", "\"delay\"", "\"customer.tier\"", "\"customer.\"",
        "\"\\u0000\"", "\"orderValue\"", "\"severity\"", "\"a.b.c.d.e.f\"", "\"__proto__\"",
    ];

    /// <summary>Bytes that break UTF-8 or JSON.</summary>
    private static readonly byte[][] HostileBytes =
    [
        [0xFF], [0xC3], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x00], [0xEF, 0xBB, 0xBF],
        [(byte)'"'], [(byte)'\\'], [(byte)'{'], [(byte)'}'], [(byte)','], [(byte)':'], [(byte)'\n'], [(byte)'\\', (byte)'u', (byte)'d', (byte)'8'],
    ];

    public static Gen<Mutation[]> Mutations { get; } =
        Gen.Select(Gen.Int[0, Kinds - 1], Gen.Double[0, 1], Gen.Int[0, 1000], (kind, at, pick) => new Mutation(kind, at, pick)).Array[1, 4];

    /// <summary>Applies the mutations in order.</summary>
    public static byte[] Apply(byte[] document, Mutation[] mutations)
    {
        foreach (var mutation in mutations)
        {
            document = Apply(document, mutation);
        }

        return document;
    }

    private static byte[] Apply(byte[] document, Mutation mutation)
    {
        var position = (int)(mutation.At * document.Length);
        var tokens = Tokens(document);
        var token = tokens.Count == 0 ? (Start: position, End: position, Type: JsonTokenType.None) : tokens[Math.Min((int)(mutation.At * tokens.Count), tokens.Count - 1)];
        switch (mutation.Kind)
        {
            case 0: // a byte flipped or inserted
                return mutation.Pick % 2 == 0 && position < document.Length
                    ? Replace(document, position, position + 1, [(byte)(document[position] ^ (1 << (mutation.Pick % 8)))])
                    : Replace(document, position, position, HostileBytes[mutation.Pick % HostileBytes.Length]);
            case 1: // a token deleted
                return Replace(document, token.Start, token.End, []);
            case 2: // a token repeated
                return Replace(document, token.End, token.End, document[token.Start..token.End]);
            case 3: // a value replaced by an extreme literal
            {
                var values = tokens.Where(t => t.Type is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null).ToList();
                var value = values.Count == 0 ? token : values[Math.Min((int)(mutation.At * values.Count), values.Count - 1)];
                return Replace(document, value.Start, value.End, Encoding.UTF8.GetBytes(ExtremeValues[mutation.Pick % ExtremeValues.Length]));
            }

            case 4: // a name replaced by a hostile one
            {
                var names = tokens.Where(t => t.Type == JsonTokenType.PropertyName).ToList();
                var name = names.Count == 0 ? token : names[Math.Min((int)(mutation.At * names.Count), names.Count - 1)];
                return Replace(document, name.Start, name.End, Encoding.UTF8.GetBytes(HostileNames[mutation.Pick % HostileNames.Length]));
            }

            case 5: // invalid UTF-8 inside a string (value or name)
            case 6: // an escaped lone surrogate inside a string
            {
                var strings = tokens.Where(t => t.Type is JsonTokenType.String or JsonTokenType.PropertyName).ToList();
                var text = strings.Count == 0 ? token : strings[Math.Min((int)(mutation.At * strings.Count), strings.Count - 1)];
                var inside = Math.Min(text.Start + 1 + (mutation.Pick % Math.Max(1, text.End - text.Start - 1)), Math.Max(text.Start, text.End - 1));
                byte[] insert = mutation.Kind == 5
                    ? HostileBytes[mutation.Pick % 6]
                    : Encoding.UTF8.GetBytes(((mutation.Pick / 7) % 3) switch { 0 => "\\ud800", 1 => "\\udfff", _ => "\\ud83d" });
                return Replace(document, inside, inside, insert);
            }

            case 7: // a NUL or a byte order mark, anywhere (at the start: a BOM, or two)
                return (mutation.Pick % 4) switch
                {
                    0 => Replace(document, position, position, [0x00]),
                    1 => Replace(document, 0, 0, [0xEF, 0xBB, 0xBF]),
                    2 => Replace(document, 0, 0, [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]),
                    _ => Replace(document, position, position, [0xEF, 0xBB, 0xBF]),
                };
            case 8: // truncated
                return document[..position];
            case 9: // the whole case nested deep
            {
                var depth = 10 + (mutation.Pick % 60);
                return [.. Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"customer\":", depth))), .. document, .. Encoding.UTF8.GetBytes(new string('}', depth))];
            }

            default: // a member added: a duplicate of an existing one, or an extreme one
            {
                var names = tokens.Where(t => t.Type == JsonTokenType.PropertyName).ToList();
                if (names.Count == 0 || document.Length == 0 || document[0] != (byte)'{')
                {
                    return Replace(document, position, position, Encoding.UTF8.GetBytes(ExtremeValues[mutation.Pick % ExtremeValues.Length]));
                }

                var name = names[mutation.Pick % names.Count];
                var member = Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetString(document[name.Start..name.End])}: {ExtremeValues[mutation.Pick % ExtremeValues.Length]}, ");
                return Replace(document, 1, 1, member);
            }
        }
    }

    private static byte[] Replace(byte[] document, int start, int end, byte[] replacement)
    {
        start = Math.Clamp(start, 0, document.Length);
        end = Math.Clamp(end, start, document.Length);
        return [.. document[..start], .. replacement, .. document[end..]];
    }

    /// <summary>The document's tokens, as far as it is readable: start, end (exclusive) and type.</summary>
    private static List<(int Start, int End, JsonTokenType Type)> Tokens(byte[] document)
    {
        var tokens = new List<(int, int, JsonTokenType)>();
        var reader = new Utf8JsonReader(document, new JsonReaderOptions { MaxDepth = 256, AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
                var end = reader.TokenType switch
                {
                    JsonTokenType.String or JsonTokenType.PropertyName => start + length + 2,
                    JsonTokenType.StartObject or JsonTokenType.EndObject or JsonTokenType.StartArray or JsonTokenType.EndArray => start + 1,
                    _ => start + length,
                };
                tokens.Add((start, Math.Min(end, document.Length), reader.TokenType));
            }
        }
        catch (JsonException)
        {
            // The tokens before the damage are enough to mutate on.
        }

        return tokens;
    }
}
