using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;

namespace RecoveryRules;

/// <summary>
/// The UTF-8 read path (docs/performance.md, "Batch throughput"): a case read with one forward pass of a
/// <see cref="Utf8JsonReader"/> over its bytes, no document, no string per field name. It takes only the
/// plain, valid case: every field known, every value of the right kind and form, no escaped text, no
/// number with an exponent. Anything else, and every error, is left to the document path
/// (<see cref="TryRead(JsonElement, ReadOnlyMemory{byte}, out RecoveryCase?, out CaseError?)"/>), so a case
/// read here is exactly the case that path reads and every error message stays that path's.
/// </summary>
internal sealed partial class CaseReader
{
    private const int MaxFieldPath = 256;

    private static readonly JsonReaderOptions Utf8ReaderOptions = new() { MaxDepth = 32 };

    private FieldTable? _fieldTable;

    /// <summary>Reads a plain, valid case from UTF-8 JSON; <see langword="false"/>: read it with the document path instead.</summary>
    /// <param name="utf8Json">The case's JSON (without a byte order mark).</param>
    /// <param name="ownsInput">The bytes stay unchanged for as long as the case is used: the case keeps them instead of a copy.</param>
    /// <param name="recoveryCase">The case, when it was read here.</param>
    public bool TryReadPlainUtf8(ReadOnlyMemory<byte> utf8Json, bool ownsInput, [NotNullWhen(true)] out RecoveryCase? recoveryCase)
    {
        recoveryCase = null;
        var state = new State(_policy, _layout);
        if (!TryReadPlainInto(utf8Json.Span, state, out var start, out var end))
        {
            return false;
        }

        var given = ownsInput ? utf8Json : utf8Json[start..end].ToArray();
        recoveryCase = new RecoveryCase(_owner, _policy, state.Id, state.Decimals, state.Ordinals, state.Booleans, state.Texts, state.OccurredAt, given);
        return true;
    }

    /// <summary>
    /// Reads a plain, valid case from UTF-8 JSON into slots (fresh, or a thread's reused ones from
    /// <see cref="ForMapping"/>), completed with the defaults; <see langword="false"/>: read it with the document path instead.
    /// </summary>
    /// <param name="utf8Json">The case's JSON (without a byte order mark).</param>
    /// <param name="state">The emptied slots to read into.</param>
    /// <param name="start">Where the case's object starts in <paramref name="utf8Json"/>.</param>
    /// <param name="end">Where it ends.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadPlainInto(ReadOnlySpan<byte> utf8Json, State state, out int start, out int end) =>
        TryReadPlainInto(utf8Json, state, PlainReaders.ScannerThenReader, out start, out end);

    /// <summary>
    /// <see cref="TryReadPlainInto(ReadOnlySpan{byte}, State, out int, out int)"/> with a choice of the passes tried (the
    /// tests and benchmarks compare the scanner with the <see cref="Utf8JsonReader"/> pass alone).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool TryReadPlainInto(ReadOnlySpan<byte> utf8Json, State state, PlainReaders readers, out int start, out int end)
    {
        start = end = 0;
        try
        {
            var table = _fieldTable ??= new FieldTable(this);

            // The thread's reused slots keep the last case's Given: emptied here, or every fact would look given twice.
            var given = state.Given.AsSpan(0, _policy.Facts.Length);
            given.Clear();
            state.Id = null;
            state.IdStart = -1;
            if ((readers & PlainReaders.Scanner) != 0 && TryScanPlain(utf8Json, state, table, out start, out end))
            {
                return true;
            }

            if ((readers & PlainReaders.Reader) == 0)
            {
                return false;
            }

            // Not understood by the scanner (docs/design.md §22): the Utf8JsonReader pass reads the case, from empty slots.
            given.Clear();
            state.Id = null;
            state.IdStart = -1;
            state.OccurredAt = null;
            state.HasDelay = false;
            state.GivenOccurredAt = false;
            start = end = 0;
            var reader = new Utf8JsonReader(utf8Json, Utf8ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            start = (int)reader.TokenStartIndex;
            var read = new PlainRead(state);
            Span<byte> path = stackalloc byte[MaxFieldPath];
            if (!ReadPlainMembers(ref reader, table, path, 0, ref read))
            {
                return false;
            }

            end = (int)reader.BytesConsumed;
            return !reader.Read() && Complete(state) is null; // more than one value (Read throws for that too), or a missing fact
        }
#pragma warning disable CA1031 // Whatever goes wrong here, the document path reads the case and names the error.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadPlainMembers(ref Utf8JsonReader reader, FieldTable table, scoped Span<byte> path, int prefixLength, ref PlainRead read)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            if (reader.ValueIsEscaped)
            {
                return false;
            }

            var name = reader.ValueSpan;
            var nameEnd = prefixLength + name.Length;
            if (nameEnd >= path.Length)
            {
                return false;
            }

            // A top-level name is looked up as it stands; a nested one with its prefix (copied into path only then).
            if (prefixLength > 0)
            {
                name.CopyTo(path[prefixLength..]);
            }

            var field = table.Find(prefixLength == 0 ? name : path[..nameEnd]);
            if (field is null || !reader.Read())
            {
                return false;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    if (field.Kind == FieldKind.Id)
                    {
                        return false; // which of several ids counts is the document path's
                    }

                    continue; // absent
                case JsonTokenType.StartObject:
                    if (field.Kind != FieldKind.Prefix)
                    {
                        return false;
                    }

                    if (prefixLength == 0)
                    {
                        name.CopyTo(path);
                    }

                    path[nameEnd] = (byte)'.';
                    if (!ReadPlainMembers(ref reader, table, path, nameEnd + 1, ref read))
                    {
                        return false;
                    }

                    continue;
                case JsonTokenType.StartArray:
                    return false;
            }

            var ok = field.Kind switch
            {
                FieldKind.Id => ReadPlainId(ref reader, ref read),
                FieldKind.OccurredAt => ReadPlainOccurredAt(ref reader, ref read),
                FieldKind.Fact => ReadPlainFact(ref reader, field, read.State),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return false;
    }

    private static bool ReadPlainId(ref Utf8JsonReader reader, ref PlainRead read)
    {
        if (read.IdGiven || reader.ValueIsEscaped)
        {
            return false;
        }

        read.IdGiven = true;
        read.State.Id = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(), // throws for invalid UTF-8: the document path reports it
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            _ => throw new FormatException(),
        };
        return true;
    }

    private static bool ReadPlainOccurredAt(ref Utf8JsonReader reader, ref PlainRead read)
    {
        var state = read.State;
        if (state.GivenOccurredAt || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        state.GivenOccurredAt = true;
        if (!TryPlainTimestamp(reader.ValueSpan, out var at))
        {
            return false;
        }

        state.OccurredAt = at;
        return true;
    }

    /// <summary>An <c>occurredAt</c> in ASCII with an offset, parsed as the document path parses it.</summary>
    private static bool TryPlainTimestamp(ReadOnlySpan<byte> value, out DateTimeOffset at)
    {
        at = default;
        Span<char> text = stackalloc char[64];
        return TryAscii(value, text, out var length) && HasOffset(text[..length])
            && DateTimeOffset.TryParse(text[..length], CultureInfo.InvariantCulture, DateTimeStyles.None, out at);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadPlainFact(ref Utf8JsonReader reader, Field field, State state)
    {
        var fact = field.Fact!;
        if (state.Given[fact.Index] || (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped))
        {
            return false;
        }

        state.Given[fact.Index] = true;
        var type = fact.Type;
        switch (type.Kind)
        {
            case TypeKind.Member:
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                var members = field.Members!;
                var value = reader.ValueSpan;
                for (var i = 0; i < members.Length; i++)
                {
                    if (value.SequenceEqual(members[i]))
                    {
                        state.Ordinals[fact.Slot] = i;
                        return true;
                    }
                }

                return false;
            }

            case TypeKind.Bool:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return false;
                }

                state.Booleans[fact.Slot] = reader.TokenType == JsonTokenType.True;
                return true;
            case TypeKind.Text:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                state.Texts[fact.Slot] = reader.GetString(); // throws for invalid UTF-8: the document path reports it
                return true;
            case TypeKind.Number:
                return TryPlainDecimal(ref reader, out state.Decimals[fact.Slot]);
            case TypeKind.Money:
                return reader.TokenType == JsonTokenType.Number
                    ? TryPlainDecimal(ref reader, out state.Decimals[fact.Slot])
                    : reader.TokenType == JsonTokenType.String && TryPlainMoney(reader.ValueSpan, field.Currency!, out state.Decimals[fact.Slot]);
            case TypeKind.Duration:
                if (reader.TokenType != JsonTokenType.String || !DurationCache.TryParse(reader.ValueSpan, out var seconds))
                {
                    return false;
                }

                state.HasDelay |= field.IsDelay;
                state.Decimals[fact.Slot] = seconds;
                return true;
            default:
                return false;
        }
    }

    /// <summary>A number as the document path reads it (the same parser, the same digits and scale); one with an exponent is left to that path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryPlainDecimal(ref Utf8JsonReader reader, out decimal value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && !reader.ValueSpan.ContainsAny((byte)'e', (byte)'E') && reader.TryGetDecimal(out value);
    }

    /// <summary>Money as text (<c>"80 USD"</c>) in ASCII digits and the policy's currency: parsed as the document path parses it.</summary>
    private static bool TryPlainMoney(ReadOnlySpan<byte> value, byte[] currency, out decimal amount)
    {
        amount = 0;
        var space = value.IndexOf((byte)' ');
        if (space <= 0 || value.Length - space - 1 != 3 || !value[(space + 1)..].SequenceEqual(currency))
        {
            return false;
        }

        var number = value[..space];
        var digits = number[0] == (byte)'-' ? number[1..] : number;
        var point = digits.IndexOf((byte)'.');
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? [] : digits[(point + 1)..];
        if (whole.ContainsAnyExceptInRange((byte)'0', (byte)'9') || fraction.ContainsAnyExceptInRange((byte)'0', (byte)'9')
            || (whole.IsEmpty && fraction.IsEmpty) || number.Length > 64)
        {
            return false;
        }

        Span<char> text = stackalloc char[64];
        return TryAscii(number, text, out var length)
            && decimal.TryParse(text[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }

    private static bool HasOffset(ReadOnlySpan<char> text)
    {
        var t = text.IndexOf('T');
        if (t < 0)
        {
            return false;
        }

        var time = text[t..];
        return time[^1] is 'Z' or 'z' || time.Contains('+') || time.Contains('-');
    }

    /// <summary>Widens ASCII bytes into <paramref name="text"/>; <see langword="false"/> for a non-ASCII byte or text too long.</summary>
    private static bool TryAscii(ReadOnlySpan<byte> bytes, Span<char> text, out int length)
    {
        length = bytes.Length;
        if (bytes.Length > text.Length || !System.Text.Ascii.IsValid(bytes))
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            text[i] = (char)bytes[i];
        }

        return true;
    }

    /// <summary>The passes a plain read tries, in this order.</summary>
    [Flags]
    internal enum PlainReaders
    {
        /// <summary>The case-shape scanner (docs/design.md §22).</summary>
        Scanner = 1,

        /// <summary>The <see cref="Utf8JsonReader"/> pass.</summary>
        Reader = 2,

        /// <summary>The scanner, then the reader for what the scanner declines: the batch path.</summary>
        ScannerThenReader = Scanner | Reader,
    }

    /// <summary>What one plain read tracks beside the slots.</summary>
    private struct PlainRead(State state)
    {
        public readonly State State = state;
        public bool IdGiven;
    }

    internal enum FieldKind : byte
    {
        Fact,
        Prefix,
        Id,
        OccurredAt,
    }

    /// <summary>
    /// A case field by its whole dotted name in UTF-8: a fact, a prefix of facts (a nested object), <c>id</c> or <c>occurredAt</c>;
    /// a fact's field keeps what reading its value compares against (its members, the policy's currency) at hand.
    /// </summary>
    internal sealed class Field(byte[] name, FieldKind kind, FactSymbol? fact, byte[][]? members = null, byte[]? currency = null)
    {
        /// <summary>Whether this is the fact <c>delay</c> (which <c>occurredAt</c> excludes).</summary>
        public bool IsDelay { get; } = fact?.Name == "delay";

        public byte[][]? Members { get; } = members;

        public byte[]? Currency { get; } = currency;

        public byte[] Name { get; } = name;

        public FieldKind Kind { get; } = kind;

        public FactSymbol? Fact { get; } = fact;
    }

    /// <summary>The fields a plain case may give, found by their UTF-8 name; built once per policy, then only read.</summary>
    private sealed class FieldTable
    {
        private readonly Field[][] _byLength;

        /// <summary>Every field, in the table's order.</summary>
        public IReadOnlyList<Field> Fields { get; }

        public FieldTable(CaseReader reader)
        {
            var currency = Encoding.UTF8.GetBytes(reader._policy.Currency);
            var fields = new List<Field>
            {
                new("id"u8.ToArray(), FieldKind.Id, null),
                new("occurredAt"u8.ToArray(), FieldKind.OccurredAt, null),
            };
            foreach (var (name, fact) in reader._facts)
            {
                if (name is not ("id" or "occurredAt"))
                {
                    var members = fact.Type.Kind == TypeKind.Member ? reader.MembersUtf8(fact.Type.Vocabulary!) : null;
                    fields.Add(new(Encoding.UTF8.GetBytes(name), FieldKind.Fact, fact, members, currency));
                }
            }

            foreach (var prefix in reader._prefixes)
            {
                if (!reader._facts.ContainsKey(prefix) && prefix is not ("id" or "occurredAt"))
                {
                    fields.Add(new(Encoding.UTF8.GetBytes(prefix), FieldKind.Prefix, null));
                }
            }

            Fields = fields;
            var longest = fields.Max(f => f.Name.Length);
            _byLength = new Field[longest + 1][];
            for (var length = 0; length <= longest; length++)
            {
                _byLength[length] = [.. fields.Where(f => f.Name.Length == length)];
            }

        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Field? Find(ReadOnlySpan<byte> name)
        {
            if (name.Length >= _byLength.Length)
            {
                return null;
            }

            foreach (var field in _byLength[name.Length])
            {
                if (name.SequenceEqual(field.Name))
                {
                    return field;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// The durations a thread read last, by their UTF-8 text: a batch's cases give few distinct ones, so most are
    /// found without making a string. A new one is parsed by <see cref="Durations.Parse"/> like any other.
    /// </summary>
    internal static class DurationCache
    {
        private const int Size = 16;

        /// <summary>The most bytes of a text whose key holds it whole (<see cref="Key"/>).</summary>
        private const int KeyBytes = sizeof(ulong);

        [ThreadStatic]
        private static byte[]?[]? t_texts;

        [ThreadStatic]
        private static decimal[]? t_seconds;

        /// <summary>
        /// Each text's key (docs/design.md §43): a text of at most 8 bytes as those bytes in one word, with its length in
        /// <see cref="t_lengths"/>, so that a known duration is found with two comparisons per entry and no call; a longer
        /// text (length past 8) is compared as bytes.
        /// </summary>
        [ThreadStatic]
        private static ulong[]? t_keys;

        /// <summary>Each text's length; -1 for an empty entry.</summary>
        [ThreadStatic]
        private static int[]? t_lengths;

        [ThreadStatic]
        private static int t_next;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool TryParse(ReadOnlySpan<byte> utf8, out decimal seconds)
        {
            var texts = t_texts ??= new byte[Size][];
            var values = t_seconds ??= new decimal[Size];
            var keys = t_keys ??= new ulong[Size];
            var lengths = t_lengths ??= NewLengths();
            var length = utf8.Length;
            if (length <= KeyBytes)
            {
                var key = Key(utf8);
                for (var i = 0; i < Size; i++)
                {
                    if (keys[i] == key && lengths[i] == length)
                    {
                        seconds = values[i];
                        return true;
                    }
                }
            }
            else
            {
                for (var i = 0; i < Size; i++)
                {
                    if (lengths[i] == length && utf8.SequenceEqual(texts[i]))
                    {
                        seconds = values[i];
                        return true;
                    }
                }
            }

            seconds = 0;
            if (utf8.Length > 64 || !System.Text.Ascii.IsValid(utf8) || Durations.Parse(Encoding.ASCII.GetString(utf8), out seconds) != DurationParse.Valid)
            {
                return false;
            }

            var slot = t_next;
            t_next = (slot + 1) % Size;
            texts[slot] = utf8.ToArray();
            values[slot] = seconds;
            keys[slot] = length <= KeyBytes ? Key(utf8) : 0;
            lengths[slot] = length;
            return true;
        }

        /// <summary>A text of at most 8 bytes as one word, its bytes in order from the lowest and zeros past them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Key(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length == KeyBytes)
            {
                return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            }

            var key = 0UL;
            for (var i = utf8.Length - 1; i >= 0; i--)
            {
                key = (key << 8) | utf8[i];
            }

            return key;
        }

        private static int[] NewLengths()
        {
            var lengths = new int[Size];
            lengths.AsSpan().Fill(-1);
            return lengths;
        }
    }
}
