using System.Globalization;
using System.Text;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Evaluation;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// The flat amounts of the closure program (<see cref="FlatAmount"/>, docs/design.md §37) against the decimal computation:
/// generated amounts of every shape (affine forms, <c>min</c>, <c>max</c>, <c>clamp</c> with constants nested, <c>round</c>
/// with bounds before and after it, and shapes that keep the tree: two terms of the variable, a round in a round, large
/// factors) over a number, a money fact and a cached define, in three currencies (0, 2 and 3 decimals), on values of 0–6
/// decimals, both signs, zeros (a negative zero too), about the bound of a scaled slot and huge ones. Each amount is its own
/// policy, so each value is checked on its own: the flat form gives the decimal program's amount (<c>EvaluationChecks.Amount</c>
/// of the decimal expression) bit for bit, or declines where the decimal program fails or gives a zero whose sign it does not
/// know; the tree of terms gives the same answer; and the whole closure program decides as the decimal one.
/// </summary>
public sealed class FlatAmountTests(ITestOutputHelper output)
{
    private static readonly string[] Templates =
    [
        "{p}% of {V}", "{V} * {k}", "{V} / {d}", "{V} * {k} + {c}", "{V} - {c}", "{c} - {V}", "-{V}",
        "min({V}, {c})", "max({V}, {c})", "max({c}, {p}% of {V})", "min({p}% of {V}, {c})", "clamp({V} / {d}, {c}, {c})",
        "clamp({V}, {c}, {c})", "min(max({V} * {k}, {c}), {c})", "max(min({V}, {c}), {c})", "min({V}, {c}, {c}, {c})",
        "max({c}, {c}, {p}% of {V})", "clamp(min({V}, {c}), {c}, {c})", "max(clamp({V} / {d}, {c}, {c}), {c})",
        "round({V} * {k})", "round({p}% of {V})", "max(round({V} / {d}), {c})", "min(round({V} * {k}), {c})",
        "round(clamp({V}, {c}, {c}))", "clamp(round({V}), {c}, {c})", "max(min(round({p}% of {V}), {c}), {c})",
        "round(max({V} - {c}, {c}))", "min({V}, {V} * 2)", "max({p}% of {V}, {V} - {c})", "round(min(round({V} * {k}), {c}))",
        "min({V} * {k}, {c})", "max({c}, {V} / {d}, {c})", "round({V} * {k} - {c})",
    ];

    private static readonly string[] Variables = ["a", "m", "per"];

    private static readonly string[] Divisors = ["10", "4", "2", "0.5", "0.2", "8", "3", "100", "1", "0.25", "1000", "0.001", "3125"];

    private static readonly string[] Factors = ["8", "4", "1", "0.5", "0.01", "3", "1.5", "0.00001", "100000", "2097153", "0.000001"];

    private static readonly string[] Percents = ["20", "15", "7", "19", "50", "100", "0.5", "33.3", "12.5"];

    private static readonly string[] Constants =
        ["5", "18", "0", "42", "0.5", "2.5", "12.345", "1000000", "-3", "-0.5", "10000000000", "0.0001", "109951162.7776", "144", "0.005", "0.000001"];

    private static readonly (string Code, int Digits)[] Currencies = [("USD", 2), ("JPY", 0), ("BHD", 3)];

    [Fact]
    public void Flat_amounts_are_the_decimal_amounts_bit_for_bit()
    {
        var random = new Random(20261207);
        var (forms, flats, runs, flatRuns, compared, failures) = (0, 0, 0, 0, 0, 0);
        var shapes = new HashSet<string>();
        for (var p = 0; p < 420; p++)
        {
            var (currency, digits) = Currencies[p % Currencies.Length];
            var template = Templates[p % Templates.Length];
            var text = Fill(template, random);
            var policy = Compile(text, currency);
            if (policy is null)
            {
                continue;
            }

            var bound = policy.Bound;
            var item = bound.Rules[0].Decision.Items[0];
            ScaledAmount? plan = null;
            if (item.Amount is { } amount and not BoundLiteral && ScaledAmount.TryCreate(amount, digits, out plan))
            {
                forms++;
                flats += plan!.IsFlat ? 1 : 0;
                if (plan.IsFlat)
                {
                    shapes.Add(template);
                }
            }

            var decimals = ClosureProgram.Build(bound, explain: false, scaleSlots: false).Run;
            var scaled = ClosureProgram.Compile(bound, explain: false);
            for (var c = 0; c < 60; c++)
            {
                var json = Case(random, c);
                if (!policy.TryReadCase(Encoding.UTF8.GetBytes(json), out var recoveryCase, out _))
                {
                    continue;
                }

                var expected = ScaledAmountTests.Run(decimals, bound, recoveryCase, explain: false);
                ScaledAmountTests.Run(scaled, bound, recoveryCase, explain: false).Should().Be(expected, $"policy {p} ({text}), case {json}");
                compared++;
                failures += expected.StartsWith("failed", StringComparison.Ordinal) ? 1 : 0;
                if (plan is not { Variable.IsDefine: false })
                {
                    continue;
                }

                // The form alone, on the fact's scaled value: the decimal program's amount, or no answer.
                var x = ScaledDecimal.ToScaled(recoveryCase.Decimals[plan.Variable.Index]);
                var treeTook = plan.TryTreeAmount(x, out var treeAmount);
                if (!plan.IsFlat)
                {
                    continue;
                }

                runs++;
                var took = plan.Flat.TryAmount(x, out var flatAmount);
                took.Should().Be(treeTook, $"flat and tree of {text} at {x}");
                if (took)
                {
                    flatRuns++;
                    var reference = Reference(decimals, bound, recoveryCase, item.AmountSlot);
                    Bits(flatAmount).Should().Be(reference, $"{text} ({currency}) at {json}");
                    Bits(treeAmount).Should().Be(reference);
                }
            }
        }

        output.WriteLine($"{compared} cases compared, {failures} failed; {forms} integer forms, {flats} flat ({shapes.Count} shapes); {runs} flat runs, {flatRuns} answered");
        compared.Should().BeGreaterThan(15_000);
        flats.Should().BeGreaterThan(forms * 2 / 3, "most integer forms are flat").And.BeLessThan(forms, "some keep the tree");
        shapes.Should().HaveCountGreaterThan(Templates.Length / 2);
        flatRuns.Should().BeGreaterThan(runs / 3, "the flat form answers for most values").And.BeLessThan(runs, "and declines some");
        failures.Should().BeGreaterThan(0, "some amounts are negative or overflow");
    }

    [Fact]
    public void The_amounts_of_the_large_policy_are_flat()
    {
        string[] amounts = ["20% of m", "clamp(m / 10, 5, 18)", "min(15% of m, 42)", "round(a * 8)", "max(5, 19% of per)", "min(m, 228)", "max(m, 50)"];
        var plans = amounts.Select(a => Plan(a, "USD", 2)).ToList();
        plans.Should().AllSatisfy(p => p.IsFlat.Should().BeTrue());

        // m = 45.5 (X = 455000): 9.10, 5.00, 6.83 (6.825 half up), 45.50, 50.00; a = 4.5: round(36) = 36.00, a = 0.06: 0.00 (0.48 rounds to 0).
        Amount(plans[0], 455_000).Should().Be(Bits(9.10m));
        Amount(plans[1], 455_000).Should().Be(Bits(5.00m));
        Amount(plans[2], 455_000).Should().Be(Bits(6.83m));
        Amount(plans[5], 455_000).Should().Be(Bits(45.50m));
        Amount(plans[6], 455_000).Should().Be(Bits(50.00m));
        Amount(plans[3], 45_000).Should().Be(Bits(36.00m));
        Amount(plans[3], 600).Should().Be(Bits(0.00m));
        Amount(plans[3], 62_500).Should().Be(Bits(50.00m), "6.25 * 8 = 50");
        Amount(plans[3], 62_813).Should().Be(Bits(50.00m), "6.2813 * 8 = 50.2504 rounds to 50");
        Amount(plans[3], 63_125).Should().Be(Bits(51.00m), "6.3125 * 8 = 50.5 rounds half up to 51");
        Amount(plans[3], 63_124).Should().Be(Bits(50.00m), "6.3124 * 8 = 50.4992 rounds to 50");
        plans[3].Flat.TryAmount(-600, out _).Should().BeFalse("a negative value's zero is decimal's (-0.48 rounds to -0)");
        plans[0].Flat.TryAmount(ScaledDecimal.NotScaled, out _).Should().BeFalse();
        Plan("round(a * 8)", "JPY", 0).Flat.TryAmount(45_000, out var yen).Should().BeTrue();
        Bits(yen).Should().Be(Bits(36m));
        Plan("min(15% of m, 42)", "BHD", 3).Flat.TryAmount(455_001, out var dinar).Should().BeTrue();
        Bits(dinar).Should().Be(Bits(6.825m));
    }

    [Fact]
    public void Shapes_outside_the_flat_form_keep_the_tree()
    {
        Plan("min(m, m * 2)", "USD", 2).IsFlat.Should().BeFalse("two terms of the variable");
        Plan("round(min(round(a * 1.5), 2.5))", "USD", 2).IsFlat.Should().BeFalse("a round in a round");
        Plan("a * 0.0000001", "JPY", 0).IsFlat.Should().BeFalse("scale 11 is above the minor unit's plus 6");
        Plan("round(a * 0.001)", "USD", 2).IsFlat.Should().BeFalse("scale 7 before the round");
        Plan("a * 100000", "BHD", 3).IsFlat.Should().BeFalse("100000 * 10^5 * 2^40 is above 2^62");
        Plan("a * 100000", "BHD", 3).TryAmount(10_000, out var amount).Should().BeTrue("the tree still answers");
        Bits(amount).Should().Be(Bits(100000.000m));
    }

    private static string Bits(decimal value) => string.Join('.', decimal.GetBits(value));

    private static string Amount(ScaledAmount plan, long x)
    {
        plan.Flat.TryAmount(x, out var amount).Should().BeTrue();
        return Bits(amount);
    }

    private static ScaledAmount Plan(string amount, string currency, int digits)
    {
        var policy = Compile(amount, currency) ?? throw new InvalidOperationException(amount);
        ScaledAmount.TryCreate(policy.Bound.Rules[0].Decision.Items[0].Amount!, digits, out var plan).Should().BeTrue(amount);
        return plan!;
    }

    /// <summary>The decimal program's amount in <paramref name="slot"/> (bit for bit), or its failure.</summary>
    private static string Reference(Action<CaseFrame> decimals, BoundPolicy bound, RecoveryCase recoveryCase, int slot)
    {
        var frame = new CaseFrame();
        frame.Start(bound);
        frame.Decimals = recoveryCase.Decimals;
        frame.Ordinals = recoveryCase.Ordinals;
        frame.Booleans = recoveryCase.Booleans;
        frame.Texts = recoveryCase.Texts;
        try
        {
            decimals(frame);
        }
        catch (Exception e) when (e is EvaluationFailure or ArithmeticException)
        {
            return "failed";
        }

        return Bits(frame.Amounts[slot]);
    }

    private static string Fill(string template, Random random)
    {
        string Pick(string[] items) => items[random.Next(items.Length)];
        var text = new StringBuilder(template)
            .Replace("{p}", Pick(Percents))
            .Replace("{d}", Pick(Divisors))
            .Replace("{k}", Pick(Factors))
            .Replace("{V}", Pick(Variables))
            .ToString();
        while (text.Contains("{c}", StringComparison.Ordinal))
        {
            var at = text.IndexOf("{c}", StringComparison.Ordinal);
            text = string.Concat(text.AsSpan(0, at), Pick(Constants), text.AsSpan(at + 3));
        }

        return text.Replace("- -", "+ ", StringComparison.Ordinal).Replace("--", "", StringComparison.Ordinal);
    }

    /// <summary>A policy of one rule without conditions whose one amount is <paramref name="amount"/>; null when the compiler rejects it.</summary>
    private static RecoveryPolicy? Compile(string amount, string currency)
    {
        var yaml = $$"""
            policy: flat
            version: "1"
            currency: {{currency}}
            facts:
              a: number
              m: { type: money, default: 0 }
              n: { type: number, default: 1 }
            define:
              per: m / max(n, 1)
            combine:
              compensation: sum
            rules:
              - id: r0
                then:
                  compensate:
                    - refund: "{{amount}}"

            """;
        return PolicyYaml.Compile(yaml, "flat.policy.yaml").Policy;
    }

    private static string Case(Random random, int index)
    {
        string[] counts = ["1", "2", "3", "6", "0", "7", "0.5", "4"];
        var a = random.Next(5) == 0 ? SmallNumber(random) : ScaledAmountTests.BoundaryNumber(random);
        var m = ScaledAmountTests.BoundaryNumber(random).TrimStart('-');
        return $$"""{"id": "c-{{index}}", "severity": "major", "channel": "email", "delay": "2h", "customer": {"tier": "gold", "value": 10}, "a": {{a}}, "m": {{m}}, "n": {{counts[random.Next(counts.Length)]}}}""";
    }

    /// <summary>A small number of 0–6 decimals, either sign, often at a half (for the roundings): 6.25, -0.0005, 12.5000.</summary>
    private static string SmallNumber(Random random)
    {
        var scale = random.Next(0, 7);
        var value = random.Next(-2_000, 2_000) / (decimal)Math.Pow(10, scale);
        if (random.Next(3) == 0)
        {
            value += 0.5m / (decimal)Math.Pow(10, random.Next(0, 5));
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }
}
