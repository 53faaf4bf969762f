using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Symbols;

namespace RecoveryRules.Evaluation;

/// <summary>
/// Builds the <see cref="DecisionExplanation"/> of an explained evaluation: every rule in
/// consideration order with each condition's recorded value, matched, not matched or not
/// considered (after a <c>stop</c>), the facts as the policy saw them, and which rules decided.
/// Each condition carries its operands (<see cref="ConditionOperands"/>, built on the first
/// explanation). One per policy; used only when an explanation was asked for.
/// </summary>
internal sealed class DecisionExplainer(BoundPolicy policy)
{
    private readonly Lazy<ConditionOperands> _operands = new(() => ConditionOperands.For(policy), LazyThreadSafetyMode.ExecutionAndPublication);

    public DecisionExplanation Explain(CaseFrame frame, int count, bool otherwiseApplied, ImmutableArray<CompensationItem> items, decimal uncapped)
    {
        var keptRules = items.Select(i => i.Rule).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var firedOrders = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            firedOrders.Add(frame.Fired[i]);
        }

        var stoppedAt = int.MaxValue;
        for (var i = 0; i < count; i++)
        {
            if (policy.Rules[frame.Fired[i]].Stop)
            {
                stoppedAt = frame.Fired[i];
                break;
            }
        }

        var operands = _operands.Value.Values(frame, fact => FactText(fact, frame));
        var rules = ImmutableArray.CreateBuilder<RuleExplanation>(policy.Rules.Length);
        for (var order = 0; order < policy.Rules.Length; order++)
        {
            var rule = policy.Rules[order];
            var conditions = ImmutableArray.CreateBuilder<ConditionExplanation>(rule.Conditions.Length);
            for (var c = 0; c < rule.Conditions.Length; c++)
            {
                var value = order > stoppedAt ? (sbyte)-1 : frame.Conditions[rule.FirstCondition + c];
                conditions.Add(new ConditionExplanation(rule.Conditions[c].Text, value < 0 ? null : value == 1, operands[rule.FirstCondition + c]));
            }

            var outcome = order > stoppedAt ? RuleOutcome.NotConsidered
                : firedOrders.Contains(order) ? RuleOutcome.Matched
                : RuleOutcome.NotMatched;
            rules.Add(new RuleExplanation(rule.Id, rule.Priority, outcome, conditions.MoveToImmutable(), order == stoppedAt));
        }

        var facts = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        foreach (var fact in policy.Facts.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            facts.Add(new(fact.Name, FactText(fact, frame)));
        }

        return new DecisionExplanation
        {
            Facts = facts.ToImmutable(),
            Rules = rules.MoveToImmutable(),
            OtherwiseApplied = otherwiseApplied,
            CompensationMode = policy.CompensationMode.ToString().ToLowerInvariant(),
            EscalationMode = policy.EscalationMode.ToString().ToLowerInvariant(),
            EmpowermentMode = policy.EmpowermentMode.ToString().ToLowerInvariant(),
            CompensationRules = keptRules,
            UncappedTotal = policy.Cap is null ? null : uncapped,
            Cap = policy.Cap is null ? null : frame.Cap,
        };
    }

    private string FactText(FactSymbol fact, CaseFrame frame) => fact.Type.Kind switch
    {
        TypeKind.Member => fact.Type.Vocabulary!.Members[frame.Ordinals[fact.Slot]],
        TypeKind.Bool => frame.Booleans[fact.Slot] ? "true" : "false",
        TypeKind.Text => "'" + frame.Texts[fact.Slot] + "'",
        TypeKind.Duration => DecisionDisplay.Seconds(frame.Decimals[fact.Slot]),
        TypeKind.Money => DecisionDisplay.Money(frame.Decimals[fact.Slot], policy.Currency),
        _ => frame.Decimals[fact.Slot].ToString(CultureInfo.InvariantCulture),
    };
}
