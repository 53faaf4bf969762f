using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using RecoveryRules.Evaluation;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// The decision line's short paths (docs/design.md §28) against the reference: the total summed as whole minor units in the
/// first pass against the decimal sum <see cref="Decision.ToJson"/> writes, and an amount of scale 2 below 10 000 written in
/// one store against <see cref="Utf8Formatter"/>. Generated 200-rule policies in every combining mode and in currencies of 0,
/// 2 and 3 decimals, over cases whose order values reach the edges (0, many decimals, the 64- and 96-bit mantissas, sums past
/// a decimal's range); each test checks that the short paths and the fallbacks both ran.
/// </summary>
public sealed class DecisionLineFastPathTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, 120, TimeSpan.FromHours(2));

    /// <summary>Order values at the edges of the short paths: cents and tenths of cents, 10 000, 2^64 and 2^96 mantissas, sums past the range.</summary>
    private static readonly Gen<decimal> EdgeOrderValues = Gen.OneOf(
        Gen.Const(0m),
        Gen.Const(0.001m),
        Gen.Const(0.005m),
        Gen.Const(9999.99m),
        Gen.Const(9999.994m),
        Gen.Const(9999.995m),
        Gen.Const(10000m),
        Gen.Const(33.333333333333333333m),
        Gen.Const(0.1234567890123456789m),
        Gen.Const(184467440737095516.15m),
        Gen.Const(184467440737095516.16m),
        Gen.Const(1e20m),
        Gen.Const(4e26m),
        Gen.Const(7.9e26m),
        Gen.Const(3e28m),
        Gen.Const(79228162514264337593543950335m),
        Gen.Int[0, 1_000_000].Select(cents => cents / 100m),
        Gen.Int[0, 300].Select(i => (decimal)i));

    private static readonly Gen<string> EdgeCases = Gen.Select(
        PolicyGenerators.Cases,
        Gen.Frequency((3, Gen.Const((decimal?)null)), (2, EdgeOrderValues.Select(v => (decimal?)v))),
        (c, orderValue) => (orderValue is { } value ? c with { OrderValue = value } : c).ToJson());

    [Theory]
    [InlineData("USD")]
    [InlineData("JPY")]
    [InlineData("BHD")]
    public void A_generated_200_rule_policy_writes_each_line_as_its_decision_json_at_the_edges_of_the_short_paths(string currency)
    {
        var large = Gen.Select(
            Gen.Frequency((3, Gen.Const("sum")), (1, Gen.Const("max")), (1, Gen.Const("first"))),
            Gen.OneOf("highest", "first"),
            Gen.OneOf("highest", "first"),
            Gen.Frequency((1, Gen.Const((Amount?)null)), (1, PolicyGenerators.Amounts.Select(a => (Amount?)a))),
            PolicyGenerators.Decisions.Where(d => !d.IsEmpty).Array[200, 200],
            PolicyGenerators.Decisions.Null(0.7),
            (compensation, escalation, empowerment, cap, rules, otherwise) => (compensation, escalation, empowerment, cap, rules, otherwise));
        var probe = new DecisionLine.LinePaths();
        DecisionLine.Probe = probe;
        var written = 0;
        var failed = 0;
        var numbers = 0L;
        try
        {
            for (var seed = 1U; seed <= 4; seed++)
            {
                var (compensation, escalation, empowerment, cap, rules, otherwise) = large.Generate(new PCG(seed, 17), null, out _);
                var conditions = PolicyGenerators.Atom.Array[200, 200].Generate(new PCG(seed, 18), null, out _);
                var policy = new GeneratedPolicy(compensation, escalation, empowerment, cap,
                    [.. rules.Select((then, i) => new GeneratedRule($"rule-{i:D3}", null, false, [conditions[i]], then))], otherwise);
                var yaml = policy.ToYaml().Replace("facts:", $"currency: {currency}\nfacts:", StringComparison.Ordinal);
                yaml.Should().Contain($"currency: {currency}");
                var compiled = PolicyYaml.Compile(yaml, "large.policy.yaml").GetPolicyOrThrow();
                foreach (var json in EdgeCases.Array[150, 150].Generate(new PCG(seed, 19), null, out _))
                {
                    switch (PlainLineComparison.Compare(compiled, json, Now, out var line))
                    {
                        case PlainLine.Written:
                            written++;
                            numbers += Numbers.Count(line);
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

        // Not vacuous: lines were written and sums overflowed; both sums and both number writers ran.
        written.Should().BePositive();
        failed.Should().BePositive("some sums pass a decimal's range");
        probe.Exact.Should().BePositive("totals are summed in minor units in the first pass");
        if (currency != "JPY")
        {
            // (For whole yen, a sum past 96 bits is past a decimal's range too.)
            probe.Summed.Should().BeGreaterThan(probe.Exact, "sums past 96 bits of minor units are added as decimals");
        }

        probe.SlowNumbers.Should().BePositive("numbers outside the short path are formatted by DecimalText.Format");
        if (currency == "USD")
        {
            (numbers - probe.SlowNumbers).Should().BePositive("amounts of cents below 10 000 take the short path");
        }
    }

    [Fact]
    public void The_generated_200_rule_policy_takes_the_short_paths_for_its_benchmark_cases()
    {
        var yaml = File.ReadAllText(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Evaluation", "Data", "generated-200.policy.yaml"));
        var cases = File.ReadAllLines(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Evaluation", "Data", "generated-200-cases.jsonl"));
        var policy = PolicyYaml.Compile(yaml, "generated-200.policy.yaml").GetPolicyOrThrow();
        var probe = new DecisionLine.LinePaths();
        DecisionLine.Probe = probe;
        var numbers = 0L;
        try
        {
            foreach (var json in cases)
            {
                PlainLineComparison.Compare(policy, json, Now, out var line).Should().Be(PlainLine.Written);
                numbers += Numbers.Count(line);
            }
        }
        finally
        {
            DecisionLine.Probe = null;
        }

        probe.Lines.Should().Be(cases.Length);
        probe.Exact.Should().Be(cases.Length, "every total of this policy is a sum of cents");
        probe.SlowNumbers.Should().BeLessThan(numbers / 10, "almost every amount is a few dollars");
    }

    [Theory]
    [InlineData("184467440737095516.15", true)] // 2^64 - 1 cents: the low 64 bits of two of them carry
    [InlineData("92233720368547758.08", true)] // 2^63 cents
    [InlineData("42949672.96", true)] // 2^32 cents: the middle 32 bits
    [InlineData("396140812571321687967719751.68", false)] // 2^95 cents: two of them are 2^96, past the minor units' sum
    [InlineData("792281625142643375935439503.35", false)] // 2^96 - 1 cents: the sum of two overflows
    [InlineData("0.00", true)]
    [InlineData("12.345", true)]
    public void A_sum_at_the_edges_of_the_minor_unit_sum_is_the_decimal_sum(string orderValue, bool inMinorUnits)
    {
        const string Yaml = """
            policy: edges
            version: "1"
            facts:
              orderValue: money
            combine:
              compensation: sum
            rules:
              - id: twice
                when: orderValue >= 0
                then:
                  compensate:
                    - refund: orderValue
                    - credit: orderValue
                    - voucher: 0.01
            """;
        var policy = PolicyYaml.Compile(Yaml, "edges.policy.yaml").GetPolicyOrThrow();
        var json = $"{{\"id\": \"e\", \"severity\": \"minor\", \"channel\": \"email\", \"delay\": \"1h\", \"customer\": {{\"tier\": \"gold\", \"value\": 1}}, \"orderValue\": {orderValue}}}";
        var probe = new DecisionLine.LinePaths();
        DecisionLine.Probe = probe;
        try
        {
            PlainLineComparison.Compare(policy, json, Now, out _).Should().Be(PlainLine.Written);
        }
        finally
        {
            DecisionLine.Probe = null;
        }

        probe.Summed.Should().Be(1);
        probe.Exact.Should().Be(inMinorUnits ? 1 : 0, "the sum is below 2^96 cents, or not");
    }

    [Fact]
    public void An_amount_of_cents_below_ten_thousand_is_written_as_the_json_writer_writes_it()
    {
        var expected = new byte[64];
        var actual = new byte[16];
        for (var cents = 0; cents < 1_000_000; cents++)
        {
            var value = new decimal(cents, 0, 0, false, 2);
            Utf8Formatter.TryFormat(value, expected, out var length).Should().BeTrue();
            var written = DecimalText.FormatCents(value, actual);
            if (written != length || !actual.AsSpan(0, written).SequenceEqual(expected.AsSpan(0, length)))
            {
                Encoding.ASCII.GetString(actual, 0, written).Should().Be(Encoding.ASCII.GetString(expected, 0, length));
            }
        }
    }

    [Fact]
    public void Any_other_number_is_left_to_the_digit_writer()
    {
        var others = new List<decimal>
        {
            10000.00m, 10000.01m, 99999.99m, -0.00m, -0.01m, -12.50m, 12.5m, 12.500m, 12m, 0m, 0.0m, 0.000m,
            new decimal(1, 1, 0, false, 2), new decimal(1, 0, 1, false, 2), new decimal(-1, -1, -1, false, 2), decimal.MaxValue, decimal.MinValue,
        };
        Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt[0, 3], Gen.Int[0, 28], Gen.Bool, Gen.Int[0, 2])
            .Select((lo, mid, hi, scale, negative, size) => new decimal((int)lo, size > 0 ? (int)mid : 0, size > 1 ? (int)hi : 0, negative, (byte)scale))
            .Where(value => value.Scale != 2 || decimal.IsNegative(value) || value >= 10000m)
            .Sample(others.Add, iter: 5000, threads: 1);
        var destination = new byte[16];
        foreach (var value in others)
        {
            destination.AsSpan().Fill(0xEE);
            DecimalText.FormatCents(value, destination).Should().Be(0, value.ToString(CultureInfo.InvariantCulture));
            destination.Should().OnlyContain(b => b == 0xEE, "nothing is written for a number the short path does not take");
        }
    }

    [Fact]
    public void A_decimal_is_read_as_get_bits_gives_it()
    {
        DecimalText.LayoutKnown.Should().BeTrue("the runtime's decimal is laid out as the reader expects, so the short read runs");
        Gen.Select(Gen.Int, Gen.Int, Gen.Int, Gen.Bool, Gen.Byte[0, 28])
            .Select((lo, mid, hi, negative, scale) => new decimal(lo, mid, hi, negative, scale))
            .Sample(value =>
            {
                var bits = decimal.GetBits(value);
                DecimalText.Read(value, out var flags, out var high, out var low);
                flags.Should().Be(bits[3]);
                high.Should().Be((uint)bits[2]);
                low.Should().Be((ulong)(uint)bits[1] << 32 | (uint)bits[0]);
            }, iter: 20000);
    }

    /// <summary>The numbers of a line: the total, the amounts and the limit that are not <c>null</c>.</summary>
    private static class Numbers
    {
        private static readonly Regex Pattern = new("\"(total|amount|limit)\":[0-9]", RegexOptions.CultureInvariant);

        public static int Count(string line) => Pattern.Count(line);
    }
}
