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
                size += _plans[fired[i]].Items.Length;
            }

            var array = new CompensationItem[size];
            var amounts = frame.Amounts;
            var sum = new MinorUnitSum(policy.MinorUnit);
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                var plan = _plans[fired[i]];
                foreach (var item in plan.Items)
                {
                    if (item.Slot < 0)
                    {
                        array[at++] = item.Shared!;
                        continue;
                    }

                    var amount = amounts[item.Slot];
                    sum.Add(amount);
                    array[at++] = item.Shared ?? new CompensationItem(item.Kind, amount, plan.Id, item.Note);
                }
            }

            items = ImmutableCollectionsMarshal.AsImmutableArray(array);
            if (!sum.TryTotal(out total))
            {
                // An amount not at the currency's scale (or a sum past 96 bits): add the decimals, as the sum is defined.
                total = 0m;
                var first = true;
                foreach (var item in array)
                {
                    total = Add(total, first, item.Amount);
                    first = false;
                }
            }
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

    // What each rule (by consideration order) adds to a decision, read without going through the bound tree.
    private readonly RulePlan[] _plans = RulePlan.For(policy);

    // Every empowerment action of the policy, by the index the plans' action masks use; null when there are more than 64.
    private readonly string[]? _actionNames = RulePlan.ActionNames(policy);

    /// <summary>One item of a rule: its amount's slot (-1 when it has none), and the item itself when it is the same in every case.</summary>
    private readonly record struct ItemPlan(string Kind, string? Note, int Slot, CompensationItem? Shared);

    /// <summary>What a rule adds to a decision when it fires, made once per policy.</summary>
    private sealed class RulePlan
    {
        public required string Id { get; init; }

        public required BoundRule Rule { get; init; }

        public required ItemPlan[] Items { get; init; }

        public BoundEscalation? Escalation { get; init; }

        public BoundEmpowerment? Empowerment { get; init; }

        public string? Note { get; init; }

        /// <summary>The empowerment's actions as indices into the policy's action names, and as a mask of them.</summary>
        public int[] ActionIds { get; init; } = [];

        public ulong ActionMask { get; init; }

        /// <summary>The policy's empowerment actions in first-seen order, or <c>null</c> when there are more than 64 (too many for a mask).</summary>
        public static string[]? ActionNames(BoundPolicy policy)
        {
            var names = policy.Rules.SelectMany(r => r.Decision.Empowerment?.Actions ?? []).Distinct(StringComparer.Ordinal).ToArray();
            return names.Length <= 64 ? names : null;
        }

        public static RulePlan[] For(BoundPolicy policy)
        {
            var actionNames = ActionNames(policy);
            var masks = actionNames is not null;
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var name in actionNames ?? [])
            {
                names.Add(name, names.Count);
            }

            var plans = new RulePlan[policy.Rules.Length];
            for (var order = 0; order < plans.Length; order++)
            {
                var rule = policy.Rules[order];
                var decision = rule.Decision;
                var items = new ItemPlan[decision.Items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    var item = decision.Items[i];
                    var shared = item.Amount is null ? new CompensationItem(item.Kind, null, rule.Id, item.Note)
                        : EvaluationChecks.TryConstantAmount(item.Amount, policy.MinorUnit, out var constant) ? new CompensationItem(item.Kind, constant, rule.Id, item.Note)
                        : null;
                    items[i] = new ItemPlan(item.Kind, item.Note, item.Amount is null ? -1 : item.AmountSlot, shared);
                }

                var ids = masks && decision.Empowerment is { } empowerment ? empowerment.Actions.Select(a => names[a]).ToArray() : [];
                plans[order] = new RulePlan
                {
                    Id = rule.Id,
                    Rule = rule,
                    Items = items,
                    Escalation = decision.Escalation,
                    Empowerment = decision.Empowerment,
                    Note = decision.Note,
                    ActionIds = ids,
                    ActionMask = Mask(ids),
                };
            }

            return plans;
        }

        // A loop rather than LINQ's Aggregate: its instantiation over ulong is JIT'd in every fresh process (docs/performance.md, "Where the time goes in a fresh process").
        private static ulong Mask(int[] ids)
        {
            var mask = 0UL;
            foreach (var id in ids)
            {
                mask |= 1UL << id;
            }

            return mask;
        }
    }

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
            return _plans[frame.Fired[0]].Rule.IdArray;
        }

        var fired = frame.Fired;
        var array = new string[count];
        for (var i = 0; i < count; i++)
        {
            array[i] = _plans[fired[i]].Id;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    private ImmutableArray<string> Notes(CaseFrame frame, int count)
    {
        var fired = frame.Fired;
        var size = 0;
        RulePlan? only = null;
        for (var i = 0; i < count; i++)
        {
            var plan = _plans[fired[i]];
            if (plan.Note is not null)
            {
                size++;
                only = plan;
            }
        }

        if (size <= 1)
        {
            return only?.Rule.NoteArray ?? [];
        }

        var array = new string[size];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            if (_plans[fired[i]].Note is { } note)
            {
                array[at++] = note;
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    private EscalationDecision? Escalation(CaseFrame frame, int count)
    {
        RulePlan? chosen = null;
        TimeSpan? within = null;
        var fired = frame.Fired;
        for (var i = 0; i < count; i++)
        {
            var plan = _plans[fired[i]];
            if (plan.Escalation is not { } escalation)
            {
                continue;
            }

            if (policy.EscalationMode == SelectionMode.First)
            {
                return new EscalationDecision(escalation.Target, escalation.Within, plan.Id);
            }

            if (chosen is null || escalation.TargetOrdinal > chosen.Escalation!.TargetOrdinal)
            {
                chosen = plan;
            }

            if (escalation.Within is { } sla && (within is null || sla < within))
            {
                within = sla;
            }
        }

        return chosen is null ? null : new EscalationDecision(chosen.Escalation!.Target, within, chosen.Id);
    }

    private EmpowermentDecision? Empowerment(CaseFrame frame, int count)
    {
        RulePlan? first = null;
        BoundEmpowerment? role = null;
        decimal? limit = null;
        var empowering = 0;
        var union = 0UL;
        var fired = frame.Fired;
        for (var i = 0; i < count; i++)
        {
            var plan = _plans[fired[i]];
            if (plan.Empowerment is not { } empowerment)
            {
                continue;
            }

            var ruleLimit = empowerment.Limit is null ? (decimal?)null : frame.Amounts[empowerment.LimitSlot];
            if (policy.EmpowermentMode == SelectionMode.First)
            {
                return new EmpowermentDecision(empowerment.Role, ruleLimit, empowerment.Actions, plan.Rule.IdArray);
            }

            first ??= plan;
            empowering++;
            union |= plan.ActionMask;
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
            return new EmpowermentDecision(role.Role, limit, role.Actions, first!.Rule.IdArray);
        }

        if (_actionNames is { } names)
        {
            // Several rules empower: the actions in first-seen order, each once (one bit per action), and every rule.
            var merged = new string[System.Numerics.BitOperations.PopCount(union)];
            var empowered = new string[empowering];
            var seen = 0UL;
            var action = 0;
            var rule = 0;
            for (var i = 0; i < count; i++)
            {
                var plan = _plans[fired[i]];
                if (plan.Empowerment is null)
                {
                    continue;
                }

                empowered[rule++] = plan.Id;
                if ((plan.ActionMask & ~seen) == 0)
                {
                    continue;
                }

                foreach (var id in plan.ActionIds)
                {
                    var bit = 1UL << id;
                    if ((seen & bit) == 0)
                    {
                        seen |= bit;
                        merged[action++] = names[id];
                    }
                }
            }

            return new EmpowermentDecision(role.Role, limit, ImmutableCollectionsMarshal.AsImmutableArray(merged), ImmutableCollectionsMarshal.AsImmutableArray(empowered));
        }

        // Several rules empower, with more than 64 actions in the policy: merge the actions in first-seen order, list every rule.
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
