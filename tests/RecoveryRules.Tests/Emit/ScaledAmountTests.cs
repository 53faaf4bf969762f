using System.Globalization;
using System.Text;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Evaluation;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// The integer amounts and the integer comparisons of cached defines of both programs (<see cref="ScaledAmount"/>,
/// docs/design.md §29) against the same programs without them (decimals only): generated policies whose amounts are
/// percents, clamps of divisions, mins and maxes, rounds, differences, constants and shapes that have no integer form, in
/// three currencies (0, 2 and 3 decimals), with conditions on cached defines that divide (exact and not), over generated
/// cases of 0–6 decimals, both signs, zeros (a negative zero too), values about the bound of a scaled slot and huge ones,
/// and zero divisors: the same rules fire, every amount and the cap have the same value, scale and sign (bit for bit), every
/// condition has the same value, and a case that fails fails with the same exception. Not vacuous: most amounts have an
/// integer form and most of those take it for most cases, some do not, and some cases fail.
/// </summary>
public sealed class ScaledAmountTests
{
    private static readonly string[] Operators = ["==", "!=", "<", "<=", ">", ">="];

    private static readonly string[] Variables = ["a", "b", "m", "per", "ratio", "twice", "drop", "customer.value"];

    private static readonly string[] AmountTemplates =
    [
        "{p}% of {V}", "clamp({V} / {d}, {c}, {c})", "min({p}% of {V}, {c})", "max({c}, {p}% of {V})", "round({V} * {k})",
        "min({V}, {c})", "max({V}, {c})", "{V} * {k} - {c}", "{V} / {d}", "{V} - {c}", "-{V}", "round({p}% of {V})",
        "clamp({V}, {c}, {c})", "min({V}, {V} * 2, {c})", "max(round({V} / {d}), {c})", "a + b", "a * b", "abs({V})",
        "{V} * 79228162514264337593543950335", "{c}", "{V} + {c}", "clamp({p}% of {V}, {c}, {V})",
    ];

    private static readonly string[] ConditionTemplates =
    [
        "per {op} {c}", "{c} {op} per", "ratio {op} {c}", "per * 2 - 1 {op} {c}", "drop {op} {c}", "per / 4 {op} {c}",
        "a / 8 {op} {c}", "m / 3 {op} {c}", "{V} {op} {c}",
    ];

    private static readonly string[] Divisors = ["10", "4", "2", "0.5", "0.2", "8", "3", "100", "1", "0.25", "16", "1000", "0.001", "3125", "7", "-4"];

    private static readonly string[] Factors = ["8", "4", "1", "0.5", "0.01", "3", "2097153", "0.00001", "100000", "-2"];

    private static readonly string[] Percents = ["20", "15", "7", "19", "50", "90", "100", "0.5", "33.3", "12.5"];

    private static readonly string[] Constants = ["5", "18", "0", "42", "0.5", "12.345", "1000000", "-3", "10000000000", "0.0001", "109951162.7776", "144", "0.005"];

    private static readonly string[] Currencies = ["USD", "JPY", "BHD"];

    [Fact]
    public void Integer_amounts_and_define_comparisons_decide_as_decimals()
    {
        var random = new Random(20261207);
        var (amounts, scaledAmounts, conditions, defineConditions) = (0, 0, 0, 0);
        var (integerRuns, planRuns, failures, compared) = (0, 0, 0, 0);
        for (var p = 0; p < 12; p++)
        {
            var policy = Generate(random, Currencies[p % Currencies.Length]);
            var bound = policy.Bound;
            var plans = new List<(ScaledAmount Plan, int Slot)>();
            foreach (var rule in bound.Rules)
            {
                foreach (var condition in rule.Conditions)
                {
                    conditions++;
                    defineConditions += Form(condition.Expression) is { Variable.IsDefine: true } ? 1 : 0;
                }

                foreach (var item in rule.Decision.Items.Where(i => i.Amount is not null && i.Amount is not BoundLiteral))
                {
                    amounts++;
                    if (ScaledAmount.TryCreate(item.Amount!, bound.MinorUnit, out var plan))
                    {
                        scaledAmounts++;
                        if (!plan!.Variable.IsDefine)
                        {
                            plans.Add((plan, plan.Variable.Index));
                        }
                    }
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

                foreach (var (plan, slot) in plans)
                {
                    planRuns++;
                    integerRuns += plan.TryAmount(ScaledDecimal.ToScaled(recoveryCase.Decimals[slot]), out _) ? 1 : 0;
                }

                foreach (var (name, scaled, decimals, explain) in programs)
                {
                    var expected = Run(decimals, bound, recoveryCase, explain);
                    Run(scaled, bound, recoveryCase, explain).Should().Be(expected, $"{name}, policy {p}, case {json}");
                    failures += expected.StartsWith("failed", StringComparison.Ordinal) ? 1 : 0;
                    compared++;
                }
            }
        }

        compared.Should().BeGreaterThan(5_000);
        scaledAmounts.Should().BeGreaterThan(amounts / 2).And.BeLessThan(amounts);
        defineConditions.Should().BeGreaterThan(conditions / 4);
        integerRuns.Should().BeGreaterThan(planRuns / 2).And.BeLessThan(planRuns);
        failures.Should().BeGreaterThan(0, "some amounts divide by zero, overflow, are negative or clamp with crossed bounds");
    }

    [Fact]
    public void The_amounts_of_the_large_policy_have_integer_forms()
    {
        var policy = PolicyYaml.Compile(
            Yaml(["20% of m", "clamp(m / 10, 5, 18)", "min(15% of m, 42)", "round(b * 8)", "max(5, 19% of per)", "min(m, 228)", "a * a", "a + b"], ["per < 144"], "USD"),
            "amounts.policy.yaml").GetPolicyOrThrow();
        var items = policy.Bound.Rules.Select(r => r.Decision.Items[0].Amount!).ToList();
        var forms = items.Select(i => ScaledAmount.TryCreate(i, 2, out var plan) ? plan : null).ToList();
        forms.Take(6).Should().AllSatisfy(f => f.Should().NotBeNull());
        forms.Skip(6).Should().AllSatisfy(f => f.Should().BeNull());
        forms[4]!.Variable.IsDefine.Should().BeTrue("per is a cached define: it divides by a value");

        // orderValue = 45.5 (X = 455000): 20% is 9.10, the clamp 5.00, the min 6.83 (6.825 rounded half up).
        forms[0]!.TryAmount(455_000, out var refund).Should().BeTrue();
        decimal.GetBits(refund).Should().Equal(decimal.GetBits(9.10m));
        forms[1]!.TryAmount(455_000, out var gift).Should().BeTrue();
        decimal.GetBits(gift).Should().Equal(decimal.GetBits(5.00m));
        forms[2]!.TryAmount(455_000, out var credit).Should().BeTrue();
        decimal.GetBits(credit).Should().Equal(decimal.GetBits(6.83m));
        forms[3]!.TryAmount(0, out var waiver).Should().BeTrue("zero, and the expression has no sign to lose");
        decimal.GetBits(waiver).Should().Equal(decimal.GetBits(0.00m));
        forms[3]!.TryAmount(ScaledDecimal.NotScaled, out _).Should().BeFalse();
        forms[3]!.TryAmount(-10_000, out _).Should().BeFalse("negative: the decimal program reports it");

        // per < 144, on per's value scaled when it is computed: X < 1440000.
        var form = Form(policy.Bound.Rules[0].Conditions[0].Expression)!.Value;
        (form.Variable.IsDefine, form.Variable.Index, form.Factor, form.Bound, form.Operator)
            .Should().Be((true, policy.Bound.Defines.First(d => d.Symbol.Name == "per").Symbol.Index, 1L, 1_440_000L, BoundBinaryOperator.Less));
    }

    /// <summary>
    /// Runs a program on a case and describes what it left in the frame: the fired rules, every amount and the cap bit for
    /// bit, and with <paramref name="explain"/> the condition values; or the failure. ScaledComparisonTests compares with it too.
    /// </summary>
    internal static string Run(Action<CaseFrame> program, BoundPolicy bound, RecoveryCase recoveryCase, bool explain)
    {
        var frame = new CaseFrame();
        frame.Start(bound);
        frame.Decimals = recoveryCase.Decimals;
        frame.Ordinals = recoveryCase.Ordinals;
        frame.Booleans = recoveryCase.Booleans;
        frame.Texts = recoveryCase.Texts;
        Array.Fill(frame.Conditions, (sbyte)-1);
        try
        {
            program(frame);
        }
        catch (Exception e) when (e is EvaluationFailure or ArithmeticException)
        {
            return $"failed {e.GetType().Name} {e.Message}";
        }

        return Outcome(frame, bound, explain);
    }

    /// <summary>
    /// What a decision reads of a run: the fired rules, the amount slots of the fired rules (of <c>otherwise</c> when none fired),
    /// each as its decimal's bits, the cap (and, explaining, every condition). The slots of rules that did not fire are read by
    /// nothing; the matched run keeps every rule's literal amounts in their slots (docs/design.md §42).
    /// </summary>
    internal static string Outcome(CaseFrame frame, BoundPolicy bound, bool explain)
    {
        static string Bits(decimal value) => string.Join('.', decimal.GetBits(value));
        var fired = frame.Fired.Take(frame.FiredCount).ToArray();
        var decisions = fired.Length == 0 && bound.Otherwise is { } otherwise ? [otherwise] : fired.Select(order => bound.Rules[order].Decision);
        var slots = decisions.SelectMany(ReadSlots).Select(slot => $"{slot}:{Bits(frame.Amounts[slot])}");
        var text = new StringBuilder(string.Join(',', fired))
            .Append(" | ").AppendJoin(',', slots)
            .Append(" | ").Append(Bits(frame.Cap));
        return explain ? text.Append(" | ").AppendJoin(',', frame.Conditions).ToString() : text.ToString();
    }

    /// <summary>The amount slots a decision's items and limit write.</summary>
    internal static IEnumerable<int> ReadSlots(BoundDecision decision) =>
        decision.Items.Where(item => item.Amount is not null).Select(item => item.AmountSlot)
            .Concat(decision.Empowerment is { Limit: not null } empowerment ? [empowerment.LimitSlot] : []);

    private static string Fill(string template, Random random)
    {
        string Pick(string[] items) => items[random.Next(items.Length)];
        var text = new StringBuilder(template)
            .Replace("{op}", Pick(Operators))
            .Replace("{p}", Pick(Percents))
            .Replace("{d}", Pick(Divisors))
            .Replace("{k}", Pick(Factors))
            .ToString();
        var variable = Pick(Variables);
        text = text.Replace("{V}", variable, StringComparison.Ordinal);
        while (text.Contains("{c}", StringComparison.Ordinal))
        {
            var at = text.IndexOf("{c}", StringComparison.Ordinal);
            text = string.Concat(text.AsSpan(0, at), Pick(Constants), text.AsSpan(at + 3));
        }

        return text.Replace("- -", "+ ", StringComparison.Ordinal).Replace("--", "", StringComparison.Ordinal);
    }

    /// <summary>A generated policy of 60 rules; an amount the compiler rejects (negative for every case, a type error) is drawn again.</summary>
    private static RecoveryPolicy Generate(Random random, string currency)
    {
        string Amount() => Fill(AmountTemplates[random.Next(AmountTemplates.Length)], random);
        var amounts = Enumerable.Range(0, 60).Select(_ => Amount()).ToList();
        var conditions = Enumerable.Range(0, 60).Select(_ => Fill(ConditionTemplates[random.Next(ConditionTemplates.Length)], random)).ToList();
        var cap = Fill(AmountTemplates[random.Next(6)], random);
        for (var attempt = 0; ; attempt++)
        {
            var result = PolicyYaml.Compile(Yaml(amounts, conditions, currency, cap, stopEvery: 17), "amounts.policy.yaml");
            var errors = result.Diagnostics.Where(d => d.Severity == RecoveryRules.Diagnostics.DiagnosticSeverity.Error).ToList();
            if (errors.Count == 0 || attempt == 50)
            {
                return result.GetPolicyOrThrow();
            }

            foreach (var error in errors)
            {
                var rule = System.Text.RegularExpressions.Regex.Match(error.Message, "rule 'r([0-9]+)'");
                if (rule.Success)
                {
                    amounts[int.Parse(rule.Groups[1].Value, CultureInfo.InvariantCulture)] = Amount();
                }
                else
                {
                    cap = Fill(AmountTemplates[random.Next(6)], random);
                }
            }
        }
    }

    /// <summary>A policy of a rule per amount (the rule's condition the next of <paramref name="conditions"/>, none for some), with a cap.</summary>
    private static string Yaml(IReadOnlyList<string> amounts, IReadOnlyList<string> conditions, string currency, string cap = "max(m, 50)", int stopEvery = 0)
    {
        var yaml = new StringBuilder().Append(CultureInfo.InvariantCulture, $$"""
            policy: amounts
            version: "1"
            currency: {{currency}}
            facts:
              a: number
              b: { type: number, default: 0 }
              m: { type: money, default: 0 }
              n: { type: number, default: 1 }
            define:
              per: m / max(n, 1)
              ratio: a / n
              twice: a * 2
              drop: (m - 100) / max(n, 1)
            combine:
              compensation: sum
              cap: "{{cap}}"
            rules:

            """);
        for (var i = 0; i < amounts.Count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: r{i}\n");
            if (i % 5 != 4 && conditions.Count > 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    when: \"{conditions[i % conditions.Count]}\"\n");
            }

            yaml.Append(CultureInfo.InvariantCulture, $"    then:\n      compensate:\n        - refund: \"{amounts[i]}\"\n");
            if (stopEvery > 0 && i % stopEvery == stopEvery - 1)
            {
                yaml.Append("    stop: true\n");
            }
        }

        return yaml.ToString();
    }

    /// <summary>
    /// A decimal fact's text at the scaled paths' boundaries: 0, small and large values, around 2^40 / 10^4 (the largest
    /// scaled value), past a long, quarters, 0 to 6 decimals with trailing zeros kept, negatives and a negative zero.
    /// ScaledComparisonTests generates its cases with it too.
    /// </summary>
    internal static string BoundaryNumber(Random random)
    {
        var scale = random.Next(0, 7);
        var magnitude = random.Next(7) switch
        {
            0 => 0m,
            1 => random.Next(0, 1000),
            2 => random.Next(0, 100_000_000),
            3 => 109_951_162.7776m + random.Next(-3, 3) / 10_000m,
            4 => (decimal)random.NextInt64(0, long.MaxValue) * 1000,
            5 => random.Next(0, 2000) / 4m,
            _ => random.Next(0, 1_000_000),
        };
        var value = Math.Round(magnitude / (decimal)Math.Pow(10, random.Next(0, 3)), scale);
        if (random.Next(3) == 0)
        {
            value = -value;
        }

        // Trailing zeros keep their scale: 12.5000 has 4 decimals; "-0.00" is a negative zero.
        var text = value.ToString(CultureInfo.InvariantCulture);
        return random.Next(12) == 0 ? "-0.00"
            : random.Next(4) == 0 && !text.Contains('E', StringComparison.Ordinal) ? text + (text.Contains('.', StringComparison.Ordinal) ? "00" : ".000")
            : text;
    }

    private static string Case(Random random, int index)
    {
        string Number() => BoundaryNumber(random);

        string[] counts = ["1", "2", "3", "6", "0", "7", "-1", "0.5", "0.00001", "4"];
        var money = Number().TrimStart('-');
        return $$"""{"id": "c-{{index}}", "severity": "major", "channel": "email", "delay": "2h", "customer": {"tier": "gold", "value": {{money}}}, "a": {{Number()}}, "b": {{Number()}}, "m": {{Number().TrimStart('-')}}, "n": {{counts[random.Next(counts.Length)]}}}""";
    }

    /// <summary>The integer form of a condition that is a comparison.</summary>
    private static ScaledComparison? Form(BoundExpression expression) =>
        expression is BoundBinary binary && ScaledComparison.TryCreate(binary.Operator, binary.Left, null, binary.Right, null, out var form) ? form : null;
}
