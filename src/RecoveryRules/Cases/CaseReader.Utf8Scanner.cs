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

    /// <summary>
    /// Scans a plain case into <paramref name="state"/> (its <see cref="State.Given"/> emptied); <see langword="false"/>:
    /// not understood here (the slots may be part-written: <see cref="TryReadPlainInto(ReadOnlySpan{byte}, State, PlainReaders, out int, out int)"/> empties them again).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryScanPlain(ReadOnlySpan<byte> json, State state, FieldTable table, out int start, out int end)
    {
        start = end = 0;
        var names = _scanNames ??= new ScanNames(table.Fields);
        var i = SkipSpace(json, 0);
        if (i >= json.Length || json[i] != (byte)'{')
        {
            return false;
        }

        start = i;
        var idGiven = false;
        if (!ScanMembers(json, ref i, names, state, ref idGiven, 1))
        {
            return false;
        }

        end = i;
        return SkipSpace(json, i) == json.Length && Complete(state) is null;
    }

    /// <summary>Scans an object from its <c>{</c> to just past its <c>}</c>, as <see cref="ReadPlainMembers"/> reads it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanMembers(ReadOnlySpan<byte> json, ref int i, ScanNames names, State state, ref bool idGiven, int depth)
    {
        i = SkipSpace(json, i + 1);
        if (i < json.Length && json[i] == (byte)'}')
        {
            i++;
            return true;
        }

        while (true)
        {
            // A name: its bytes up to the closing quote; an escape is declined.
            if (i >= json.Length || json[i] != (byte)'"')
            {
                return false;
            }

            var nameStart = i + 1;
            var nameLength = json[nameStart..].IndexOfAny((byte)'"', (byte)'\\');
            if (nameLength < 0 || json[nameStart + nameLength] != (byte)'"')
            {
                return false;
            }

            // A name found in the table is one of the policy's (no control character, valid UTF-8): nothing else to check.
            var entry = names.Find(json.Slice(nameStart, nameLength));
            i = SkipSpace(json, nameStart + nameLength + 1);
            if (entry is null || i >= json.Length || json[i] != (byte)':')
            {
                return false;
            }

            i = SkipSpace(json, i + 1);
            if (i >= json.Length)
            {
                return false;
            }

            var field = entry.Field;
            switch (json[i])
            {
                case (byte)'"':
                {
                    var valueStart = i + 1;
                    var valueLength = json[valueStart..].IndexOfAny((byte)'"', (byte)'\\');
                    if (valueLength < 0 || json[valueStart + valueLength] != (byte)'"')
                    {
                        return false;
                    }

                    var value = json.Slice(valueStart, valueLength);
                    if (value.ContainsAnyInRange((byte)0, (byte)0x1F))
                    {
                        return false; // not valid JSON: the reader says so
                    }

                    i = valueStart + valueLength + 1;
                    var read = field.Kind switch
                    {
                        FieldKind.Fact => ScanFactString(value, field, state),
                        FieldKind.Id => ScanId(value, isString: true, state, ref idGiven),
                        FieldKind.OccurredAt => ScanOccurredAt(value, state),
                        _ => false,
                    };
                    if (!read)
                    {
                        return false;
                    }

                    break;
                }

                case (byte)'{':
                    if (field.Kind != FieldKind.Prefix || depth >= MaxScanDepth || !ScanMembers(json, ref i, entry.Members!, state, ref idGiven, depth + 1))
                    {
                        return false;
                    }

                    break;
                case (byte)'n':
                    if (!json[i..].StartsWith("null"u8) || field.Kind == FieldKind.Id)
                    {
                        return false; // which of several ids counts is the document path's
                    }

                    i += 4; // absent
                    break;
                case (byte)'t':
                    if (!json[i..].StartsWith("true"u8) || !ScanBoolean(field, true, state))
                    {
                        return false;
                    }

                    i += 4;
                    break;
                case (byte)'f':
                    if (!json[i..].StartsWith("false"u8) || !ScanBoolean(field, false, state))
                    {
                        return false;
                    }

                    i += 5;
                    break;
                default:
                {
                    var numberStart = i;
                    if (!ScanNumber(json, ref i, out var number))
                    {
                        return false;
                    }

                    var read = field.Kind switch
                    {
                        FieldKind.Fact => ScanFactNumber(json[numberStart..i], number, field, state),
                        FieldKind.Id => ScanId(json[numberStart..i], isString: false, state, ref idGiven),
                        _ => false,
                    };
                    if (!read)
                    {
                        return false;
                    }

                    break;
                }
            }

            // After a value: a comma and the next name, or the end of the object.
            i = SkipSpace(json, i);
            if (i >= json.Length)
            {
                return false;
            }

            if (json[i] == (byte)',')
            {
                i = SkipSpace(json, i + 1);
                continue;
            }

            if (json[i] == (byte)'}')
            {
                i++;
                return true;
            }

            return false;
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

    private static bool ScanId(ReadOnlySpan<byte> value, bool isString, State state, ref bool idGiven)
    {
        if (idGiven || (isString && !System.Text.Unicode.Utf8.IsValid(value)))
        {
            return false; // a repeated id, or text that is not valid Unicode: the document path's
        }

        idGiven = true;
        state.Id = Encoding.UTF8.GetString(value);
        return true;
    }

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

    private static bool ScanBoolean(Field field, bool value, State state)
    {
        var fact = field.Fact;
        if (field.Kind != FieldKind.Fact || state.Given[fact!.Index] || fact.Type.Kind != TypeKind.Bool)
        {
            return false;
        }

        state.Given[fact.Index] = true;
        state.Booleans[fact.Slot] = value;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanFactString(ReadOnlySpan<byte> value, Field field, State state)
    {
        var fact = field.Fact!;
        if (state.Given[fact.Index])
        {
            return false;
        }

        state.Given[fact.Index] = true;
        switch (fact.Type.Kind)
        {
            case TypeKind.Member:
            {
                var members = field.Members!;
                for (var m = 0; m < members.Length; m++)
                {
                    if (value.SequenceEqual(members[m]))
                    {
                        state.Ordinals[fact.Slot] = m;
                        return true;
                    }
                }

                return false;
            }

            case TypeKind.Duration:
                if (!DurationCache.TryParse(value, out var seconds))
                {
                    return false;
                }

                state.HasDelay |= field.IsDelay;
                state.Decimals[fact.Slot] = seconds;
                return true;
            case TypeKind.Money:
                return TryPlainMoney(value, field.Currency!, out state.Decimals[fact.Slot]);
            case TypeKind.Text:
                if (!System.Text.Unicode.Utf8.IsValid(value))
                {
                    return false; // the document path reports it
                }

                state.Texts[fact.Slot] = Encoding.UTF8.GetString(value);
                return true;
            default:
                return false;
        }
    }

    private static bool ScanFactNumber(ReadOnlySpan<byte> text, in ScannedNumber number, Field field, State state)
    {
        var fact = field.Fact!;
        if (state.Given[fact.Index] || fact.Type.Kind is not (TypeKind.Number or TypeKind.Money))
        {
            return false;
        }

        state.Given[fact.Index] = true;
        return number.TryGetDecimal(text, out state.Decimals[fact.Slot]);
    }

    /// <summary>
    /// Scans a JSON number without an exponent (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>) from <paramref name="i"/> to just
    /// past it; one with an exponent, or anything that is not such a number, is declined.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanNumber(ReadOnlySpan<byte> json, ref int i, out ScannedNumber number)
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
            return false;
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
                return false;
            }

            number.Scale = p - fractionStart;
            digits += number.Scale;
        }

        if (p < json.Length && json[p] is (byte)'e' or (byte)'E')
        {
            return false;
        }

        number.Mantissa = mantissa;
        number.Exact = digits <= 19; // the mantissa did not overflow: the decimal is made from it
        i = p;
        return true;
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
    private sealed class ScanNames
    {
        private readonly ScanName[][] _byLength;

        public ScanNames(IReadOnlyList<Field> fields)
            : this(fields, string.Empty, new Dictionary<string, ScanNames>(StringComparer.Ordinal))
        {
        }

        /// <param name="fields">The policy's fields.</param>
        /// <param name="prefix">This level's dotted prefix with its dot (empty at the top level).</param>
        /// <param name="built">The levels made so far, by prefix: each is made once however many ways lead to it.</param>
        private ScanNames(IReadOnlyList<Field> fields, string prefix, Dictionary<string, ScanNames> built)
        {
            built[prefix] = this;
            var prefixBytes = Encoding.UTF8.GetBytes(prefix);
            var names = new List<ScanName>();
            foreach (var field in fields)
            {
                // A name the Utf8JsonReader pass cannot hold in its path buffer is left to it.
                if (field.Name.Length >= MaxFieldPath - 1 || !field.Name.AsSpan().StartsWith(prefixBytes) || field.Name.Length == prefixBytes.Length)
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
    private sealed class ScanName(byte[] name, Field field, ScanNames? members)
    {
        public byte[] Name { get; } = name;

        public Field Field { get; } = field;

        public ScanNames? Members { get; } = members;
    }
}
