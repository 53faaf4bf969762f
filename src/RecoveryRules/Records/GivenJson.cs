using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace RecoveryRules.Records;

/// <summary>
/// The <c>given</c> of a decision record (docs/auditing.md, "Decision records"): the case exactly as the caller
/// gave it, re-serialized compactly. A case given as a JSON object is kept token for token (names, strings and
/// numbers byte for byte, escapes included: <c>80.00</c> stays <c>80.00</c>), only the whitespace between tokens
/// dropped. Input that is not one JSON object (malformed JSON, an array, a number) is kept as a JSON string
/// holding its text, so replaying it gives the same case error. Bytes that are not valid UTF-8 become U+FFFD:
/// a record line is always valid UTF-8 JSON.
/// </summary>
internal static class GivenJson
{
    /// <summary>The nesting the engine reads a case with (RecoveryPolicy's JSON options).</summary>
    private const int CaseMaxDepth = 32;

    private static readonly JsonWriterOptions TextOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Compacts the UTF-8 JSON of one valid JSON value: whitespace outside strings removed, every token kept as written.</summary>
    public static byte[] Compact(ReadOnlySpan<byte> json)
    {
        var output = new byte[json.Length];
        var length = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                output[length++] = b;
                if (b == (byte)'\\' && i + 1 < json.Length)
                {
                    output[length++] = json[++i];
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                output[length++] = b;
                inString = b == (byte)'"';
            }
        }

        var compact = output.AsSpan(0, length);
        if (!Utf8.IsValid(compact))
        {
            // Only inside strings (JSON's structure is ASCII): a record line stays valid UTF-8.
            return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(compact));
        }

        return length == output.Length ? output : compact.ToArray();
    }

    /// <summary>
    /// The <c>given</c> for input the engine may not have been able to read: compacted when it is exactly one JSON
    /// object (at most as deep as the engine reads), otherwise a JSON string holding the input's text.
    /// </summary>
    public static byte[] FromInput(ReadOnlySpan<byte> input)
    {
        if (input.StartsWith("\uFEFF"u8))
        {
            input = input[3..];
        }

        return IsOneObject(input) ? Compact(input) : Text(input);
    }

    /// <summary>The <c>given</c> for a JSON value the caller holds: a string stays the text it holds; any other value is compacted.</summary>
    public static byte[] FromElement(JsonElement element) => Compact(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element));

    /// <summary>The input's text as a JSON string.</summary>
    private static byte[] Text(ReadOnlySpan<byte> input)
    {
        var buffer = new ArrayBufferWriter<byte>(input.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, TextOptions))
        {
            writer.WriteStringValue(Encoding.UTF8.GetString(input));
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Whether the input is exactly one JSON object, read as the engine reads a case.</summary>
    private static bool IsOneObject(ReadOnlySpan<byte> input)
    {
        try
        {
            var reader = new Utf8JsonReader(input, new JsonReaderOptions { MaxDepth = CaseMaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
