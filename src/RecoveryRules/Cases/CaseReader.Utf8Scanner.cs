using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RecoveryRules.Symbols;

namespace RecoveryRules;

/// <summary>
/// The case-shape scanner (docs/design.md §22, "Reading a case line"): one hand-written forward pass over a case
/// line's UTF-8 bytes, specialised to the shape a policy's cases have (an object of the policy's known field names,
/// nested objects for dotted names, strings without escapes, plain numbers, booleans, nulls). It takes a subset of
/// what the <see cref="Utf8JsonReader"/> pass (<see cref="TryReadPlainInto(ReadOnlySpan{byte}, State, PlainReaders, out int, out int)"/>) takes and reads it into exactly the
/// slots that pass reads: every check of that pass is made here in the same order, and anything else (an escape, an
/// exponent, a control character, a comment, an unknown name, a repeated fact, invalid text, a malformed token) is
/// declined, so that the <see cref="Utf8JsonReader"/> pass reads the case, and leaves it to the document path when
/// it is not plain.
/// </summary>
internal sealed partial class CaseReader
{
    /// <summary>Deeper than this, the <see cref="Utf8JsonReader"/> pass (<c>MaxDepth = 32</c>) decides.</summary>
    private const int MaxScanDepth = 30;

    private ScanNames? _scanNames;

    private ScanCompletion? _scanCompletion;

    /// <summary>
    /// Scans a plain case into <paramref name="state"/> (its <see cref="State.Given"/> emptied); <see langword="false"/>:
    /// not understood here (the slots may be part-written: <see cref="TryReadPlainInto(ReadOnlySpan{byte}, State, PlainReaders, out int, out int)"/> empties them again).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryScanPlain(ReadOnlySpan<byte> json, State state, FieldTable table, out int start, out int end)
    {
        start = end = 0;
        var names = _scanNames ??= new ScanNames(table.Fields);

        // The name hints: the thread's own for its reused slots (docs/design.md §40: hints shared by the threads were rewritten
        // by both whenever lines of two shapes alternate, and the reads of the names beside them missed the cache), else shared.
        var hints = state.ScanHints!;
        if (!ReferenceEquals(state.ScanHintsOwner, names))
        {
            hints = names.SharedHints;
            if (state.OwnsScanHints)
            {
                hints = state.ScanHints = new ScanName?[names.HintSlots];
                state.ScanHintsOwner = names;
            }
        }

        var completion = _scanCompletion ??= new ScanCompletion(_policy.Facts);
        var i = SkipSpace(json, 0);
        if (i >= json.Length || json[i] != (byte)'{')
        {
            return false;
        }

        start = i;
        i = ScanMembers(json, i, names, hints, state, 1);
        if (i < 0)
        {
            return false;
        }

        end = i;
        return SkipSpace(json, i) == json.Length && completion.TryComplete(state);
    }

    /// <summary>
    /// Scans an object from its <c>{</c> at <paramref name="at"/> to just past its <c>}</c> (returned), as
    /// <see cref="ReadPlainMembers"/> reads it; -1: declined.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanMembers(ReadOnlySpan<byte> json, int at, ScanNames names, ScanName?[] hints, State state, int depth)
    {
        var i = SkipSpace(json, at + 1);
        if (i < json.Length && json[i] == (byte)'}')
        {
            return i + 1;
        }

        ScanName? previous = null;
        while (true)
        {
            // A name: first the one that came next the last time (with its closing quote), else its bytes up to the
            // closing quote looked up. A name found is one of the policy's (no escape, no control character, valid UTF-8).
            if ((uint)i >= (uint)json.Length || json[i] != (byte)'"')
            {
                return -1;
            }

            var nameStart = i + 1;
            // The hint is read as a value (no element address taken: that is a covariance check, a call under Native AOT, even for
            // an array of a sealed class; docs/design.md §43) and written only when it changes.
            var hintSlot = previous is null ? names.HintSlot : previous.HintSlot;
            var entry = hints[hintSlot];
            if (entry is not null && entry.QuotedName.IsAt(json, nameStart))
            {
                i = nameStart + entry.QuotedName.Length;
            }
            else
            {
                var nameEnd = ScanString(json, nameStart, out _);
                entry = nameEnd < 0 ? null : names.Find(json[nameStart..nameEnd]);
                if (entry is null)
                {
                    return -1;
                }

                // The hint for the next line: written only when it changes, so lines of one shape never write it.
                hints[hintSlot] = entry;

                i = nameEnd + 1;
            }

            previous = entry;
            i = SkipSpace(json, i);
            if ((uint)i >= (uint)json.Length || json[i] != (byte)':')
            {
                return -1;
            }

            i = SkipSpace(json, i + 1);
            if ((uint)i >= (uint)json.Length)
            {
                return -1;
            }

            switch (json[i])
            {
                case (byte)'"' when entry.Kind == ScanKind.Member:
                    // A member is matched with its closing quote, without finding the end of the string first: no match, declined.
                    i = ScanMember(json, i + 1, entry, state);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case (byte)'"':
                {
                    var valueStart = i + 1;
                    var valueEnd = ScanString(json, valueStart, out var ascii);
                    if (valueEnd < 0)
                    {
                        return -1;
                    }

                    var value = json[valueStart..valueEnd];
                    i = valueEnd + 1;
                    var read = entry.Kind switch
                    {
                        ScanKind.Duration => ScanDuration(value, entry, state),
                        ScanKind.Money => ScanMoneyText(value, entry, state),
                        ScanKind.Text => ScanText(value, ascii, entry, state),
                        ScanKind.Id => ScanId(json, valueStart, valueEnd, !ascii, state),
                        ScanKind.OccurredAt => ScanOccurredAt(value, state),
                        _ => false,
                    };
                    if (!read)
                    {
                        return -1;
                    }

                    break;
                }

                case (byte)'{':
                    if (entry.Kind != ScanKind.Prefix || depth >= MaxScanDepth)
                    {
                        return -1;
                    }

                    i = ScanMembers(json, i, entry.Members!, hints, state, depth + 1);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case (byte)'n':
                    if (!json[i..].StartsWith("null"u8) || entry.Kind == ScanKind.Id)
                    {
                        return -1; // which of several ids counts is the document path's
                    }

                    i += 4; // absent
                    break;
                case (byte)'t':
                    if (!json[i..].StartsWith("true"u8) || !ScanBoolean(entry, true, state))
                    {
                        return -1;
                    }

                    i += 4;
                    break;
                case (byte)'f':
                    if (!json[i..].StartsWith("false"u8) || !ScanBoolean(entry, false, state))
                    {
                        return -1;
                    }

                    i += 5;
                    break;
                default:
                {
                    var numberStart = i;
                    i = ScanNumber(json, i, out var number);
                    if (i < 0)
                    {
                        return -1;
                    }

                    var read = entry.Kind switch
                    {
                        ScanKind.Number or ScanKind.Money => ScanFactNumber(json[numberStart..i], number, entry, state),
                        ScanKind.Id => ScanId(json, numberStart, i, validate: false, state),
                        _ => false,
                    };
                    if (!read)
                    {
                        return -1;
                    }

                    break;
                }
            }

            // After a value: a comma and the next name, or the end of the object.
            i = SkipSpace(json, i);
            if ((uint)i >= (uint)json.Length)
            {
                return -1;
            }

            if (json[i] == (byte)',')
            {
                i = SkipSpace(json, i + 1);
                continue;
            }

            return json[i] == (byte)'}' ? i + 1 : -1;
        }
    }

    /// <summary>The next byte that is not JSON whitespace (space, tab, line feed, carriage return).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipSpace(ReadOnlySpan<byte> json, int i)
    {
        while ((uint)i < (uint)json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The end of a string's text that starts at <paramref name="i"/> (the index of its closing quote); -1 for an escape, a
    /// control character (not valid JSON) or no closing quote. <paramref name="ascii"/>: every byte is ASCII.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanString(ReadOnlySpan<byte> json, int i, out bool ascii)
    {
        var seen = 0;
        for (; (uint)i < (uint)json.Length; i++)
        {
            var b = json[i];
            if (b == (byte)'"')
            {
                ascii = seen < 0x80;
                return i;
            }

            if (b == (byte)'\\' || b < 0x20)
            {
                break;
            }

            seen |= b;
        }

        ascii = false;
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanId(ReadOnlySpan<byte> json, int start, int end, bool validate, State state)
    {
        // A string or a number always gives an id: one already read means the id was given twice.
        var value = json[start..end];
        if (state.Id is not null || state.IdStart >= 0 || (validate && !System.Text.Unicode.Utf8.IsValid(value)))
        {
            return false; // a repeated id, or text that is not valid Unicode: the document path's
        }

        if (state.IdAsBytes)
        {
            // The decision line copies the id from the line (docs/design.md §25): its string is made only if something needs it.
            state.IdStart = start;
            state.IdLength = end - start;
            return true;
        }

        state.Id = Encoding.UTF8.GetString(value);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanOccurredAt(ReadOnlySpan<byte> value, State state)
    {
        if (state.GivenOccurredAt)
        {
            return false;
        }

        state.GivenOccurredAt = true;
        if (!TryPlainTimestamp(value, out var at))
        {
            return false;
        }

        state.OccurredAt = at;
        return true;
    }

    /// <summary>Marks the fact given; <see langword="false"/> when it was already (the document path names that error).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Give(ScanName entry, State state)
    {
        ref var given = ref state.Given[entry.Index];
        if (given)
        {
            return false;
        }

        given = true;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanBoolean(ScanName entry, bool value, State state)
    {
        if (entry.Kind != ScanKind.Bool || !Give(entry, state))
        {
            return false;
        }

        state.Booleans[entry.Slot] = value;
        return true;
    }

    /// <summary>A member's text at <paramref name="at"/> matched with one of the fact's members and its closing quote: just past that quote, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanMember(ReadOnlySpan<byte> json, int at, ScanName entry, State state)
    {
        if (!Give(entry, state) || (uint)at >= (uint)json.Length)
        {
            return -1;
        }

        var members = entry.QuotedMembers!;
        for (var m = 0; m < members.Length; m++)
        {
            ref readonly var member = ref members[m];
            if (member.IsAt(json, at))
            {
                state.Ordinals[entry.Slot] = m;
                return at + member.Length;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanDuration(ReadOnlySpan<byte> value, ScanName entry, State state)
    {
        if (!Give(entry, state) || !DurationCache.TryParse(value, out var seconds))
        {
            return false;
        }

        state.HasDelay |= entry.IsDelay;
        state.Decimals[entry.Slot] = seconds;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanMoneyText(ReadOnlySpan<byte> value, ScanName entry, State state) =>
        Give(entry, state) && TryPlainMoney(value, entry.Currency!, out state.Decimals[entry.Slot]);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanText(ReadOnlySpan<byte> value, bool ascii, ScanName entry, State state)
    {
        if (!Give(entry, state) || (!ascii && !System.Text.Unicode.Utf8.IsValid(value)))
        {
            return false; // the document path reports it
        }

        state.Texts[entry.Slot] = Encoding.UTF8.GetString(value);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanFactNumber(ReadOnlySpan<byte> text, in ScannedNumber number, ScanName entry, State state) =>
        Give(entry, state) && number.TryGetDecimal(text, out state.Decimals[entry.Slot]);

    /// <summary>
    /// Scans a JSON number without an exponent (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>) from <paramref name="i"/> to just
    /// past it (returned); -1 for one with an exponent, or anything that is not such a number.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanNumber(ReadOnlySpan<byte> json, int i, out ScannedNumber number)
    {
        number = default;
        var p = i;
        if (p < json.Length && json[p] == (byte)'-')
        {
            number.Negative = true;
            p++;
        }

        if (p >= json.Length || (uint)(json[p] - '0') > 9)
        {
            return -1;
        }

        ulong mantissa = 0;
        var digits = 0;
        if (json[p] == (byte)'0')
        {
            p++;
            digits = 1;
        }
        else
        {
            while (p < json.Length && (uint)(json[p] - '0') <= 9)
            {
                mantissa = unchecked((mantissa * 10) + (uint)(json[p] - '0'));
                digits++;
                p++;
            }
        }

        if (p < json.Length && json[p] == (byte)'.')
        {
            p++;
            var fractionStart = p;
            while (p < json.Length && (uint)(json[p] - '0') <= 9)
            {
                mantissa = unchecked((mantissa * 10) + (uint)(json[p] - '0'));
                p++;
            }

            if (p == fractionStart)
            {
                return -1;
            }

            number.Scale = p - fractionStart;
            digits += number.Scale;
        }

        if (p < json.Length && json[p] is (byte)'e' or (byte)'E')
        {
            return -1;
        }

        number.Mantissa = mantissa;
        number.Exact = digits <= 19; // the mantissa did not overflow: the decimal is made from it
        return p;
    }

    /// <summary>A scanned number: its digits as one integer (when at most 19), its scale and its sign.</summary>
    private struct ScannedNumber
    {
        public ulong Mantissa;
        public int Scale;
        public bool Negative;
        public bool Exact;

        /// <summary>
        /// The decimal <see cref="Utf8JsonReader.TryGetDecimal"/> gives: all digits as the integer, the fraction's digit count
        /// as the scale, the sign even of zero (<c>-0.0</c>). Longer numbers are parsed by that same method.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly bool TryGetDecimal(ReadOnlySpan<byte> text, out decimal value)
        {
            if (Exact)
            {
                value = new decimal((int)(uint)Mantissa, (int)(uint)(Mantissa >> 32), 0, Negative, (byte)Scale);
                return true;
            }

            var reader = new Utf8JsonReader(text);
            value = 0;
            return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out value);
        }
    }

    /// <summary>
    /// The scanner's names: the fields of one object level by their name relative to it (the top level: the whole
    /// name; inside <c>customer</c>: <c>tier</c> for <c>customer.tier</c>), each prefix with its own names. Finding
    /// <c>tier</c> here is finding <c>customer.tier</c> in <see cref="FieldTable"/>, without copying the name.
    /// </summary>
    internal sealed class ScanNames
    {
        private readonly ScanName[][] _byLength;

        public ScanNames(IReadOnlyList<Field> fields)
            : this(fields, string.Empty, new Dictionary<string, ScanNames>(StringComparer.Ordinal))
        {
            // Every level's hint slot (for its first name), then each of its names' (for the name after it).
            var slot = 0;
            foreach (var level in _built!.Values)
            {
                level.HintSlot = slot++;
                foreach (var name in level._byLength.SelectMany(names => names))
                {
                    name.HintSlot = slot++;
                }
            }

            HintSlots = slot;
            SharedHints = new ScanName?[slot];
            _built = null;
        }

        /// <param name="fields">The policy's fields.</param>
        /// <param name="prefix">This level's dotted prefix with its dot (empty at the top level).</param>
        /// <param name="built">The levels made so far, by prefix: each is made once however many ways lead to it.</param>
        private ScanNames(IReadOnlyList<Field> fields, string prefix, Dictionary<string, ScanNames> built)
        {
            built[prefix] = this;
            _built = built;
            var prefixBytes = Encoding.UTF8.GetBytes(prefix);
            var names = new List<ScanName>();
            foreach (var field in fields)
            {
                // A name the Utf8JsonReader pass cannot hold in its path buffer, or one JSON could only give escaped, is left to it.
                if (field.Name.Length >= MaxFieldPath - 1 || field.Name.AsSpan().ContainsAny((byte)'"', (byte)'\\') || field.Name.AsSpan().ContainsAnyInRange((byte)0, (byte)0x1F)
                    || !field.Name.AsSpan().StartsWith(prefixBytes) || field.Name.Length == prefixBytes.Length)
                {
                    continue;
                }

                var relative = field.Name[prefixBytes.Length..];
                ScanNames? members = null;
                if (field.Kind == FieldKind.Prefix)
                {
                    var inner = Encoding.UTF8.GetString(field.Name) + ".";
                    members = built.TryGetValue(inner, out var known) ? known : new ScanNames(fields, inner, built);
                }

                names.Add(new ScanName(relative, field, members));
            }

            var longest = names.Count == 0 ? 0 : names.Max(n => n.Name.Length);
            _byLength = new ScanName[longest + 1][];
            for (var length = 0; length <= longest; length++)
            {
                _byLength[length] = [.. names.Where(n => n.Name.Length == length)];
            }
        }

        /// <summary>The levels, while the top one is made.</summary>
        private Dictionary<string, ScanNames>? _built;

        /// <summary>
        /// The hint slot of the name the last object of this level began with (a hint: a stale one only costs a comparison),
        /// in a thread's hints (<see cref="State.ScanHints"/>) or <see cref="SharedHints"/>.
        /// </summary>
        public int HintSlot { get; private set; }

        /// <summary>The hint slots of every level and name (the top level's).</summary>
        public int HintSlots { get; }

        /// <summary>The hints of reads whose slots are not the thread's reused ones (the top level's; shared by the threads).</summary>
        public ScanName?[] SharedHints { get; } = [];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ScanName? Find(ReadOnlySpan<byte> name)
        {
            if ((uint)name.Length >= (uint)_byLength.Length)
            {
                return null;
            }

            foreach (var candidate in _byLength[name.Length])
            {
                if (name.SequenceEqual(candidate.Name))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    /// <summary>A name at one object level, its field, and for a prefix the names inside it.</summary>
    internal sealed class ScanName(byte[] name, Field field, ScanNames? members)
    {
        public readonly byte[] Name = name;

        /// <summary>The name with its closing quote: a member's name is matched with it in one comparison.</summary>
        public readonly Utf8Literal QuotedName = new([.. name, (byte)'"']);

        /// <summary>What the field is, and for a fact the kind of its value: what a value is read as.</summary>
        public readonly ScanKind Kind = field.Kind switch
        {
            FieldKind.Id => ScanKind.Id,
            FieldKind.OccurredAt => ScanKind.OccurredAt,
            FieldKind.Prefix => ScanKind.Prefix,
            _ => field.Fact!.Type.Kind switch
            {
                // A member JSON could only give escaped is never matched as it stands: such a fact's value is left to the reader pass.
                TypeKind.Member when field.Members!.Any(m => m.AsSpan().ContainsAny((byte)'"', (byte)'\\') || m.AsSpan().ContainsAnyInRange((byte)0, (byte)0x1F)) => ScanKind.None,
                TypeKind.Member => ScanKind.Member,
                TypeKind.Bool => ScanKind.Bool,
                TypeKind.Text => ScanKind.Text,
                TypeKind.Number => ScanKind.Number,
                TypeKind.Money => ScanKind.Money,
                TypeKind.Duration => ScanKind.Duration,
                _ => ScanKind.None,
            },
        };

        /// <summary>A fact's index (in <see cref="State.Given"/>) and slot.</summary>
        public readonly int Index = field.Fact?.Index ?? 0;

        public readonly int Slot = field.Fact?.Slot ?? 0;

        public readonly bool IsDelay = field.IsDelay;

        /// <summary>A member fact's members in UTF-8, each with the closing quote.</summary>
        public readonly Utf8Literal[]? QuotedMembers = field.Members?.Select(m => new Utf8Literal([.. m, (byte)'"'])).ToArray();

        public readonly byte[]? Currency = field.Currency;

        public readonly ScanNames? Members = members;

        /// <summary>The hint slot of the name that followed this one the last time it was looked up (as <see cref="ScanNames.HintSlot"/>).</summary>
        public int HintSlot { get; set; }
    }

    /// <summary>What a field's value is read as.</summary>
    internal enum ScanKind : byte
    {
        None,
        Id,
        OccurredAt,
        Prefix,
        Member,
        Bool,
        Text,
        Number,
        Money,
        Duration,
    }

    /// <summary>
    /// <see cref="Complete"/> for a scanned case, with each fact's default unboxed once: the same defaults written, in the
    /// same order; where <see cref="Complete"/> would name an error, <see langword="false"/> (the scan is declined, and the
    /// passes behind it name the error).
    /// </summary>
    private sealed class ScanCompletion
    {
        private readonly FactSymbol[] _facts;
        private readonly bool[] _isDelay;
        private readonly decimal[] _decimals;
        private readonly int[] _ordinals;
        private readonly bool[] _booleans;

        public ScanCompletion(System.Collections.Immutable.ImmutableArray<FactSymbol> facts)
        {
            _facts = [.. facts];
            _isDelay = [.. facts.Select(f => f.Name == "delay")];
            _decimals = [.. facts.Select(f => f.HasDefault && f.SlotKind == SlotKind.Decimal ? (decimal)f.DefaultValue! : 0m)];
            _ordinals = [.. facts.Select(f => f.HasDefault && f.SlotKind == SlotKind.Ordinal ? (int)f.DefaultValue! : 0)];
            _booleans = [.. facts.Select(f => f.HasDefault && f.SlotKind == SlotKind.Boolean && (bool)f.DefaultValue!)];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool TryComplete(State state)
        {
            var occurred = state.OccurredAt is not null;
            if (occurred && state.HasDelay)
            {
                return false;
            }

            var given = state.Given;
            var facts = _facts;
            for (var f = 0; f < facts.Length; f++)
            {
                var fact = facts[f];
                if (given[fact.Index] || (occurred && _isDelay[f]))
                {
                    continue;
                }

                if (!fact.HasDefault)
                {
                    return false;
                }

                switch (fact.SlotKind)
                {
                    case SlotKind.Decimal: state.Decimals[fact.Slot] = _decimals[f]; break;
                    case SlotKind.Ordinal: state.Ordinals[fact.Slot] = _ordinals[f]; break;
                    case SlotKind.Boolean: state.Booleans[fact.Slot] = _booleans[f]; break;
                    default: state.Texts[fact.Slot] = (string?)fact.DefaultValue; break;
                }
            }

            return true;
        }
    }
}
