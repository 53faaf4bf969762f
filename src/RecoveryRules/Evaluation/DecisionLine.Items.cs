using System.Runtime.CompilerServices;

namespace RecoveryRules.Evaluation;

/// <summary>A sum-mode line's items written while their amounts are summed (docs/design.md §36).</summary>
internal sealed partial class DecisionLine
{
    /// <summary>
    /// The items of every rule in <paramref name="itemed"/> (the fired rules with items, in consideration order), written while
    /// their amounts are added as <see cref="AddMinorUnits"/> adds them (docs/design.md §36): each amount is read once, and one
    /// that <see cref="DecimalText.IsCents"/> accepts (in a currency of two decimals: an exact amount in minor units below
    /// 10 000) is written in one store and added to a sum of such amounts that cannot overflow; any other is added as
    /// <see cref="AddMinorUnits"/> adds it (its scale and sign checked, the low 64 bits with their carries, the high 32 bits
    /// apart) and written by <see cref="DecimalText.Format"/>. A rule's constant amounts, written in its runs, are added from
    /// its <see cref="RuleText"/>. Every rule with items has runs that each end before a computed amount, then one last run
    /// that ends the rule's items (<see cref="_summedItems"/> is false for a policy whose runs are not so).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void WriteSummedItems(ref LineSpan outer, scoped ReadOnlySpan<int> itemed, decimal[] amounts, ref Sum sum)
    {
        var line = outer;
        var texts = _texts;
        var runs = _runs;
        var minorFlags = _policy.MinorUnit << 16;

        // The rules' tallies added and or-ed (their constants, how many have amounts, a constant that is not minor units), and the
        // amounts of one store added; any other amount is added into sum, as AddMinorUnits adds it.
        var tally = 0UL;
        var marks = 0UL;
        var cents = 0UL;
        foreach (var index in itemed)
        {
            ref readonly var text = ref texts[index];
            tally += text.Tally;
            marks |= text.Tally;
            var last = text.RunEnd - 1;
            for (var r = text.RunStart; r < last; r++)
            {
                ref readonly var run = ref runs[r];
                line.Copy(run.Bytes);
                ref readonly var amount = ref amounts[run.Slot];
                DecimalText.ReadInPlace(in amount, out var flags, out var amountHigh, out var amountLow);
                if (DecimalText.IsCents(flags, amountHigh, amountLow))
                {
                    // Below 10^6 each, with at most 2^31 rules' amounts: this sum does not overflow.
                    cents += amountLow;
                    line.Cents((uint)amountLow);
                }
                else
                {
                    sum.Mismatch |= flags ^ minorFlags;
                    sum.Low += amountLow;
                    sum.Carries += sum.Low < amountLow ? 1UL : 0UL;
                    sum.High += amountHigh;
                    line.SlowNumber(in amount);
                }
            }

            line.Copy(runs[last].Bytes);
        }

        cents += tally & TallyCents;
        sum.Low += cents;
        sum.Carries += sum.Low < cents ? 1UL : 0UL;
        sum.Mismatch |= (marks & TallyMismatch) != 0 ? 1 : 0;
        sum.Added = (int)((tally >> TallyRulesShift) & 0xFFFF);
        outer = line;
    }
}
