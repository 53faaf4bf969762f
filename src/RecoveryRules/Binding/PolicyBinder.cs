using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Binding;

/// <summary>
/// Gives the policy document its meaning: validates every value (ids, currency, scales,
/// facts, modes, priorities, SLAs), builds the symbols and binds every expression. Reports
/// every problem and never stops at the first; returns <c>null</c> when any error was found.
/// </summary>
internal sealed partial class PolicyBinder
{
    public const string Otherwise = "otherwise";

    private static readonly string[] ScaleNames = ["severity", "tier", "escalation", "role"];
    private static readonly string[] Keywords = ["and", "or", "not", "in", "of", "true", "false", .. BuiltInFunctions.Names];
    private static readonly string[] FactTypes = ["bool", "number", "money", "duration", "text", "severity", "tier", "escalation", "role", "channel"];

    // The default scales are plain arrays, not a dictionary: an immutable dictionary of immutable arrays is built
    // in the binder's static constructor on every load and costs a fresh process dozens of JIT-compiled generic
    // methods that ReadyToRun code cannot cover (docs/performance.md, "Cold start").
    private static readonly ImmutableArray<string> DefaultSeverity = ["minor", "moderate", "major", "critical"];
    private static readonly ImmutableArray<string> DefaultTier = ["standard", "silver", "gold", "platinum"];
    private static readonly ImmutableArray<string> DefaultEscalation = ["team-lead", "supervisor", "duty-manager", "retention"];
    private static readonly ImmutableArray<string> DefaultRole = ["frontline", "team-lead", "supervisor", "manager"];

    /// <summary>The members of a scale that a policy does not declare (docs/policy-language.md §3).</summary>
    /// <param name="name">One of the scales: severity, tier, escalation or role.</param>
    /// <returns>Its default members, lowest first.</returns>
    internal static ImmutableArray<string> DefaultScale(string name) => name switch
    {
        "severity" => DefaultSeverity,
        "tier" => DefaultTier,
        "escalation" => DefaultEscalation,
        "role" => DefaultRole,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a scale."),
    };

    internal static readonly ImmutableArray<string> DefaultChannels = ["phone", "email", "chat", "social", "store", "app"];

    private readonly PolicySyntax _syntax;
    private readonly DiagnosticBag _diagnostics;

    private PolicyBinder(PolicySyntax syntax, DiagnosticBag diagnostics)
    {
        _syntax = syntax;
        _diagnostics = diagnostics;
    }

    public static BoundPolicy? Bind(PolicySyntax syntax, DiagnosticBag diagnostics) =>
        new PolicyBinder(syntax, diagnostics).Bind();

    private void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] arguments) =>
        _diagnostics.Add(descriptor, location, arguments);

    [GeneratedRegex("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyIdPattern();

    [GeneratedRegex(@"^[\p{L}_][\p{L}\p{Nd}_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    private BoundPolicy? Bind()
    {
        var id = _syntax.Id?.Value ?? string.Empty;
        if (_syntax.Id is { } idSyntax && !PolicyIdPattern().IsMatch(id))
        {
            var fixedId = Regex.Replace(id.ToLowerInvariant(), "[^a-z0-9-]+", "-").Trim('-');
            Report(RecoveryDiagnostics.InvalidPolicyId, idSyntax.Location, id, fixedId.Length == 0 || !char.IsAsciiLetterLower(fixedId[0]) ? "retail-recovery" : fixedId);
        }

        var currency = "USD";
        if (_syntax.Currency is { } currencySyntax)
        {
            if (Currencies.IsActive(currencySyntax.Value))
            {
                currency = currencySyntax.Value;
            }
            else
            {
                Report(RecoveryDiagnostics.InvalidCurrency, currencySyntax.Location, currencySyntax.Value,
                    Suggestions.DidYouMean(currencySyntax.Value, Currencies.Active));
            }
        }

        var scales = BindScales();
        var channel = _syntax.Channels is { } channels
            ? BindVocabulary("channel", VocabularyKind.Channel, channels, "'channels'")
            : new Vocabulary("channel", VocabularyKind.Channel, DefaultChannels);
        var vocabularies = new List<Vocabulary> { scales["severity"], scales["tier"], scales["escalation"], scales["role"], channel };

        var facts = BindFacts(scales, channel, currency, vocabularies);
        var defines = BindDefineSymbols(facts);
        var scope = new BinderScope(facts, defines, vocabularies, currency, _diagnostics);
        foreach (var define in OrderDefines(scope, defines))
        {
            Binder.BindDefineBody(scope, define);
        }

        var money = PolicyType.Money(currency);
        var compensationMode = CompensationMode.Sum;
        var escalationMode = SelectionMode.Highest;
        var empowermentMode = SelectionMode.Highest;
        BoundExpression? cap = null;
        var capSite = -1;
        if (_syntax.Combine is { } combine)
        {
            compensationMode = BindChoice(combine.Compensation, "compensation mode", CompensationMode.Sum, ("sum", CompensationMode.Sum), ("max", CompensationMode.Max), ("first", CompensationMode.First));
            escalationMode = BindChoice(combine.Escalation, "escalation mode", SelectionMode.Highest, ("highest", SelectionMode.Highest), ("first", SelectionMode.First));
            empowermentMode = BindChoice(combine.Empowerment, "empowerment mode", SelectionMode.Highest, ("highest", SelectionMode.Highest), ("first", SelectionMode.First));
            if (combine.Cap is { } capSyntax)
            {
                var binder = new Binder(scope, capSyntax.Map, "The cap");
                cap = binder.RequireAmount(Binder.BindScalar(scope, capSyntax, "The cap", "The cap"), money, "The cap");
                capSite = scope.AddSite("The cap", capSyntax.Location);
            }
        }

        var amountSlots = 0;
        var rules = BindRules(scope, scales, money, ref amountSlots);
        var otherwise = _syntax.Otherwise is { } otherwiseSyntax
            ? BindDecision(scope, scales, money, otherwiseSyntax, "'otherwise'", ref amountSlots)
            : null;

        // Consideration order: highest priority first, file order among equals (Index is unique, so the order is total
        // and an unstable sort gives what a stable one would). List.Sort over a reference type runs precompiled shared
        // code; OrderByDescending over a decimal key costs a fresh process a JIT-compiled sorter (docs/performance.md, "Cold start").
        var ordered = new List<BoundRule>(rules);
        ordered.Sort(static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Index.CompareTo(b.Index));
        var conditionCount = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i] = ordered[i] with { FirstCondition = conditionCount };
            conditionCount += ordered[i].Conditions.Length;
        }

        Analyze(ordered, defines.Values);

        // Any error, of the front end or here, and the policy does not load.
        if (_diagnostics.HasErrors)
        {
            return null;
        }

        var allDefines = defines.Values.Select(d => new BoundDefine(d.Symbol!, d.Body!)).ToImmutableArray();

        var allFacts = facts.Values.ToImmutableArray();

        return new BoundPolicy
        {
            Id = id,
            Version = _syntax.Version?.Value ?? string.Empty,
            Description = _syntax.Description?.Value,
            Currency = currency,
            MinorUnit = Currencies.MinorUnit(currency),
            Severity = scales["severity"],
            Tier = scales["tier"],
            Escalation = scales["escalation"],
            Role = scales["role"],
            Channel = channel,
            Facts = allFacts,
            Defines = allDefines,
            CompensationMode = compensationMode,
            EscalationMode = escalationMode,
            EmpowermentMode = empowermentMode,
            Cap = cap,
            CapSite = capSite,
            Rules = [.. ordered],
            Otherwise = otherwise,
            Sites = [.. scope.Sites],
        };
    }

    private T BindChoice<T>(ScalarSyntax? syntax, string what, T fallback, params (string Word, T Value)[] choices)
    {
        if (syntax is null)
        {
            return fallback;
        }

        foreach (var (word, value) in choices)
        {
            if (syntax.Value == word)
            {
                return value;
            }
        }

        var words = choices.Select(c => c.Word).ToArray();
        Report(RecoveryDiagnostics.InvalidChoice, syntax.Location, syntax.Value, what, Suggestions.DidYouMean(syntax.Value, words), string.Join(", ", words));
        return fallback;
    }

    private bool CheckName(ScalarSyntax name, string what, bool dotted = false)
    {
        var parts = dotted ? name.Value.Split('.') : [name.Value];
        if (parts.All(p => NamePattern().IsMatch(p)) && !parts.Any(p => p.EndsWith('-')))
        {
            if (Keywords.Contains(name.Value, StringComparer.Ordinal))
            {
                Report(RecoveryDiagnostics.InvalidName, name.Location, name.Value, what, $" ('{name.Value}' is a word of the expression language)");
                return false;
            }

            return true;
        }

        Report(RecoveryDiagnostics.InvalidName, name.Location, name.Value, what, dotted ? "; dots separate the parts of a dotted name" : string.Empty);
        return false;
    }

    private Dictionary<string, Vocabulary> BindScales()
    {
        var scales = new Dictionary<string, Vocabulary>(StringComparer.Ordinal);
        foreach (var scale in _syntax.Scales)
        {
            var name = scale.Name.Value;
            if (!ScaleNames.Contains(name, StringComparer.Ordinal))
            {
                Report(RecoveryDiagnostics.UnknownScale, scale.Name.Location, name, Suggestions.DidYouMean(name, ScaleNames));
                continue;
            }

            scales[name] = BindVocabulary(name, VocabularyKind.Scale, scale.Members, $"scale '{name}'");
        }

        foreach (var name in ScaleNames)
        {
            if (!scales.ContainsKey(name))
            {
                scales[name] = new Vocabulary(name, VocabularyKind.Scale, DefaultScale(name));
            }
        }

        return scales;
    }

    private Vocabulary BindVocabulary(string name, VocabularyKind kind, VocabularySyntax syntax, string what)
    {
        var members = ImmutableArray.CreateBuilder<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in syntax.Members)
        {
            if (!CheckName(member, "member"))
            {
                continue;
            }

            if (!seen.Add(member.Value))
            {
                Report(RecoveryDiagnostics.DuplicateMember, member.Location, member.Value, what);
                continue;
            }

            members.Add(member.Value);
        }

        if (syntax.Members.IsEmpty)
        {
            Report(RecoveryDiagnostics.EmptyVocabulary, syntax.Location, char.ToUpperInvariant(what[0]) + what[1..]);
        }

        return new Vocabulary(name, kind, members.ToImmutable());
    }

    private Dictionary<string, FactSymbol> BindFacts(Dictionary<string, Vocabulary> scales, Vocabulary channel, string currency, List<Vocabulary> vocabularies)
    {
        var facts = new Dictionary<string, FactSymbol>(StringComparer.Ordinal);
        var none = SourceLocation.None;
        facts["severity"] = new FactSymbol("severity", scales["severity"].Type, isBuiltIn: true, none);
        facts["channel"] = new FactSymbol("channel", channel.Type, isBuiltIn: true, none);
        facts["delay"] = new FactSymbol("delay", PolicyType.Duration, isBuiltIn: true, none);
        facts["customer.tier"] = new FactSymbol("customer.tier", scales["tier"].Type, isBuiltIn: true, none) { HasDefault = true, DefaultValue = 0, DefaultText = scales["tier"].Members.FirstOrDefault() };
        facts["customer.value"] = new FactSymbol("customer.value", PolicyType.Money(currency), isBuiltIn: true, none) { HasDefault = true, DefaultValue = 0m, DefaultText = "0" };

        // Each dotted prefix of a declared fact ("customer" of "customer.tier"), with the fact: a later
        // fact named like a prefix clashes. Looked up per part, so many facts cost linear time.
        var longerFacts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var builtIn in facts.Keys)
        {
            AddPrefixes(longerFacts, builtIn);
        }

        foreach (var fact in _syntax.Facts)
        {
            var name = fact.Name.Value;
            if (!CheckName(fact.Name, "fact", dotted: true))
            {
                continue;
            }

            if (name is "id" or "occurredAt")
            {
                // A case's top-level 'id' and 'occurredAt' are read as the case id and the failure's time.
                Report(RecoveryDiagnostics.FactNameConflict, fact.Name.Location, name, name == "id" ? "the case's id field" : "the case field that gives when the failure happened");
                continue;
            }

            if (facts.TryGetValue(name, out var existing))
            {
                Report(RecoveryDiagnostics.FactNameConflict, fact.Name.Location, name, existing.IsBuiltIn ? "a built-in fact" : "a fact");
                continue;
            }

            var clash = DottedClash(facts, longerFacts, name);
            if (clash is not null)
            {
                Report(RecoveryDiagnostics.FactNameConflict, fact.Name.Location, name, $"part of the fact '{clash}' (a case could not give both)");
                continue;
            }

            AddPrefixes(longerFacts, name); // every path below declares the name

            if (fact.IsMalformed)
            {
                facts[name] = Unusable(name, fact); // the front end reported it
                continue;
            }

            PolicyType? type = null;
            if (fact.OneOf is { } oneOf)
            {
                if (fact.Type is { } both)
                {
                    Report(RecoveryDiagnostics.TypeAndOneOf, both.Location, name);
                    facts[name] = Unusable(name, fact); // declared, so its uses report nothing more
                    continue;
                }

                var vocabulary = BindVocabulary(name, VocabularyKind.OneOf, oneOf, $"the members of '{name}'");
                vocabularies.Add(vocabulary);
                type = vocabulary.Type;
            }
            else if (fact.Type is { } typeSyntax)
            {
                type = typeSyntax.Value switch
                {
                    "bool" => PolicyType.Bool,
                    "number" => PolicyType.Number,
                    "money" => PolicyType.Money(currency),
                    "duration" => PolicyType.Duration,
                    "text" => PolicyType.Text,
                    "channel" => channel.Type,
                    "severity" or "tier" or "escalation" or "role" => scales[typeSyntax.Value].Type,
                    _ => null,
                };
                if (type is null)
                {
                    Report(RecoveryDiagnostics.UnknownFactType, typeSyntax.Location, typeSyntax.Value, Suggestions.DidYouMean(typeSyntax.Value, FactTypes), string.Join(", ", FactTypes) + ", or { oneOf: [...] }");
                    facts[name] = Unusable(name, fact); // declared, so its uses report nothing more
                    continue;
                }
            }
            else
            {
                Report(RecoveryDiagnostics.MissingKey, fact.Location, $"The fact '{name}'", "type", " (or 'oneOf')");
                facts[name] = Unusable(name, fact); // declared, so its uses report nothing more
                continue;
            }

            var symbol = new FactSymbol(name, type, isBuiltIn: false, fact.Name.Location);
            if (fact.Default is { } defaultSyntax)
            {
                if (TryConvertDefault(defaultSyntax.Value, type, currency, out var value, out var hint))
                {
                    symbol = new FactSymbol(name, type, isBuiltIn: false, fact.Name.Location) { HasDefault = true, DefaultValue = value, DefaultText = defaultSyntax.Value };
                }
                else if (DefaultTooLarge(defaultSyntax.Value, type, currency) is { } largest)
                {
                    Report(RecoveryDiagnostics.ValueTooLarge, defaultSyntax.Location, $"The default of '{name}'", defaultSyntax.Value, largest);
                }
                else
                {
                    Report(RecoveryDiagnostics.InvalidDefault, defaultSyntax.Location, defaultSyntax.Value, name, DefaultNoun(type), hint);
                }
            }

            facts[name] = symbol;
        }

        // Every fact is declared: place each, in declaration order, at its index and slot.
        var slots = new int[4];
        var index = 0;
        foreach (var fact in facts.Values.ToList())
        {
            facts[fact.Name] = fact.At(index++, slots[(int)fact.SlotKind]++);
        }

        return facts;
    }

    /// <summary>A declared fact that <paramref name="name"/> is a dotted part of, or that is a dotted part of it; else null.</summary>
    private static string? DottedClash(Dictionary<string, FactSymbol> facts, Dictionary<string, string> longerFacts, string name)
    {
        for (var dot = name.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = name.IndexOf('.', dot + 1))
        {
            if (facts.ContainsKey(name[..dot]))
            {
                return name[..dot];
            }
        }

        return longerFacts.GetValueOrDefault(name);
    }

    private static void AddPrefixes(Dictionary<string, string> longerFacts, string name)
    {
        for (var dot = name.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = name.IndexOf('.', dot + 1))
        {
            longerFacts.TryAdd(name[..dot], name);
        }
    }

    /// <summary>What a default must be, as a noun for "is not a valid …": number, amount in USD, member of scale 'tier'.</summary>
    private static string DefaultNoun(PolicyType type) => type.Kind switch
    {
        TypeKind.Bool => "boolean",
        TypeKind.Number => "number",
        TypeKind.Money => $"amount in {type.Currency}",
        TypeKind.Duration => "duration",
        TypeKind.Member when type.Vocabulary!.VocabularyKind == VocabularyKind.Channel => "channel",
        TypeKind.Member => "member of " + type.Vocabulary!.Description,
        _ => type.ToString(),
    };

    /// <summary>A fact whose declaration has an error: its name is known, its type is an error, so uses of it are not reported again.</summary>
    private static FactSymbol Unusable(string name, FactSyntax fact) => new(name, PolicyType.Error, isBuiltIn: false, fact.Name.Location);

    /// <summary>Digits, a sign and a decimal point that do not make a decimal: too many digits.</summary>
    private static bool IsTooLargeNumber(string text) => TooLargeNumber().IsMatch(text);

    [GeneratedRegex(@"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex TooLargeNumber();

    /// <summary>When a default that did not convert is well formed but too large: the largest value of its type, else null.</summary>
    private static string? DefaultTooLarge(string text, PolicyType type, string currency) => type.Kind switch
    {
        TypeKind.Number when IsTooLargeNumber(text) => Lexer.MaxNumberText,
        TypeKind.Money when IsTooLargeNumber(text.EndsWith(" " + currency, StringComparison.Ordinal) ? text[..^4] : text) => $"{Lexer.MaxNumberText} {currency}",
        TypeKind.Duration when Lexer.ReadDuration(text, iso: null, out _) == DurationReading.TooLarge => Lexer.MaxDurationText,
        _ => null,
    };

    private static bool TryConvertDefault(string text, PolicyType type, string currency, out object? value, out string hint)
    {
        hint = string.Empty;
        value = null;
        switch (type.Kind)
        {
            case TypeKind.Bool:
                value = text == "true";
                hint = " (write true or false)";
                return text is "true" or "false";
            case TypeKind.Number:
            case TypeKind.Money:
                var amount = text;
                if (type.Kind == TypeKind.Money && text.EndsWith(" " + currency, StringComparison.Ordinal))
                {
                    amount = text[..^4];
                }

                var ok = decimal.TryParse(amount, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number);
                value = number;
                hint = type.Kind == TypeKind.Money ? $" (write a number such as 0, or '0 {currency}')" : " (write a number such as 0)";
                return ok;
            case TypeKind.Duration:
                var parsed = Lexer.ReadDuration(text, iso: null, out var seconds) == DurationReading.Valid;
                value = seconds;
                hint = " (write a duration such as 0s or 24h)";
                return parsed;
            case TypeKind.Member:
                var found = type.Vocabulary!.TryGetOrdinal(text, out var ordinal);
                value = ordinal;
                hint = Suggestions.DidYouMean(text, type.Vocabulary.Members) + ". Members: " + string.Join(", ", type.Vocabulary.Members);
                return found;
            default:
                value = text;
                return true;
        }
    }

    private Dictionary<string, DefineBinding> BindDefineSymbols(Dictionary<string, FactSymbol> facts)
    {
        var defines = new Dictionary<string, DefineBinding>(StringComparer.Ordinal);
        foreach (var define in _syntax.Defines)
        {
            var name = define.Name.Value;
            if (!CheckName(define.Name, "define"))
            {
                continue;
            }

            if (facts.ContainsKey(name))
            {
                Report(RecoveryDiagnostics.FactNameConflict, define.Name.Location, name, "a fact");
                continue;
            }

            defines.TryAdd(name, new DefineBinding(name, define.Expression, defines.Count, define.Name.Location, define.IsMalformed));
        }

        return defines;
    }
}
