using RecoveryRules.Diagnostics;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;

namespace RecoveryRules.Binding;

// Binder.Lookup: resolves names. A name is a fact, then a define, then a member of the
// vocabulary it is compared with (docs/policy-language.md §5, Names and lookup order); a dotted name may end in a duration part.
internal sealed partial class Binder
{
    private BoundExpression BindName(NameExpressionSyntax syntax, PolicyType? expected)
    {
        var name = syntax.Name;
        if (TryBindFactOrDefine(syntax, name, out var bound))
        {
            return bound;
        }

        if (expected is { Kind: TypeKind.Member, Vocabulary: { } vocabulary } && vocabulary.TryGetOrdinal(name, out var ordinal))
        {
            return new BoundLiteral(syntax, vocabulary.Type, ordinal);
        }

        // A dotted name whose prefix is a duration: delay.hours, waited.days.
        var dot = name.LastIndexOf('.');
        if (dot > 0)
        {
            var prefix = name[..dot];
            var property = name[(dot + 1)..];
            if (TryBindFactOrDefine(syntax, prefix, out var operand))
            {
                if (operand.HasErrors)
                {
                    return operand;
                }

                if (operand.Type.Kind == TypeKind.Duration)
                {
                    DurationUnit? unit = property switch
                    {
                        "minutes" => DurationUnit.Minutes,
                        "hours" => DurationUnit.Hours,
                        "days" => DurationUnit.Days,
                        _ => null,
                    };
                    if (unit is { } u)
                    {
                        return new BoundDurationPart(syntax, operand, u);
                    }

                    Diagnostics.Add(RecoveryDiagnostics.UnknownProperty, Locate(syntax), prefix, property,
                        Suggestions.DidYouMean(property, ["minutes", "hours", "days"]) is { Length: > 0 } s ? s : " (a duration has minutes, hours and days)");
                    return new BoundErrorExpression(syntax);
                }

                Diagnostics.Add(RecoveryDiagnostics.UnknownProperty, Locate(syntax), prefix, property, $" ({prefix} is {operand.Type}; only durations have .minutes, .hours and .days)");
                return new BoundErrorExpression(syntax);
            }
        }

        ReportUnknownName(syntax, name, expected);
        return new BoundErrorExpression(syntax);
    }

    private bool TryBindFactOrDefine(NameExpressionSyntax syntax, string name, out BoundExpression bound)
    {
        if (_scope.Facts.TryGetValue(name, out var fact))
        {
            bound = new BoundFactReference(syntax, fact);
            return true;
        }

        if (_scope.Defines.TryGetValue(name, out var define))
        {
            bound = BindDefine(syntax, define);
            return true;
        }

        bound = null!;
        return false;
    }

    private BoundExpression BindDefine(NameExpressionSyntax syntax, DefineBinding define)
    {
        define.IsUsed = true;
        if (_scope.CycleUses.Contains(syntax))
        {
            return new BoundErrorExpression(syntax); // reported when the defines were ordered
        }

        if (define.Body is null)
        {
            if (define.IsBinding)
            {
                var path = _scope.DefinesBeingBound.Skip(_scope.DefinesBeingBound.IndexOf(define)).Select(d => d.Name).Append(define.Name);
                Diagnostics.Add(RecoveryDiagnostics.DefineCycle, Locate(syntax), define.Name, string.Join(" → ", path));
                return new BoundErrorExpression(syntax);
            }

            BindDefineBody(_scope, define);
        }

        // A constant define is a constant where it is used: 'huge * huge' overflows at load time.
        return define.Body!.HasErrors ? new BoundErrorExpression(syntax) : new BoundDefineReference(syntax, define.Symbol!, define.Body) { Constant = define.Body.Constant };
    }

    /// <summary>Binds a define's body once, on first use or when the compiler visits it.</summary>
    public static void BindDefineBody(BinderScope scope, DefineBinding define)
    {
        if (define.Body is not null || define.IsBinding)
        {
            return;
        }

        if (define.IsMalformed || define.IsTooDeep)
        {
            define.Bind(new BoundErrorExpression(new ErrorExpressionSyntax(default))); // reported by the front end, or when ordering the defines
            return;
        }

        define.IsBinding = true;
        scope.DefinesBeingBound.Add(define);
        var context = $"define '{define.Name}'";
        var body = define.Syntax is { } parsed
            ? new Binder(scope, define.Source.Map, context).BindExpression(parsed)
            : BindScalar(scope, define.Source, context, $"The define '{define.Name}'");
        scope.DefinesBeingBound.RemoveAt(scope.DefinesBeingBound.Count - 1);

        define.Bind(body);
        define.IsBinding = false;
    }

    /// <summary>Whether a name needs the other side of a comparison to be resolved (a member, or a quoted text).</summary>
    private bool NeedsContext(ExpressionSyntax syntax) => syntax switch
    {
        NameExpressionSyntax name => !_scope.Facts.ContainsKey(name.Name) && !_scope.Defines.ContainsKey(name.Name)
            && !(name.Name.LastIndexOf('.') is var dot && dot > 0 && (_scope.Facts.ContainsKey(name.Name[..dot]) || _scope.Defines.ContainsKey(name.Name[..dot]))),
        LiteralExpressionSyntax { LiteralKind: LiteralKind.String } => true,
        ParenthesizedExpressionSyntax parenthesized => NeedsContext(parenthesized.Expression),
        _ => false,
    };

    private void ReportUnknownName(NameExpressionSyntax syntax, string name, PolicyType? expected)
    {
        // Past the diagnostics a file can show, a "did you mean" would compare the name with every
        // fact, define and member for nothing: thousands of unknown names among thousands of facts
        // (a hostile file) would take minutes. Without it the cost stays linear in the text.
        if (Diagnostics.Count >= DiagnosticBag.Limit)
        {
            var kind = expected is { Kind: TypeKind.Member, Vocabulary: { } target } ? "member of " + target.Description : "member";
            Diagnostics.Add(RecoveryDiagnostics.UnknownName, Locate(syntax), name, kind, string.Empty);
            return;
        }

        var candidates = new List<string>(_scope.Facts.Keys);
        candidates.AddRange(_scope.Defines.Keys);
        string what;
        if (expected is { Kind: TypeKind.Member, Vocabulary: { } vocabulary })
        {
            what = "member of " + vocabulary.Description;
            candidates.AddRange(vocabulary.Members);
            var elsewhere = _scope.Vocabularies.FirstOrDefault(v => !ReferenceEquals(v, vocabulary) && v.TryGetOrdinal(name, out _));
            if (elsewhere is not null && Suggestions.Closest(name, candidates) is null)
            {
                // 'severity == gold': the name exists, in another vocabulary.
                Diagnostics.Add(RecoveryDiagnostics.UnknownName, Locate(syntax), name, what,
                    $" ('{name}' is a member of {elsewhere.Description}, not of {vocabulary.Description})");
                return;
            }
        }
        else
        {
            what = "member";
            var owner = _scope.Vocabularies.FirstOrDefault(v => v.TryGetOrdinal(name, out _));
            if (owner is not null)
            {
                Diagnostics.Add(RecoveryDiagnostics.UnknownName, Locate(syntax), name, what,
                    $" ('{name}' is a member of {owner.Description}; compare it with a fact, as in '{ExampleFact(owner)} == {name}')");
                return;
            }

            foreach (var v in _scope.Vocabularies)
            {
                candidates.AddRange(v.Members);
            }
        }

        Diagnostics.Add(RecoveryDiagnostics.UnknownName, Locate(syntax), name, what, Suggestions.DidYouMean(name, candidates));
    }

    private string ExampleFact(Vocabulary vocabulary) =>
        _scope.Facts.Values.FirstOrDefault(f => ReferenceEquals(f.Type.Vocabulary, vocabulary))?.Name ?? vocabulary.Name;
}
