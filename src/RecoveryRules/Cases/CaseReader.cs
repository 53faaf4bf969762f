using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RecoveryRules.Binding;
using RecoveryRules.Diagnostics;
using RecoveryRules.Emit;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;
using RecoveryRules.Text;

namespace RecoveryRules;

/// <summary>
/// Reads a case (a JSON object) against a policy's facts into typed slots. Strict, as docs/policy-language.md §2 and §12
/// say: undeclared fields, unknown members, malformed money or durations, the wrong currency or
/// JSON type, and missing facts without defaults are errors that name the field. Text that is
/// not valid Unicode (invalid UTF-8, or an escaped lone surrogate) in a name or a value is the
/// error RR0412 for that field, never an exception.
/// </summary>
internal sealed partial class CaseReader
{
    private readonly BoundPolicy _policy;
    private readonly RecoveryPolicy _owner;
    private readonly SlotLayout _layout;
    private readonly Dictionary<string, FactSymbol> _facts;
    private readonly HashSet<string> _prefixes;
    private readonly Dictionary<Vocabulary, byte[][]> _membersUtf8 = new(ReferenceEqualityComparer.Instance);

    public CaseReader(BoundPolicy policy, RecoveryPolicy owner)
    {
        _policy = policy;
        _owner = owner;
        _layout = SlotLayout.Of(policy);
        _facts = policy.Facts.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var fact in policy.Facts)
        {
            if (fact.Type.Vocabulary is { } vocabulary && !_membersUtf8.ContainsKey(vocabulary))
            {
                _membersUtf8[vocabulary] = [.. vocabulary.Members.Select(m => System.Text.Encoding.UTF8.GetBytes(m))];
            }
        }


        _prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in _facts.Keys)
        {
            for (var dot = name.IndexOf('.'); dot > 0; dot = name.IndexOf('.', dot + 1))
            {
                _prefixes.Add(name[..dot]);
            }
        }
    }

    /// <summary>The policy's facts, in its order (the order <see cref="Complete"/> looks for a missing one in).</summary>
    public ImmutableArray<FactSymbol> Facts => _policy.Facts;

    [GeneratedRegex(@"^(-?(?:\d+(?:\.\d*)?|\.\d+)) ([A-Z]{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex MoneyText();

    /// <summary>Reads a case.</summary>
    /// <param name="root">The case's JSON value.</param>
    /// <param name="ownedSource">
    /// The whole UTF-8 text <paramref name="root"/> was parsed from, when it is the library's own and never
    /// changes: the case keeps it as what it was given. Empty: the root's bytes are copied.
    /// </param>
    /// <param name="recoveryCase">The case, when it could be read.</param>
    /// <param name="error">Why it could not, otherwise.</param>
    public bool TryRead(JsonElement root, ReadOnlyMemory<byte> ownedSource, out RecoveryCase? recoveryCase, out CaseError? error)
    {
        recoveryCase = null;
        var state = new State(_policy, _layout);
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = new CaseError(null, RecoveryDiagnostics.MalformedCase.Id, RecoveryDiagnostics.MalformedCase.Format($"expected an object, not {Describe(new JsonCaseValue(root))}"), null);
            return false;
        }

        if (TryGetId(root, out var idElement))
        {
            state.Id = idElement.ValueKind switch
            {
                JsonValueKind.String => new JsonCaseValue(idElement).TryGetText(out var id) ? id : null, // invalid text: reported by ReadObject
                JsonValueKind.Number => idElement.GetRawText(),
                _ => null,
            };
        }

        error = ReadObject(root, prefix: string.Empty, state);
        if (error is null)
        {
            error = Complete(state);
        }

        if (error is not null)
        {
            error = error with { CaseId = state.Id };
            return false;
        }

        // The given JSON is copied unless it is the library's own: a caller's buffer (a CLI batch's chunk)
        // is reused for the next cases. Whitespace around the object goes when a record compacts it.
        var given = ownedSource.IsEmpty ? JsonMarshal.GetRawUtf8Value(root).ToArray() : ownedSource;
        recoveryCase = new RecoveryCase(_owner, _policy, state.Id, state.Decimals, state.Ordinals, state.Booleans, state.Texts, state.OccurredAt, given);
        return true;
    }

    /// <summary>
    /// Reads a case built in code (<see cref="RecoveryCaseBuilder"/>): its values go through
    /// <see cref="ReadProperty{TValue}"/> in the order given, as the fields of the same case written as JSON
    /// would, and straight into the slots: no JSON is written or parsed.
    /// </summary>
    /// <param name="id">The builder's id, the case's first field.</param>
    /// <param name="values">The values in the order given (a <see langword="null"/> string counts as absent).</param>
    /// <param name="recoveryCase">The case, when it could be built.</param>
    /// <param name="error">Why it could not, otherwise.</param>
    public bool TryBuild(string? id, List<BuiltFact> values, out RecoveryCase? recoveryCase, out CaseError? error)
    {
        recoveryCase = null;
        var state = new State(_policy, _layout);
        state.Id = BuiltId(id, values);
        error = id is null ? null : ReadProperty("id", topLevel: true, new BuiltCaseValue(id), state);
        for (var i = 0; error is null && i < values.Count; i++)
        {
            var name = values[i].Name;
            error = values[i].Value.Kind == JsonValueKind.Null ? null // absent, as a JSON null: not even its name is read
                : LoneSurrogates.IndexOf(name) >= 0
                ? Error(RecoveryDiagnostics.InvalidCaseText, ShownName(name), ShownName(name), "name")
                : ReadProperty(name, topLevel: true, values[i].Value, state);
        }

        error ??= Complete(state);
        if (error is not null)
        {
            error = error with { CaseId = state.Id };
            return false;
        }

        recoveryCase = new RecoveryCase(_owner, _policy, state.Id, state.Decimals, state.Ordinals, state.Booleans, state.Texts, state.OccurredAt,
            new BuiltCaseJson(id, values));
        return true;
    }

    /// <summary>The id the same case written as JSON would have: its last <c>id</c> field (System.Text.Json's lookup).</summary>
    private static string? BuiltId(string? id, List<BuiltFact> values)
    {
        for (var i = values.Count - 1; i >= 0; i--)
        {
            if (values[i].Name == "id" && values[i].Value.Kind != JsonValueKind.Null)
            {
                var value = values[i].Value;
                return value.Kind switch
                {
                    JsonValueKind.String => value.TryGetText(out var text) ? text : null,
                    JsonValueKind.Number => value.RawNumber(),
                    _ => null,
                };
            }
        }

        return id is null || LoneSurrogates.IndexOf(id) >= 0 ? null : id;
    }

    /// <summary>A name holding lone surrogates as the JSON of the case would show it: each one escaped (<c>\ud800</c>).</summary>
    private static string ShownName(string name) =>
        LoneSurrogates.Replace(name, c => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));

    /// <summary>
    /// The slots a case is read into, and what the reader tracks while reading it. A case read from JSON or
    /// built gets its own (the case keeps the arrays); a typed case mapping reuses one per thread
    /// (<see cref="ForMapping"/>), so mapping and evaluating allocates only the decision.
    /// </summary>
    internal sealed class State
    {
        public State(BoundPolicy policy, SlotLayout layout)
        {
            Decimals = new decimal[layout.DecimalSlots];
            Ordinals = new int[layout.OrdinalSlots];
            Booleans = new bool[layout.BooleanSlots];
            Texts = new string?[layout.TextSlots];
            Given = new bool[policy.Facts.Length];
        }

        public string? Id;

        /// <summary>
        /// Set by the caller for one plain read (<c>RecoveryPolicy.TryWritePlainUtf8Line</c>): the case-shape scanner gives the
        /// id as its range of the line (<see cref="IdStart"/>, <see cref="IdLength"/>) and makes no string (docs/design.md §25).
        /// </summary>
        public bool IdAsBytes;

        /// <summary>Where the id's bytes start in the line the scanner read with <see cref="IdAsBytes"/>; -1: not read as bytes (<see cref="Id"/> holds it, or there is none).</summary>
        public int IdStart = -1;

        /// <summary>How many bytes the id has in the line (with <see cref="IdStart"/>).</summary>
        public int IdLength;

        public DateTimeOffset? OccurredAt;
        public bool HasDelay;
        public decimal[] Decimals;
        public int[] Ordinals;
        public bool[] Booleans;
        public string?[] Texts;
        public bool[] Given;
        public bool GivenOccurredAt;

        /// <summary>Whether a mapping on this thread is filling or evaluating these slots (a mapping expression that maps again gets fresh ones).</summary>
        public bool InUse;

        /// <summary>When a typed case mapping makes a case to keep: the values in the order mapped, for the case's record.</summary>
        public List<BuiltFact>? Values;

        /// <summary>
        /// A typed case mapping's evaluation frame (<see cref="ForMapping"/>'s slots only): its slot arrays ARE these slots, so
        /// the rules run on what the mapping wrote, with no second frame to take and point at them
        /// (docs/performance.md, "Typed case mapping").
        /// </summary>
        public CaseFrame? Frame;

        /// <summary>Whether these slots keep the scanner's name hints of their own (the thread's reused slots, <see cref="ForMapping"/>).</summary>
        public bool OwnsScanHints;

        /// <summary>The scanner's name hints for the names of <see cref="ScanHintsOwner"/>, each a name or null (docs/design.md §40).</summary>
        public ScanName?[]? ScanHints;

        /// <summary>The names <see cref="ScanHints"/> are for.</summary>
        public object? ScanHintsOwner;

        /// <summary>
        /// Empties the state for a case of <paramref name="policy"/>; the arrays grow when they are too small for it and are otherwise kept.
        /// <see cref="Given"/> is not cleared: a typed case mapping writes all of it before it calls <see cref="Complete"/>.
        /// </summary>
        public void Reset(BoundPolicy policy, SlotLayout layout)
        {
            if (!ReferenceEquals(_sizedFor, policy))
            {
                SizeFor(policy, layout);
            }

            Id = null;
            OccurredAt = null;
            HasDelay = false;
            GivenOccurredAt = false;
        }

        private void SizeFor(BoundPolicy policy, SlotLayout layout)
        {
            Grow(ref Decimals, layout.DecimalSlots);
            Grow(ref Ordinals, layout.OrdinalSlots);
            Grow(ref Booleans, layout.BooleanSlots);
            Grow(ref Texts, layout.TextSlots);
            Grow(ref Given, policy.Facts.Length);
            if (Frame is { } frame)
            {
                frame.Decimals = Decimals;
                frame.Ordinals = Ordinals;
                frame.Booleans = Booleans;
                frame.Texts = Texts;
            }

            _sizedFor = policy;
        }

        /// <summary>The policy the arrays were last sized for (they only grow): a thread keeps at most that one alive.</summary>
        private BoundPolicy? _sizedFor;

        /// <summary>Drops the texts of the last case (the slots' and the defines'), so a thread's slots never keep a caller's strings alive.</summary>
        public void Release()
        {
            if (Texts.Length > 0)
            {
                Texts.AsSpan().Clear();
            }

            Frame?.ReleaseDefines();
            InUse = false;
        }

        private static void Grow<T>(ref T[] array, int size)
        {
            if (array.Length < size)
            {
                array = new T[size];
            }
        }
    }

    [ThreadStatic]
    private static State? t_mapped;

    /// <summary>
    /// The calling thread's slots for a typed case mapping of this policy, with the evaluation frame that reads them, emptied
    /// (fresh ones when a mapping on this thread is using them).
    /// </summary>
    public State ForMapping()
    {
        var state = t_mapped;
        if (state is null || state.InUse)
        {
            state = new State(_policy, _layout) { Frame = new CaseFrame(), OwnsScanHints = true };
            state.Frame.Decimals = state.Decimals;
            state.Frame.Ordinals = state.Ordinals;
            state.Frame.Booleans = state.Booleans;
            state.Frame.Texts = state.Texts;
            t_mapped ??= state;
        }

        state.Reset(_policy, _layout);
        state.InUse = true;
        return state;
    }

    /// <summary>A case's own slots for a typed case mapping that makes a case to keep.</summary>
    public State ForCase() => new(_policy, _layout);

    /// <summary>Makes the case a typed case mapping filled <paramref name="state"/> for (completed, without error).</summary>
    public RecoveryCase CreateCase(State state, string? id, List<BuiltFact> values) =>
        new(_owner, _policy, state.Id, state.Decimals, state.Ordinals, state.Booleans, state.Texts, state.OccurredAt, new BuiltCaseJson(id, values));

    private static CaseError Error(DiagnosticDescriptor descriptor, string? field, params object?[] arguments) =>
        new(null, descriptor.Id, descriptor.Format(arguments), field);

    private CaseError? ReadObject(JsonElement element, string prefix, State state)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!TryGetName(property, out var propertyName))
            {
                return Error(RecoveryDiagnostics.InvalidCaseText, prefix + LossyName(property), prefix + LossyName(property), "name");
            }

            var name = prefix + propertyName;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object && _prefixes.Contains(name) && !_facts.ContainsKey(name)
                && !(prefix.Length == 0 && propertyName is "id" or "occurredAt"))
            {
                var nested = ReadObject(value, name + ".", state);
                if (nested is not null)
                {
                    return nested;
                }

                continue;
            }

            var error = ReadProperty(name, topLevel: prefix.Length == 0, new JsonCaseValue(value), state);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>
    /// Checks one field of a case and writes it into its slot: the one place a fact's value is checked,
    /// for a JSON case and for a case built in code (<see cref="RecoveryCaseBuilder"/>) alike.
    /// </summary>
    internal CaseError? ReadProperty<TValue>(string name, bool topLevel, TValue value, State state)
        where TValue : struct, ICaseValue
    {
        {
            if (value.Kind == JsonValueKind.Null)
            {
                return null; // A JSON null counts as absent (the default, or a missing fact).
            }

            if (topLevel && name == "id")
            {
                if (value.Kind is not (JsonValueKind.String or JsonValueKind.Number))
                {
                    return Error(RecoveryDiagnostics.WrongValueType, "id", "id", "a string", Describe(value));
                }

                if (value.Kind == JsonValueKind.String && !value.TryGetText(out _))
                {
                    return Error(RecoveryDiagnostics.InvalidCaseText, "id", "id", "value");
                }

                return null;
            }

            if (topLevel && name == "occurredAt")
            {
                if (state.GivenOccurredAt)
                {
                    return Error(RecoveryDiagnostics.FieldGivenTwice, "occurredAt", "occurredAt");
                }

                state.GivenOccurredAt = true;

                if (value.Kind != JsonValueKind.String)
                {
                    return Error(RecoveryDiagnostics.WrongValueType, "occurredAt", "occurredAt", "a string with an ISO 8601 date, time and offset", Describe(value));
                }

                if (!value.TryGetTimestamp(out var at))
                {
                    if (!value.TryGetText(out var text))
                    {
                        return Error(RecoveryDiagnostics.InvalidCaseText, "occurredAt", "occurredAt", "value");
                    }

                    if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
                    {
                        return Error(RecoveryDiagnostics.MalformedTimestamp, "occurredAt", text);
                    }
                }

                state.OccurredAt = at;
                return null;
            }

            if (_facts.TryGetValue(name, out var fact))
            {
                var index = fact.Index;
                if (state.Given[index])
                {
                    return Error(RecoveryDiagnostics.FieldGivenTwice, name, name);
                }

                state.Given[index] = true;
                return ReadValue(fact, value, state);
            }

            if (_prefixes.Contains(name))
            {
                return Error(RecoveryDiagnostics.WrongValueType, name, name, "an object", Describe(value));
            }

            return Error(RecoveryDiagnostics.UndeclaredField, name, name, _policy.Id,
                Suggestions.DidYouMean(name, _facts.Keys.Append("id").Append("occurredAt")));
        }
    }

    private byte[][] MembersUtf8(Vocabulary vocabulary)
    {
        // Filled for every fact's vocabulary in the constructor, then only read: safe across threads.
        return _membersUtf8[vocabulary];
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t < 0)
        {
            return false;
        }

        var time = text[t..];
        return time.EndsWith('Z') || time.EndsWith('z') || time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
    }

    internal CaseError? ReadValue<TValue>(FactSymbol fact, TValue value, State state)
        where TValue : struct, ICaseValue
    {
        var name = fact.Name;
        var type = fact.Type;
        switch (type.Kind)
        {
            case TypeKind.Member:
            {
                if (value.Kind != JsonValueKind.String)
                {
                    return Error(RecoveryDiagnostics.WrongValueType, name, name, $"a string naming a member of {type.Vocabulary!.Description}", Describe(value));
                }

                // Compare UTF-8 bytes: no string is made for a valid member.
                var members = MembersUtf8(type.Vocabulary!);
                if (!value.TryFindMember(type.Vocabulary!, members, out var ordinal) || (ordinal < 0 && !value.TryGetText(out _)))
                {
                    return Error(RecoveryDiagnostics.InvalidCaseText, name, name, "value");
                }

                if (ordinal < 0)
                {
                    var text = value.TryGetText(out var member) ? member : string.Empty;
                    return Error(RecoveryDiagnostics.UnknownCaseMember, name, name, text, type.Vocabulary!.Description,
                        Suggestions.DidYouMean(text, type.Vocabulary!.Members), string.Join(", ", type.Vocabulary!.Members));
                }

                state.Ordinals[fact.Slot] = ordinal;
                return null;
            }

            case TypeKind.Bool:
                if (value.Kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Error(RecoveryDiagnostics.WrongValueType, name, name, "true or false", Describe(value));
                }

                state.Booleans[fact.Slot] = value.GetBoolean();
                return null;
            case TypeKind.Text:
                if (value.Kind != JsonValueKind.String)
                {
                    return Error(RecoveryDiagnostics.WrongValueType, name, name, "a string", Describe(value));
                }

                if (!value.TryGetText(out var factText))
                {
                    return Error(RecoveryDiagnostics.InvalidCaseText, name, name, "value");
                }

                state.Texts[fact.Slot] = factText;
                return null;
            case TypeKind.Number:
                if (value.Kind != JsonValueKind.Number)
                {
                    return Error(RecoveryDiagnostics.WrongValueType, name, name, "a number", Describe(value));
                }

                if (!value.TryGetDecimal(out var number))
                {
                    return Error(RecoveryDiagnostics.WrongValueType, name, name, "a number within the decimal range", value.RawNumber());
                }

                state.Decimals[fact.Slot] = number;
                return null;
            case TypeKind.Money:
                return ReadMoney(fact, value, state);
            case TypeKind.Duration:
            {
                if (value.Kind != JsonValueKind.String)
                {
                    return Error(RecoveryDiagnostics.WrongValueType, name, name, "a string duration such as \"3h\" or \"PT3H\"", Describe(value));
                }

                if (!value.TryGetSeconds(out var seconds))
                {
                    if (!value.TryGetText(out var text))
                    {
                        return Error(RecoveryDiagnostics.InvalidCaseText, name, name, "value");
                    }

                    switch (Durations.Parse(text, out seconds))
                    {
                        case DurationParse.Malformed:
                            return Error(RecoveryDiagnostics.MalformedDuration, name, name, text);
                        case DurationParse.TooLarge:
                            return Error(RecoveryDiagnostics.DurationTooLarge, name, name, text);
                    }
                }

                if (name == "delay")
                {
                    state.HasDelay = true;
                }

                state.Decimals[fact.Slot] = seconds;
                return null;
            }

            default:
                return Error(RecoveryDiagnostics.WrongValueType, name, name, type, Describe(value));
        }
    }

    private CaseError? ReadMoney<TValue>(FactSymbol fact, TValue value, State state)
        where TValue : struct, ICaseValue
    {
        var name = fact.Name;
        decimal amount;
        if (value.Kind == JsonValueKind.Number)
        {
            if (!value.TryGetDecimal(out amount))
            {
                return Error(RecoveryDiagnostics.MalformedMoney, name, name, value.RawNumber(), _policy.Currency);
            }
        }
        else if (value.Kind == JsonValueKind.String)
        {
            if (!value.TryGetText(out var text))
            {
                return Error(RecoveryDiagnostics.InvalidCaseText, name, name, "value");
            }

            var match = MoneyText().Match(text);
            if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
            {
                return Error(RecoveryDiagnostics.MalformedMoney, name, name, $"\"{text}\"", _policy.Currency);
            }

            var currency = match.Groups[2].Value;
            if (currency != _policy.Currency)
            {
                return Error(RecoveryDiagnostics.WrongCurrency, name, name, currency, _policy.Id, _policy.Currency);
            }
        }
        else
        {
            return Error(RecoveryDiagnostics.WrongValueType, name, name, $"money (a number, or a string like \"80 {_policy.Currency}\")", Describe(value));
        }

        state.Decimals[fact.Slot] = amount;
        return null;
    }

    internal CaseError? Complete(State state)
    {
        if (state.OccurredAt is not null && state.HasDelay)
        {
            return Error(RecoveryDiagnostics.DelayAndOccurredAt, "delay");
        }

        foreach (var fact in _policy.Facts)
        {
            if (state.Given[fact.Index])
            {
                continue;
            }

            if (fact.Name == "delay" && state.OccurredAt is not null)
            {
                continue;
            }

            if (!fact.HasDefault)
            {
                var what = fact.Name == "delay" ? "a duration; give 'delay' or 'occurredAt'" : fact.Type.ToString();
                return Error(RecoveryDiagnostics.MissingFact, fact.Name, fact.Name, what);
            }

            switch (fact.SlotKind)
            {
                case SlotKind.Decimal: state.Decimals[fact.Slot] = (decimal)fact.DefaultValue!; break;
                case SlotKind.Ordinal: state.Ordinals[fact.Slot] = (int)fact.DefaultValue!; break;
                case SlotKind.Boolean: state.Booleans[fact.Slot] = (bool)fact.DefaultValue!; break;
                default: state.Texts[fact.Slot] = (string?)fact.DefaultValue; break;
            }
        }

        return null;
    }

    /// <summary>The top-level <c>id</c>; <see langword="false"/> also when a name that is not valid Unicode hides it (ReadObject reports that name).</summary>
    private static bool TryGetId(JsonElement root, out JsonElement id)
    {
        try
        {
            return root.TryGetProperty("id"u8, out id);
        }
        catch (InvalidOperationException)
        {
            id = default;
            return false;
        }
    }

    /// <summary>A property name as .NET text; <see langword="false"/> when it is not valid Unicode.</summary>
    private static bool TryGetName(JsonProperty property, [NotNullWhen(true)] out string? name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = null;
            return false;
        }
    }

    /// <summary>A name that is not valid Unicode, shown as written: escapes kept (<c>\ud800</c>), invalid UTF-8 bytes as U+FFFD.</summary>
    private static string LossyName(JsonProperty property) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(property));

    private static string Describe<TValue>(TValue value)
        where TValue : struct, ICaseValue => value.Kind switch
    {
        JsonValueKind.String => value.TryGetText(out var text)
            ? $"the string \"{text}\""
            : "a string that is not valid Unicode text",
        JsonValueKind.Number => $"the number {value.RawNumber()}",
        JsonValueKind.True => "the boolean true",
        JsonValueKind.False => "the boolean false",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };
}
