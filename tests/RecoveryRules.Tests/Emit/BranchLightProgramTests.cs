using System.Globalization;
using System.Text;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// The IL program's branch-light forms (docs/design.md §33: a rule's conditions that cannot fail joined without short-circuit
/// under guards, the fired list appended without a branch, the decimal fallbacks as programs of their own) against the same
/// program without them (<c>branchLight: false</c>), in ranges (more than 32 rules), indexed, and in one method (fewer rules),
/// on generated policies whose conditions mix comparisons that cannot fail (members, flags, integer forms, a cached define
/// that divides by <c>max(n, 1)</c>, two facts) with ones that can (a division by a fact, a define that does, a product
/// that overflows, a clamp whose bounds cross), often after a condition that is false; over cases with boundary values and
/// zero divisors: the same rules fire, every amount and the cap bit for bit, the same failure. Not vacuous: most conditions
/// are eager and not all, rules join the fired list without a branch, fallbacks are out of line, some cases fail and some
/// cases pass a condition that would fail only because an earlier one is false.
/// </summary>
public sealed class BranchLightProgramTests
{
    private static readonly string[] Operators = ["==", "!=", "<", "<=", ">", ">="];

    private static readonly string[] Safe =
    [
        "severity >= {sev}", "severity == {sev}", "flag", "not flag", "region in [north, {region}]", "region not in [{region}]",
        "a {op} {c}", "m * 2 {op} {c}", "m - 77 {op} {c}", "per {op} {c}", "a {op} b", "late", "not late", "(a > {c}) or flag",
        "not (m > {c} and flag)", "per * 2 {op} {c}", "half {op} {c}", "customer.value >= {c}", "delay.hours <= {h}",
    ];

    private static readonly string[] Failing =
    [
        "ratio {op} {c}", "a / n {op} {c}", "clamp(a, b, {c}) {op} {c}", "a * 79228162514264337593543950335 > 1", "m * b {op} {c}",
        "a / (n - 1) {op} {c}",
    ];

    private static readonly string[] Amounts = ["", "", "20% of m", "max(5, 19% of per)", "clamp(m / 10, 5, 18)", "ratio", "round(b * 8)", "9", "m / n"];

    private static readonly string[] Constants = ["5", "18", "0", "42", "0.5", "12.345", "1000000", "-3", "10000000000", "0.0001", "109951162.7776", "144"];

    [Fact]
    public void Branch_light_programs_decide_and_fail_as_the_plain_program()
    {
        var random = new Random(20261207);
        var (compared, failures, eager, conditions, branchFree, fallbacks, sparedFailures) = (0, 0, 0, 0, 0, 0, 0);
        for (var p = 0; p < 10; p++)
        {
            var rules = p % 3 == 2 ? 24 : 75;
            var policy = PolicyYaml.Compile(Generate(random, rules, out var failingAfterFalse), "branch-light.policy.yaml").GetPolicyOrThrow();
            var bound = policy.Bound;
            var singles = new Dictionary<int, Action<CaseFrame>>();
            conditions += bound.Rules.Sum(r => r.Conditions.Length);
            var emitted = PolicyProgram.Emit(bound, explain: false, RuleIndexing.Never);
            (eager, branchFree, fallbacks) = (eager + emitted.EagerConditions, branchFree + emitted.BranchFreeRules, fallbacks + emitted.Fallbacks);
            var plain = PolicyProgram.Compile(bound, explain: false, indexing: RuleIndexing.Never, branchLight: false);
            var programs = new (string Name, Action<CaseFrame> Program)[]
            {
                ("IL", PolicyProgram.Compile(bound, explain: false, indexing: RuleIndexing.Never)),
                ("IL indexed", PolicyProgram.Compile(bound, explain: false, indexing: RuleIndexing.Always)),
                ("IL interpreted", PolicyProgram.Compile(bound, explain: false, interpret: true, indexing: RuleIndexing.Never)),
            };
            for (var c = 0; c < 160; c++)
            {
                var json = Case(random, c);
                if (!policy.TryReadCase(Encoding.UTF8.GetBytes(json), out var recoveryCase, out _))
                {
                    continue;
                }

                var expected = ScaledAmountTests.Run(plain, bound, recoveryCase, explain: false);
                foreach (var (name, program) in programs)
                {
                    ScaledAmountTests.Run(program, bound, recoveryCase, explain: false).Should().Be(expected, $"{name}, policy {p}, case {json}");
                    compared++;
                }

                failures += expected.StartsWith("failed", StringComparison.Ordinal) ? 1 : 0;
                if (!expected.StartsWith("failed", StringComparison.Ordinal))
                {
                    // A rule whose failing condition follows one that is false for this case: a program that evaluated it anyway fails.
                    sparedFailures += failingAfterFalse.Count(rule => Fails(bound, rule, recoveryCase, singles));
                }
            }
        }

        compared.Should().BeGreaterThan(3_000);
        eager.Should().BeGreaterThan(conditions / 2).And.BeLessThan(conditions);
        branchFree.Should().BeGreaterThan(0);
        fallbacks.Should().BeGreaterThan(0);
        failures.Should().BeGreaterThan(0, "some conditions divide by zero, overflow or clamp with crossed bounds");
        sparedFailures.Should().BeGreaterThan(0, "cases pass a condition that would fail only because a condition before it is false");
    }

    [Fact]
    public void Only_conditions_that_cannot_fail_are_failure_free()
    {
        var policy = PolicyYaml.Compile(Yaml(["severity >= major", "per < 3", "ratio < 3", "a / n > 1", "clamp(a, b, 3) > 1", "clamp(a, 1, 3) > 1", "m * 2 > 5", "a > b", "half > 2", "a / (n - 1) > 1"], [""]), "freedom.policy.yaml")
            .GetPolicyOrThrow();
        var freedom = new FailureFreedom();
        policy.Bound.Rules.Select(r => freedom.CannotFail(r.Conditions[0].Expression))
            .Should().Equal(true, true, false, false, false, true, false, true, true, false);
    }

    /// <summary>Whether evaluating the rule's last condition alone fails for the case (the plain program, rule by rule).</summary>
    private static bool Fails(BoundPolicy bound, int rule, RecoveryCase recoveryCase, Dictionary<int, Action<CaseFrame>> singles)
    {
        if (!singles.TryGetValue(rule, out var program))
        {
            // The policy with one rule: this rule's last condition alone, deciding nothing.
            var only = bound.Rules[rule] with { Conditions = [bound.Rules[rule].Conditions[^1]], Stop = false, Decision = new BoundDecision([], null, null, null) };
            program = PolicyProgram.Compile(bound with { Rules = [only] }, explain: false, branchLight: false);
            singles[rule] = program;
        }

        return ScaledAmountTests.Run(program, bound, recoveryCase, explain: false).StartsWith("failed", StringComparison.Ordinal);
    }

    private static string Fill(string template, Random random)
    {
        string Pick(string[] items) => items[random.Next(items.Length)];
        var text = new StringBuilder(template)
            .Replace("{op}", Pick(Operators))
            .Replace("{sev}", Pick(["minor", "moderate", "major", "critical"]))
            .Replace("{region}", Pick(["south", "east", "west"]))
            .Replace("{h}", random.Next(0, 100).ToString(CultureInfo.InvariantCulture))
            .ToString();
        while (text.Contains("{c}", StringComparison.Ordinal))
        {
            var at = text.IndexOf("{c}", StringComparison.Ordinal);
            text = string.Concat(text.AsSpan(0, at), Pick(Constants), text.AsSpan(at + 3));
        }

        return text;
    }

    /// <summary>
    /// A policy of <paramref name="count"/> rules of 1–4 conditions, about a third of them with a condition that can fail (in
    /// any place); <paramref name="failingAfterFalse"/> the rules whose last condition can fail and follows others.
    /// </summary>
    private static string Generate(Random random, int count, out List<int> failingAfterFalse)
    {
        var whens = new List<string[]>();
        var amounts = new List<string>();
        failingAfterFalse = [];
        for (var i = 0; i < count; i++)
        {
            var conditions = new string[random.Next(1, 5)];
            for (var c = 0; c < conditions.Length; c++)
            {
                conditions[c] = Fill(random.Next(4) == 0 ? Failing[random.Next(Failing.Length)] : Safe[random.Next(Safe.Length)], random);
            }

            if (conditions.Length > 1 && random.Next(3) == 0)
            {
                conditions[^1] = Fill(Failing[random.Next(Failing.Length)], random);
                failingAfterFalse.Add(i);
            }

            whens.Add(conditions);
            amounts.Add(Amounts[random.Next(Amounts.Length)]);
        }

        return Yaml(whens.Select(w => string.Join('\n', w)).ToList(), amounts, stopEvery: 29);
    }

    /// <summary>A policy of a rule per entry of <paramref name="whens"/> (conditions separated by new lines), with the next of <paramref name="amounts"/> ("" for none).</summary>
    private static string Yaml(IReadOnlyList<string> whens, IReadOnlyList<string> amounts, int stopEvery = 0)
    {
        var yaml = new StringBuilder().Append("""
            policy: branch-light
            version: "1"
            currency: USD
            facts:
              a: number
              b: { type: number, default: 0 }
              m: { type: money, default: 0 }
              n: { type: number, default: 1 }
              flag: { type: bool, default: false }
              region: { oneOf: [north, south, east, west], default: north }
            define:
              per: m / max(n, 1)
              ratio: a / n
              half: a / 2
              late: delay > 24h
            combine:
              compensation: sum
              cap: max(m, 50)
            rules:

            """);
        for (var i = 0; i < whens.Count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: r{i}\n    when:\n");
            foreach (var condition in whens[i].Split('\n'))
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      - \"{condition}\"\n");
            }

            var amount = amounts[i % amounts.Count];
            yaml.Append(amount.Length == 0
                ? "    then:\n      compensate:\n        - apology\n"
                : $"    then:\n      compensate:\n        - refund: \"{amount}\"\n");
            if (stopEvery > 0 && i % stopEvery == stopEvery - 1)
            {
                yaml.Append("    stop: true\n");
            }
        }

        return yaml.ToString();
    }

    private static string Case(Random random, int index)
    {
        string Number() => ScaledAmountTests.BoundaryNumber(random);

        string[] counts = ["1", "2", "3", "6", "0", "7", "-1", "0.5", "0.00001", "4"];
        string[] severities = ["minor", "moderate", "major", "critical"];
        string[] regions = ["north", "south", "east", "west"];
        string[] delays = ["30m", "2h", "1d", "2d", "36h"];
        return $$"""{"id": "c-{{index}}", "severity": "{{severities[random.Next(4)]}}", "channel": "email", "delay": "{{delays[random.Next(delays.Length)]}}", "customer": {"tier": "gold", "value": {{Number().TrimStart('-')}}}, "a": {{Number()}}, "b": {{Number()}}, "m": {{Number().TrimStart('-')}}, "n": {{counts[random.Next(counts.Length)]}}, "flag": {{(random.Next(2) == 0 ? "true" : "false")}}, "region": "{{regions[random.Next(4)]}}"}""";
    }
}
