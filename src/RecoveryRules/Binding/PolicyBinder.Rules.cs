using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Binding;

// PolicyBinder.Rules: binds each rule's id, priority, conditions, stop and decision, and the
// otherwise decision; then looks at the whole for rules that can never be reached.
internal sealed partial class PolicyBinder
{
    private List<BoundRule> BindRules(BinderScope scope, Dictionary<string, Vocabulary> scales, PolicyType money, ref int amountSlots)
    {
        var rules = new List<BoundRule>();
        var ids = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var rule in _syntax.Rules)
        {
            var id = rule.Id?.Value ?? string.Empty;
            if (rule.Id is { } idSyntax && CheckName(idSyntax, "rule"))
            {
                if (id == Otherwise)
                {
                    Report(RecoveryDiagnostics.InvalidName, idSyntax.Location, id, "rule", " ('otherwise' names the decision when no rule matched)");
                }
                else if (ids.TryGetValue(id, out var first))
                {
                    Report(RecoveryDiagnostics.DuplicateRuleId, idSyntax.Location, id, first.Line + 1);
                }
                else
                {
                    ids[id] = idSyntax.Location;
                }
            }

            var what = rule.Id is null ? $"the rule at line {rule.Location.Line + 1}" : $"rule '{id}'";
            var priority = 0m;
            if (rule.Priority is { } prioritySyntax
                && !decimal.TryParse(prioritySyntax.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out priority))
            {
                if (IsTooLargeNumber(prioritySyntax.Value))
                {
                    Report(RecoveryDiagnostics.ValueTooLarge, prioritySyntax.Location, $"The priority of {what}", prioritySyntax.Value, Lexer.MaxNumberText);
                }
                else
                {
                    Report(RecoveryDiagnostics.InvalidNumber, prioritySyntax.Location, $"The priority of {what}", prioritySyntax.Value);
                }
            }

            var stop = false;
            if (rule.Stop is { } stopSyntax)
            {
                if (stopSyntax.Value is "true" or "false")
                {
                    stop = stopSyntax.Value == "true";
                }
                else
                {
                    Report(RecoveryDiagnostics.InvalidBoolean, stopSyntax.Location, $"'stop' of {what}", stopSyntax.Value);
                }
            }

            var conditions = ImmutableArray.CreateBuilder<BoundCondition>();
            foreach (var condition in rule.When)
            {
                var binder = new Binder(scope, condition.Map, what);
                var bound = binder.Require(Binder.BindScalar(scope, condition, what, "The condition"), PolicyType.Bool, "The condition");
                AddConditions(conditions, condition, bound);
            }

            BoundDecision decision;
            if (rule.Then is { } then)
            {
                decision = BindDecision(scope, scales, money, then, what, ref amountSlots);
            }
            else
            {
                decision = new BoundDecision([], null, null, null);
                if (!stop && !_diagnostics.HasErrorWithin(rule.Location))
                {
                    Report(RecoveryDiagnostics.EmptyDecision, rule.Location, Sentence(what));
                }
            }

            rules.Add(new BoundRule(id, rules.Count, rule.Description?.Value, priority, conditions.ToImmutable(), stop, decision, rule.Location));
        }

        return rules;
    }

    /// <summary>
    /// A top-level <c>a and b</c> is the same as the list <c>[a, b]</c> (both stop at the first false
    /// operand), so it is split into conditions: the explanation then shows each one's value, and
    /// the two spellings have the same canonical form.
    /// </summary>
    private static void AddConditions(ImmutableArray<BoundCondition>.Builder conditions, ScalarSyntax source, BoundExpression bound)
    {
        // Left to right, with a stack of the parts still to split rather than recursion.
        var pending = new Stack<BoundExpression>();
        pending.Push(bound);
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part is BoundBinary { Operator: BoundBinaryOperator.And } and)
            {
                pending.Push(and.Right);
                pending.Push(and.Left);
                continue;
            }

            var span = part.Syntax.Span;
            var text = span.End <= source.Value.Length ? source.Value.Substring(span.Start, span.Length).Trim() : source.Value.Trim();
            conditions.Add(new BoundCondition(text, part, source.Map.Locate(span)));
        }
    }

    /// <summary>Binds a money expression (an item's amount, an empowerment's limit) to its own amount slot and evaluation site.</summary>
    private static (BoundExpression? Amount, int Slot, int Site) BindAmount(BinderScope scope, ScalarSyntax? syntax, PolicyType money, string context, ref int amountSlots)
    {
        if (syntax is null)
        {
            return (null, -1, -1);
        }

        var binder = new Binder(scope, syntax.Map, context);
        var amount = binder.RequireAmount(Binder.BindScalar(scope, syntax, context, context), money, context);
        return (amount, amountSlots++, scope.AddSite(context, syntax.Location));
    }

    private BoundDecision BindDecision(BinderScope scope, Dictionary<string, Vocabulary> scales, PolicyType money, DecisionSyntax syntax, string what, ref int amountSlots)
    {
        var items = ImmutableArray.CreateBuilder<BoundCompensationItem>();
        foreach (var item in syntax.Compensate)
        {
            CheckName(item.Kind, "compensation kind");
            var (amount, slot, site) = BindAmount(scope, item.Amount, money, $"The amount of '{item.Kind.Value}' in {what}", ref amountSlots);

            items.Add(new BoundCompensationItem(item.Kind.Value, amount, item.Note?.Value, slot, site));
        }

        // Each part of escalate and empower is checked on its own, so that an unknown target or
        // role does not hide a malformed 'within' or 'limit' next to it.
        BoundEscalation? escalation = null;
        if (syntax.Escalate is { } escalate)
        {
            decimal? within = null;
            if (escalate.Within is { } withinSyntax)
            {
                // At most Lexer.MaxDurationSeconds, so BoundEscalation's TimeSpan cannot overflow.
                switch (Lexer.ReadDuration(withinSyntax.Value, iso: null, out var seconds))
                {
                    case DurationReading.Valid:
                        within = seconds;
                        break;
                    case DurationReading.TooLarge:
                        Report(RecoveryDiagnostics.ValueTooLarge, withinSyntax.Location, $"The SLA of 'escalate' in {what}", withinSyntax.Value, Lexer.MaxDurationText);
                        break;
                    default:
                        Report(RecoveryDiagnostics.InvalidDuration, withinSyntax.Location, withinSyntax.Value);
                        break;
                }
            }

            if (escalate.To is null)
            {
                Report(RecoveryDiagnostics.MissingKey, escalate.Location, $"'escalate' in {what}", "to", " (the target on the escalation scale)");
            }
            else if (BindMember(escalate.To, scales["escalation"]) is { } target)
            {
                escalation = new BoundEscalation(escalate.To.Value, target, within);
            }
        }

        BoundEmpowerment? empowerment = null;
        if (syntax.Empower is { } empower)
        {
            var (limit, slot, site) = BindAmount(scope, empower.Limit, money, $"The limit of 'empower' in {what}", ref amountSlots);

            var actions = ImmutableArray.CreateBuilder<string>();
            foreach (var action in empower.Actions)
            {
                CheckName(action, "action");
                if (actions.Contains(action.Value))
                {
                    Report(RecoveryDiagnostics.DuplicateAction, action.Location, action.Value);
                    continue;
                }

                actions.Add(action.Value);
            }

            if (empower.Role is null)
            {
                Report(RecoveryDiagnostics.MissingKey, empower.Location, $"'empower' in {what}", "role", " (the role on the role scale)");
            }
            else if (BindMember(empower.Role, scales["role"]) is { } role)
            {
                empowerment = new BoundEmpowerment(empower.Role.Value, role, limit, slot, site, actions.ToImmutable());
            }
        }

        if (items.Count == 0 && escalation is null && empowerment is null && syntax.Note is null
            && syntax.Escalate is null && syntax.Empower is null
            && !_diagnostics.HasErrorWithin(syntax.Location))
        {
            // Not when an error inside explains it (a misspelled 'escalte:' the reader dropped).
            Report(RecoveryDiagnostics.EmptyDecision, syntax.Location, Sentence(what));
        }

        return new BoundDecision(items.ToImmutable(), escalation, empowerment, syntax.Note?.Value);
    }

    /// <summary>"rule 'late'" → "The rule 'late'"; "'otherwise'" stays; "the rule at line 4" → "The rule at line 4".</summary>
    private static string Sentence(string what) =>
        what.StartsWith("rule ", StringComparison.Ordinal) ? "The " + what : char.ToUpperInvariant(what[0]) + what[1..];

    private int? BindMember(ScalarSyntax member, Vocabulary vocabulary)
    {
        if (vocabulary.TryGetOrdinal(member.Value, out var ordinal))
        {
            return ordinal;
        }

        Report(RecoveryDiagnostics.UnknownMember, member.Location, member.Value, vocabulary.Description,
            Suggestions.DidYouMean(member.Value, vocabulary.Members), string.Join(", ", vocabulary.Members));
        return null;
    }

    /// <summary>Warnings about a policy that loads but says something its author probably did not mean.</summary>
    private void Analyze(List<BoundRule> ordered, IEnumerable<DefineBinding> defines)
    {
        // With errors, a define may look unused only because the expression that uses it did not
        // parse or misspells it ('lte' for 'late'): that warning would be a cascade.
        foreach (var define in _diagnostics.HasErrors ? [] : defines)
        {
            if (!define.IsUsed)
            {
                var source = _syntax.Defines.First(d => d.Name.Value == define.Name);
                Report(RecoveryDiagnostics.UnusedDefine, source.Name.Location, define.Name);
            }
        }

        var stopper = ordered.FirstOrDefault(r => r.Stop && r.Conditions.IsEmpty);
        if (stopper is not null)
        {
            foreach (var rule in ordered.SkipWhile(r => !ReferenceEquals(r, stopper)).Skip(1))
            {
                Report(RecoveryDiagnostics.UnreachableRule, rule.Location, rule.Id, $"'{stopper.Id}' always matches and stops");
            }
        }
    }
}
