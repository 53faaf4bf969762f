using RecoveryRules.Emit;
using RecoveryRules.Symbols;
using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Emit;

/// <summary>The frame's layout is computed in Emit from the bound policy: a slot per fact of each kind, per amount, per condition.</summary>
public sealed class SlotLayoutTests
{
    [Fact]
    public void Layout_counts_the_facts_of_each_kind_the_amounts_and_the_conditions()
    {
        var policy = PolicyAssert.Clean("""
            policy: p
            version: "1"
            currency: USD
            facts:
              orderValue: money
              proactive: bool
              carrier: text
              failureType: { oneOf: [information, technical], default: information }
            rules:
              - id: a
                when: [orderValue > 50, proactive]
                then:
                  compensate:
                    - refund: 10
                    - voucher: 5
              - id: b
                when: carrier == 'ParcelCo'
                then:
                  empower: { role: supervisor, limit: 30 }
            otherwise:
              compensate:
                - refund: 1
            """);

        var bound = policy.Bound;
        SlotLayout.Of(bound).Should().Be(new SlotLayout(
            DecimalSlots: 3,   // delay, customer.value, orderValue
            OrdinalSlots: 4,   // severity, channel, customer.tier, failureType
            BooleanSlots: 1,
            TextSlots: 1,
            AmountSlots: 4,
            ConditionCount: 3));
        SlotLayout.Of(bound).Should().BeSameAs(SlotLayout.Of(bound), "the layout is computed once per policy");
        bound.Facts.Select(f => f.Index).Should().Equal(Enumerable.Range(0, bound.Facts.Length));
        bound.Facts.Where(f => f.SlotKind == SlotKind.Decimal).Select(f => f.Slot).Should().Equal(0, 1, 2);
    }
}
