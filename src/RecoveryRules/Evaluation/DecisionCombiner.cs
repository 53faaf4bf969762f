using System.Collections.Immutable;
using System.Runtime.InteropServices;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Symbols;

namespace RecoveryRules.Evaluation;

/// <summary>
/// Combines the decisions of the rules that fired into one <see cref="Decision"/>, as
/// docs/policy-language.md §9 and §10 say: sum/max/first compensation and the cap; highest/first
/// escalation with the shortest SLA; highest/first empowerment with the union of actions; the
/// notes; <c>otherwise</c> when no rule fired. One per policy; reads the frame the program filled.
/// </summary>
internal sealed class DecisionCombiner(BoundPolicy policy, PolicyIdentity identity)
{
    private readonly DecisionExplainer _explainer = new(policy);

    /// <summary>
    /// Combines the fired rules' decisions. Allocates only the decision: arrays of exact size,
    /// and the per-rule <c>[id]</c> and <c>[note]</c> arrays shared when one rule decides.
    /// </summary>
    public Decision Combine(string? caseId, CaseFrame frame, DateTimeOffset now, bool explain)
    {
        var count = frame.FiredCount;
        var rules = policy.Rules;
        var fired = frame.Fired;
        var otherwise = count == 0 ? policy.Otherwise : null;

        // Compensation: choose the rules whose items are kept (in consideration order).
        var total = 0m;
        ImmutableArray<CompensationItem> items;
        if (otherwise is not null)
        {
            items = Items(otherwise, PolicyBinder.Otherwise, frame, ref total);
        }
        else if (count == 0)
        {
            items = [];
        }
        else if (policy.CompensationMode == CompensationMode.Sum)
        {
            var size = 0;
            for (var i = 0; i < count; i++)
            {
                size += rules[fired[i]].Decision.Items.Length;
            }

            var array = new CompensationItem[size];
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                var rule = rules[fired[i]];
                foreach (var item in rule.Decision.Items)
                {
                    var amount = item.Amount is null ? (decimal?)null : frame.Amounts[item.AmountSlot];
                    total = Add(total, at == 0, amount);
                    array[at++] = new CompensationItem(item.Kind, amount, rule.Id, item.Note);
                }
            }

            items = ImmutableCollectionsMarshal.AsImmutableArray(array);
        }
        else
        {
            var chosen = policy.CompensationMode == CompensationMode.Max ? MaxCompensating(frame, count) : FirstCompensating(frame, count);
            items = chosen is null ? [] : Items(chosen.Decision, chosen.Id, frame, ref total);
        }

        total = Currencies.Round(total, policy.MinorUnit);
        var uncapped = total;
        var capped = false;
        if (policy.Cap is not null && total > frame.Cap)
        {
            total = frame.Cap;
            capped = true;
        }

        var compensation = items.IsEmpty ? _noCompensation : new CompensationDecision(total, policy.Currency, capped, items);

        EscalationDecision? escalation;
        EmpowermentDecision? empowerment;
        ImmutableArray<string> notes;
        ImmutableArray<string> firedIds;
        if (otherwise is not null)
        {
            escalation = _otherwiseEscalation;
            empowerment = otherwise.Empowerment is { } p
                ? new EmpowermentDecision(p.Role, p.Limit is null ? null : frame.Amounts[p.LimitSlot], p.Actions, OtherwiseArray)
                : null;
            notes = otherwise.Note is { } note ? [note] : [];
            firedIds = [];
        }
        else
        {
            escalation = Escalation(frame, count);
            empowerment = Empowerment(frame, count);
            notes = Notes(frame, count);
            firedIds = FiredIds(frame, count);
        }

        return new Decision
        {
            CaseId = caseId,
            Policy = identity,
            Compensation = compensation,
            Escalation = escalation,
            Empowerment = empowerment,
            Notes = notes,
            Fired = firedIds,
            EvaluatedAt = now,
            Explanation = explain ? _explainer.Explain(frame, count, otherwise is not null, items, uncapped) : null,
        };
    }

    private static readonly ImmutableArray<string> OtherwiseArray = [PolicyBinder.Otherwise];

    // Immutable parts of a decision that do not depend on the case, made once per policy.
    private readonly CompensationDecision _noCompensation = new(Currencies.Round(0m, policy.MinorUnit), policy.Currency, false, []);
    private readonly EscalationDecision? _otherwiseEscalation = policy.Otherwise?.Escalation is { } e
        ? new EscalationDecision(e.Target, e.Within, PolicyBinder.Otherwise)
        : null;

    private BoundRule? MaxCompensating(CaseFrame frame, int count)
    {
        BoundRule? best = null;
        var bestTotal = 0m;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Items.IsEmpty)
            {
                continue;
            }

            var sum = 0m;
            foreach (var item in rule.Decision.Items)
            {
                sum += item.Amount is null ? 0m : frame.Amounts[item.AmountSlot];
            }

            if (best is null || sum > bestTotal)
            {
                best = rule;
                bestTotal = sum;
            }
        }

        return best;
    }

    private BoundRule? FirstCompensating(CaseFrame frame, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (!rule.Decision.Items.IsEmpty)
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="total"/> plus <paramref name="amount"/> (none adds nothing). The first amount added to the starting
    /// <c>0</c> is the total itself when it is not negative: <c>0 + x</c> is <c>x</c>, the same value and scale, bit for bit.
    /// </summary>
    private static decimal Add(decimal total, bool first, decimal? amount) =>
        amount is not { } value ? total
        : first && !decimal.IsNegative(value) ? value
        : total + value;

    private static ImmutableArray<CompensationItem> Items(BoundDecision decision, string ruleId, CaseFrame frame, ref decimal total)
    {
        if (decision.Items.IsEmpty)
        {
            return [];
        }

        var array = new CompensationItem[decision.Items.Length];
        for (var i = 0; i < array.Length; i++)
        {
            var item = decision.Items[i];
            var amount = item.Amount is null ? (decimal?)null : frame.Amounts[item.AmountSlot];
            total = Add(total, i == 0, amount);
            array[i] = new CompensationItem(item.Kind, amount, ruleId, item.Note);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    private ImmutableArray<string> FiredIds(CaseFrame frame, int count)
    {
        if (count == 1)
        {
            return policy.Rules[frame.Fired[0]].IdArray;
        }

        var array = new string[count];
        for (var i = 0; i < count; i++)
        {
            array[i] = policy.Rules[frame.Fired[i]].Id;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    private ImmutableArray<string> Notes(CaseFrame frame, int count)
    {
        var size = 0;
        BoundRule? only = null;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Note is not null)
            {
                size++;
                only = rule;
            }
        }

        if (size <= 1)
        {
            return only?.NoteArray ?? [];
        }

        var array = new string[size];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            if (policy.Rules[frame.Fired[i]].Decision.Note is { } note)
            {
                array[at++] = note;
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    private EscalationDecision? Escalation(CaseFrame frame, int count)
    {
        BoundRule? chosen = null;
        TimeSpan? within = null;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Escalation is not { } escalation)
            {
                continue;
            }

            if (policy.EscalationMode == SelectionMode.First)
            {
                return new EscalationDecision(escalation.Target, escalation.Within, rule.Id);
            }

            if (chosen is null || escalation.TargetOrdinal > chosen.Decision.Escalation!.TargetOrdinal)
            {
                chosen = rule;
            }

            if (escalation.Within is { } sla && (within is null || sla < within))
            {
                within = sla;
            }
        }

        return chosen is null ? null : new EscalationDecision(chosen.Decision.Escalation!.Target, within, chosen.Id);
    }

    private EmpowermentDecision? Empowerment(CaseFrame frame, int count)
    {
        BoundRule? first = null;
        BoundEmpowerment? role = null;
        decimal? limit = null;
        var empowering = 0;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Empowerment is not { } empowerment)
            {
                continue;
            }

            var ruleLimit = empowerment.Limit is null ? (decimal?)null : frame.Amounts[empowerment.LimitSlot];
            if (policy.EmpowermentMode == SelectionMode.First)
            {
                return new EmpowermentDecision(empowerment.Role, ruleLimit, empowerment.Actions, rule.IdArray);
            }

            first ??= rule;
            empowering++;
            if (role is null || empowerment.RoleOrdinal > role.RoleOrdinal)
            {
                role = empowerment;
            }

            if (ruleLimit is { } l && (limit is null || l > limit))
            {
                limit = l;
            }
        }

        if (role is null)
        {
            return null;
        }

        if (empowering == 1)
        {
            return new EmpowermentDecision(role.Role, limit, role.Actions, first!.IdArray);
        }

        // Several rules empower: merge the actions in first-seen order, list every rule.
        var actions = ImmutableArray.CreateBuilder<string>();
        var rules = new string[empowering];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Empowerment is not { } empowerment)
            {
                continue;
            }

            rules[at++] = rule.Id;
            foreach (var action in empowerment.Actions)
            {
                if (!actions.Contains(action))
                {
                    actions.Add(action);
                }
            }
        }

        return new EmpowermentDecision(role.Role, limit, actions.DrainToImmutable(), ImmutableCollectionsMarshal.AsImmutableArray(rules));
    }
}
