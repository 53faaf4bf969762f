using System.Buffers;
using System.Text;
using CsCheck;
using RecoveryRules.Evaluation;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// A sum-mode line's items written while their amounts are summed (docs/design.md §36) against the reference
/// (<see cref="Decision.ToJson"/> of the decision <see cref="RecoveryPolicy.TryEvaluate"/> gives): in USD, policies whose rules
/// have constant amounts (0, a fraction of a cent that rounds to 0, the largest and the first too large for a rule's tally,
/// amounts of 10 000 and more) and computed ones, with no cap, a cap that binds, a cap that does not, and a computed cap, over
/// cases whose order values reach the edges (amounts past one store, sums past 96 bits of cents and past a decimal's range).
/// The probe checks that both the capped line written with its cap first and the line whose items are moved after the total
/// ran, that sums fell back to decimals, and that the old path (a total summed first) still writes every other mode and
/// currency.
/// </summary>
public sealed class DecisionLineSummedItemsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, 120, TimeSpan.FromHours(2));

    private static readonly Condition Always = new("orderValue >= 0", _ => true);

    /// <summary>Constants at the edges of a rule's tally (2^24 − 1 and 2^24 cents), of one store (9 999.99, 10 000) and of rounding.</summary>
    private static readonly Gen<Amount> Constants = Gen.OneOf(
        Gen.OneOf("0", "5", "20", "0.004", "0.005", "9999.99", "10000", "167772.15", "167772.16", "200000", "12345678.9")
            .Select(text => new Amount(text, _ => 0m)));

    private static readonly Gen<GeneratedItem> Items = Gen.Frequency(
        (4, Gen.Select(Gen.OneOf("refund", "credit", "voucher"), PolicyGenerators.Amounts, Gen.OneOf<string?>(null, null, "Sorry"),
            (kind, amount, note) => new GeneratedItem(kind, amount, note))),
        (3, Gen.Select(Gen.OneOf("gift", "waiver"), Constants, (kind, amount) => new GeneratedItem(kind, amount, null))),
        (1, Gen.OneOf("apology", "upgrade").Select(kind => new GeneratedItem(kind, null, null))));

    private static readonly Gen<GeneratedDecision> Decisions = Gen.Select(
        Items.Array[0, 4], Gen.OneOf<string?>(null, "Note A"),
        (items, note) => new GeneratedDecision(items, null, null, note));

    /// <summary>No cap, a cap that binds most lines, one that binds none, or a computed one.</summary>
    private static readonly Gen<Amount?> Caps = Gen.OneOf<Amount?>(
        null,
        new Amount("50", _ => 0m),
        new Amount("100000000", _ => 0m),
        new Amount("max(orderValue, 50)", _ => 0m));

    private static readonly Gen<decimal> EdgeOrderValues = Gen.OneOf(
        Gen.Const(0m),
        Gen.Const(0.005m),
        Gen.Const(9999.99m),
        Gen.Const(10000m),
        Gen.Const(184467440737095516.15m),
        Gen.Const(1e20m),
        Gen.Const(7.9e26m),
        Gen.Const(79228162514264337593543950335m),
        Gen.Int[0, 1_000_000].Select(cents => cents / 100m));

    private static readonly Gen<string> Cases = Gen.Select(
        PolicyGenerators.Cases,
        Gen.Frequency((3, Gen.Const((decimal?)null)), (2, EdgeOrderValues.Select(v => (decimal?)v))),
        (c, orderValue) => (orderValue is { } value ? c with { OrderValue = value } : c).ToJson());

    [Theory]
    [InlineData(1U)]
    [InlineData(2U)]
    [InlineData(3U)]
    public void Sum_mode_lines_in_cents_written_while_summing_are_their_decision_json(uint seed)
    {
        var probe = new DecisionLine.LinePaths();
        DecisionLine.Probe = probe;
        var written = 0;
        var failed = 0;
        try
        {
            var random = new PCG(seed, 36);
            for (var p = 0; p < 30; p++)
            {
                var policy = Compile(random, "sum", "USD");
                foreach (var json in Cases.Array[40, 40].Generate(random, null, out _))
                {
                    switch (PlainLineComparison.Compare(policy, json, Now))
                    {
                        case PlainLine.Written:
                            written++;
                            break;
                        case PlainLine.Failed:
                            failed++;
                            break;
                    }
                }
            }
        }
        finally
        {
            DecisionLine.Probe = null;
        }

        // Not vacuous: every line of these policies was written while summing, some with the cap first and some moved after their
        // total; sums fell back to decimals (a constant too large for a tally, amounts past one store) and some overflowed.
        written.Should().BeGreaterThan(500);
        failed.Should().BePositive("some sums pass a decimal's range, and nothing is written for them");
        probe.Lines.Should().Be(written);
        probe.ItemsWhileSumming.Should().Be(written);
        probe.PlacedTotals.Should().BePositive("lines without a cap, or under it, have their items moved after the total");
        probe.PlacedTotals.Should().BeLessThan(written, "capped lines write the cap before the items and move nothing");
        probe.Exact.Should().BePositive("totals are summed in minor units");
        probe.Summed.Should().BeGreaterThan(probe.Exact, "some totals are summed as decimals");
        probe.SlowNumbers.Should().BePositive("amounts past one store are written by DecimalText.Format");
        probe.FixedIds.Should().Be(written);
    }

    [Theory]
    [InlineData("max", "USD")]
    [InlineData("first", "USD")]
    [InlineData("sum", "JPY")]
    [InlineData("sum", "BHD")]
    public void Other_modes_and_currencies_sum_first_and_write_the_same_lines(string mode, string currency)
    {
        var probe = new DecisionLine.LinePaths();
        DecisionLine.Probe = probe;
        var written = 0;
        try
        {
            var random = new PCG(7, 36);
            for (var p = 0; p < 12; p++)
            {
                var policy = Compile(random, mode, currency);
                foreach (var json in Cases.Array[30, 30].Generate(random, null, out _))
                {
                    written += PlainLineComparison.Compare(policy, json, Now) == PlainLine.Written ? 1 : 0;
                }
            }
        }
        finally
        {
            DecisionLine.Probe = null;
        }

        written.Should().BePositive();
        probe.Lines.Should().Be(written);
        probe.ItemsWhileSumming.Should().Be(0, "only sum mode in a currency of two decimals writes the items while summing");
    }

    [Theory]
    [InlineData("167772.15", "50")]
    [InlineData("167772.16", "50")]
    [InlineData("167772.15", null)]
    [InlineData("167772.16", null)]
    [InlineData("0.004", "1")]
    [InlineData("0.004", null)]
    public void A_constant_at_the_edge_of_a_rule_tally_gives_the_same_total(string constant, string? cap)
    {
        var orderValue = new Amount("orderValue", _ => 0m);
        var fixedAmount = new Amount(constant, _ => 0m);
        var generated = new GeneratedPolicy("sum", "highest", "highest", cap is null ? null : new Amount(cap, _ => 0m),
        [
            new GeneratedRule("a", null, false, [Always], new GeneratedDecision([new("refund", orderValue, null), new("gift", fixedAmount, null)], null, null, null)),
            new GeneratedRule("b", null, false, [Always], new GeneratedDecision([new("voucher", fixedAmount, null), new("credit", orderValue, null)], null, null, null)),
        ], null);
        var yaml = generated.ToYaml().Replace("facts:", "currency: USD\nfacts:", StringComparison.Ordinal);
        var policy = PolicyYaml.Compile(yaml, "tally.policy.yaml").GetPolicyOrThrow();
        var plain = PolicyGenerators.Cases.Generate(new PCG(5, 36), null, out _);
        var probe = new DecisionLine.LinePaths();
        DecisionLine.Probe = probe;
        try
        {
            foreach (var value in new[] { 0m, 12.5m, 9999.99m, 123456.78m })
            {
                PlainLineComparison.Compare(policy, (plain with { OrderValue = value }).ToJson(), Now).Should().Be(PlainLine.Written);
            }
        }
        finally
        {
            DecisionLine.Probe = null;
        }

        probe.ItemsWhileSumming.Should().Be(4);
        (probe.Summed - probe.Exact).Should().Be(constant == "167772.16" ? 4 : 0, "a rule's constants of 2^24 cents or more are summed as decimals");
    }

    private static RecoveryPolicy Compile(PCG random, string mode, string currency)
    {
        var rules = Gen.Select(Gen.Frequency((3, Gen.Const(Always)), (1, PolicyGenerators.Atom)), Decisions.Where(d => !d.IsEmpty)).Array[5, 30]
            .Generate(random, null, out _);
        var cap = Caps.Generate(random, null, out _);
        var generated = new GeneratedPolicy(mode, "highest", "highest", cap,
            [.. rules.Select((rule, i) => new GeneratedRule($"r-{i:D2}", null, false, [rule.Item1], rule.Item2))], null);
        var yaml = generated.ToYaml().Replace("facts:", $"currency: {currency}\nfacts:", StringComparison.Ordinal);
        return PolicyYaml.Compile(yaml, "summed-items.policy.yaml").GetPolicyOrThrow();
    }
}
