using System.Runtime.CompilerServices;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// How large the arrays of a case frame are for one policy: a slot per fact of each slot kind, per
/// amount (an item's amount, an empowerment's limit) and per condition. Computed once per bound
/// policy from its facts and rules, and read by the program, the case reader and the frame
/// (docs/design.md §6).
/// </summary>
internal sealed record SlotLayout(int DecimalSlots, int OrdinalSlots, int BooleanSlots, int TextSlots, int AmountSlots, int ConditionCount)
{
    private static readonly ConditionalWeakTable<BoundPolicy, SlotLayout> Layouts = [];

    /// <summary>The layout of <paramref name="policy"/>, computed on first use and kept with the policy.</summary>
    public static SlotLayout Of(BoundPolicy policy) => Layouts.GetValue(policy, Compute);

    private static SlotLayout Compute(BoundPolicy policy)
    {
        var slots = new int[4];
        foreach (var fact in policy.Facts)
        {
            slots[(int)fact.SlotKind] = Math.Max(slots[(int)fact.SlotKind], fact.Slot + 1);
        }

        var amounts = 0;
        var conditions = 0;
        foreach (var rule in policy.Rules)
        {
            amounts = Math.Max(amounts, AmountsOf(rule.Decision));
            conditions = Math.Max(conditions, rule.FirstCondition + rule.Conditions.Length);
        }

        if (policy.Otherwise is { } otherwise)
        {
            amounts = Math.Max(amounts, AmountsOf(otherwise));
        }

        return new SlotLayout(
            slots[(int)SlotKind.Decimal], slots[(int)SlotKind.Ordinal], slots[(int)SlotKind.Boolean], slots[(int)SlotKind.Text],
            amounts, conditions);
    }

    /// <summary>One past the highest amount slot a decision uses.</summary>
    private static int AmountsOf(BoundDecision decision)
    {
        var end = decision.Empowerment is { } empowerment ? empowerment.LimitSlot + 1 : 0;
        foreach (var item in decision.Items)
        {
            end = Math.Max(end, item.AmountSlot + 1);
        }

        return end;
    }
}
