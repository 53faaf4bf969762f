using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RecoveryRules.Parsing;

namespace RecoveryRules;

// A decision as one line of JSON written straight as bytes, for the batch path (docs/performance.md, "Batch throughput").
public static partial class DecisionJson
{
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

    /// <summary>
    /// Whether a case id is printable ASCII that the encoder writes as it is (no quote, backslash or control character):
    /// its bytes are its characters, copied as they are (the direct decision line, docs/design.md §21).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool IsPlainId(string id)
    {
        if (id.Length > 256)
        {
            return false;
        }

        var plain = PlainAscii.Characters;
        foreach (var c in id)
        {
            if (c >= 128 || !plain[PlainAscii.Offset + c])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <see cref="IsPlainId(string)"/> for an id given as its UTF-8 bytes (docs/design.md §25): the same answer for the string
    /// those bytes decode to, since a byte past 127 is never plain and an ASCII byte is its character.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool IsPlainId(ReadOnlySpan<byte> id)
    {
        if (id.Length > 256)
        {
            return false;
        }

        var plain = PlainAscii.Characters;
        foreach (var b in id)
        {
            if (b >= 128 || !plain[PlainAscii.Offset + b])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The ASCII characters <see cref="Options"/>' encoder leaves as they are, asked of it once, one by one (it decides
    /// character by character): printable ASCII but the quote and the backslash.
    /// </summary>
    private static class PlainAscii
    {
        /// <summary>
        /// Where character 0's entry is. The 128 entries have a cache line (64 bytes) of padding on each side, so no other
        /// object's data shares their cache lines: in the native batch an object written by the other thread beside the
        /// unpadded table made nearly every read of it a miss (docs/design.md §37).
        /// </summary>
        public const int Offset = 64;

        public static readonly bool[] Characters = Make();

        private static bool[] Make()
        {
            var plain = new bool[Offset + 128 + 64];
            for (var c = ' '; c <= '~'; c++)
            {
                plain[Offset + c] = c is not ('"' or '\\') && Options.Encoder!.FindFirstCharacterToEncodeUtf8([(byte)c]) < 0;
            }

            return plain;
        }
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
    internal static byte[] PolicyPrefix(PolicyIdentity policy)
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
    internal static byte[] Timestamp(DateTimeOffset at)
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
}
