using System.Globalization;
using System.Text;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Evaluation;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// The integer comparisons of both programs (<see cref="ScaledComparison"/>, docs/design.md §24) against the same programs
/// without them (decimal comparisons only): for generated policies whose conditions compare facts, sums, differences,
/// multiples, percents, negations, small defines and duration parts with constants of many scales and sizes (and some that
/// are not affine in one fact, so stay decimal), over generated cases whose values have 0–6 decimals, both signs, and
/// magnitudes on both sides of the bound of a scaled slot: the same rules fire, every condition has the same value, and a
/// case that fails fails with the same exception. Not vacuous: most conditions compile to integer comparisons and most
/// case values are scaled, and some of each are not.
/// </summary>
public sealed class ScaledComparisonTests
{
    private static readonly string[] Operators = ["==", "!=", "<", "<=", ">", ">="];

    private static readonly string[] Constants =
    [
        "0", "1", "2", "-3", "0.5", "12.5", "0.0001", "0.00001", "215", "77", "1000000", "109951162.7776", "109951162.7775",
        "2097152", "2097153", "0.25", "100000000000", "3.14159", "-0.001", "45.5", "99.99", "10000000000000000000",
    ];

    private static readonly string[] Slots = ["a", "b", "m", "customer.value"];

    private static readonly string[] Templates =
    [
        "{X} {op} {c}", "{c} {op} {X}", "{X} * {c} {op} {c}", "{X} - {c} {op} {c}", "{X} + {c} {op} {c}", "-{X} {op} {c}",
        "{c} - {X} * {c} {op} {c}", "{X} * 2 - {X} {op} {c}", "{X} - {Y} {op} {c}", "{p}% of {X} {op} {c}", "twiceA {op} {c}",
        "delay.hours {op} {c}", "delay.days {op} {c}", "{c} {op} delay.minutes", "delay {op} {n}h", "{X} * {X} {op} {c}",
        "({X} + {c}) * {c} {op} {c}", "{X} {op} {Y}", "half {op} {c}", "{X} * 79228162514264337593543950335 {op} 1",
    ];

    [Fact]
    public void Integer_comparisons_decide_as_decimal_comparisons()
    {
        var random = new Random(20261207);
        var scaledConditions = 0;
        var conditions = 0;
        var scaledValues = 0;
        var values = 0;
        var failures = 0;
        var compared = 0;
        for (var p = 0; p < 12; p++)
        {
            var texts = Enumerable.Range(0, 60).Select(_ => Condition(random)).ToList();
            var policy = PolicyYaml.Compile(Yaml(texts), "scaled.policy.yaml").GetPolicyOrThrow();
            var bound = policy.Bound;
            foreach (var rule in bound.Rules)
            {
                foreach (var condition in rule.Conditions)
                {
                    conditions++;
                    scaledConditions += Form(condition.Expression) is null ? 0 : 1;
                }
            }

            var programs = new (string Name, Action<CaseFrame> Scaled, Action<CaseFrame> Decimals, bool Explain)[]
            {
                ("IL", PolicyProgram.Compile(bound, explain: false), PolicyProgram.Compile(bound, explain: false, scaleSlots: false), false),
                ("IL explaining", PolicyProgram.Compile(bound, explain: true), PolicyProgram.Compile(bound, explain: true, scaleSlots: false), true),
                ("IL indexed", PolicyProgram.Compile(bound, explain: false, indexing: RuleIndexing.Always), PolicyProgram.Compile(bound, explain: false, scaleSlots: false), false),
                ("closures", ClosureProgram.Compile(bound, explain: false), ClosureProgram.Build(bound, explain: false, scaleSlots: false).Run, false),
                ("closures explaining", ClosureProgram.Compile(bound, explain: true), ClosureProgram.Build(bound, explain: true, scaleSlots: false).Run, true),
            };

            for (var c = 0; c < 150; c++)
            {
                var json = Case(random, c);
                if (!policy.TryReadCase(Encoding.UTF8.GetBytes(json), out var recoveryCase, out _))
                {
                    continue;
                }

                foreach (var slot in new[] { "a", "b", "m", "customer.value" })
                {
                    values++;
                    scaledValues += ScaledDecimal.ToScaled(recoveryCase.Decimals[bound.Facts.First(f => f.Name == slot).Slot]) != ScaledDecimal.NotScaled ? 1 : 0;
                }

                foreach (var (name, scaled, decimals, explain) in programs)
                {
                    var expected = ScaledAmountTests.Run(decimals, bound, recoveryCase, explain);
                    var actual = ScaledAmountTests.Run(scaled, bound, recoveryCase, explain);
                    actual.Should().Be(expected, $"the {name} program with integer comparisons decides as without them for {json} under{Environment.NewLine}{string.Join(Environment.NewLine, texts)}");
                    failures += expected.StartsWith("failed", StringComparison.Ordinal) ? 1 : 0;
                    compared++;
                }
            }
        }

        compared.Should().BeGreaterThan(5_000);
        scaledConditions.Should().BeGreaterThan(conditions / 2).And.BeLessThan(conditions);
        scaledValues.Should().BeGreaterThan(values / 2).And.BeLessThan(values);
        failures.Should().BeGreaterThan(0, "some conditions overflow for some cases");
    }

    [Fact]
    public void A_comparison_affine_in_one_fact_has_its_integer_form()
    {
        var policy = PolicyYaml.Compile(Yaml(["a * 2 > 215", "a - 77 >= 6", "215 < a * 2", "10% of a <= 4.5", "a * 2 - a == 3", "a - b > 0", "a * a > 1", "a > 0.00001", "a * 2097153 > 1"]), "scaled.policy.yaml").GetPolicyOrThrow();
        var forms = policy.Bound.Rules.Select(rule => Form(rule.Conditions[0].Expression)).ToList();
        var slot = new ScaledVariable(policy.Bound.Facts.First(f => f.Name == "a").Slot, null);

        // X = a * 10^4: a * 2 > 215 is 2X - 2150000 > 0, so 2X > 2150000.
        forms[0].Should().Be(new ScaledComparison(slot, 2, 2_150_000, BoundBinaryOperator.Greater));
        forms[1].Should().Be(new ScaledComparison(slot, 1, 830_000, BoundBinaryOperator.GreaterOrEqual));
        forms[2].Should().Be(new ScaledComparison(slot, -2, -2_150_000, BoundBinaryOperator.Less));
        forms[3].Should().Be(new ScaledComparison(slot, 1, 450_000, BoundBinaryOperator.LessOrEqual));
        forms[4].Should().Be(new ScaledComparison(slot, 1, 30_000, BoundBinaryOperator.Equal));
        forms[5].Should().BeNull("two facts");
        forms[6].Should().BeNull("not affine");
        forms[7].Should().Be(new ScaledComparison(slot, 10, 1, BoundBinaryOperator.Greater));
        forms[8].Should().BeNull("a factor past 2^21");
    }

    private static string Condition(Random random)
    {
        string Pick(string[] items) => items[random.Next(items.Length)];
        var template = Pick(Templates);

        // Money times money, or money against a number of another kind, is a type error: those mix the numbers only.
        var numbersOnly = template.Contains("{X} * {X}", StringComparison.Ordinal) || template.Contains("{Y}", StringComparison.Ordinal);
        var x = numbersOnly ? Pick(["a", "b"]) : Pick(Slots);
        var y = Pick(["a", "b"]);
        var text = new StringBuilder(template)
            .Replace("{X}", x)
            .Replace("{Y}", y)
            .Replace("{op}", Pick(Operators))
            .Replace("{p}", Pick(["10", "15", "0.5", "100", "33"]))
            .Replace("{n}", random.Next(0, 50).ToString(CultureInfo.InvariantCulture))
            .ToString();
        while (text.Contains("{c}", StringComparison.Ordinal))
        {
            var at = text.IndexOf("{c}", StringComparison.Ordinal);
            text = string.Concat(text.AsSpan(0, at), Pick(Constants), text.AsSpan(at + 3));
        }

        return text.Replace("- -", "+ ", StringComparison.Ordinal).Replace("--", "", StringComparison.Ordinal);
    }

    private static string Yaml(IEnumerable<string> conditions)
    {
        var yaml = new StringBuilder("""
            policy: scaled
            version: "1"
            currency: USD
            facts:
              a: number
              b: { type: number, default: 0 }
              m: { type: money, default: 0 }
            define:
              twiceA: a * 2
              half: 50% of b - a
            combine:
              compensation: sum
            rules:

            """);
        var i = 0;
        foreach (var condition in conditions)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: r{i++}\n    when: \"{condition}\"\n    then:\n      compensate:\n        - apology\n");
        }

        return yaml.ToString();
    }

    private static string Case(Random random, int index)
    {
        string Number() => ScaledAmountTests.BoundaryNumber(random);

        string[] delays = ["30m", "2h", "1d", "36h", "PT90M", "0s", "97h", "PT2H", "1000h"];
        var money = Number().TrimStart('-');
        return $$"""{"id": "c-{{index}}", "severity": "major", "channel": "email", "delay": "{{delays[random.Next(delays.Length)]}}", "customer": {"tier": "gold", "value": {{money}}}, "a": {{Number()}}, "b": {{Number()}}, "m": {{Number().TrimStart('-')}}}""";
    }

    /// <summary>The integer form of a condition that is a comparison (not of a duration part: the programs scale those first).</summary>
    private static ScaledComparison? Form(BoundExpression expression) =>
        expression is BoundBinary binary && ScaledComparison.TryCreate(binary.Operator, binary.Left, null, binary.Right, null, out var form) ? form : null;
}
