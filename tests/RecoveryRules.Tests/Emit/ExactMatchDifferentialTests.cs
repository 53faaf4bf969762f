using System.Globalization;
using System.Text;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Evaluation;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// Exact, bit-parallel matching (docs/design.md §35) against the unindexed programs: generated policies whose conditions share a
/// few variables with many thresholds (strict and not, equal ones, negative and fractional factors, sums, differences, percents,
/// divisions by a literal, duration parts, a cached define that divides, defines that are one dimension and defines that are
/// not, <c>or</c>, <c>and</c>, <c>not</c>, members, flags, conditions that can fail before and after the indexable ones,
/// <c>stop</c>, priorities, <c>otherwise</c>, a cap) over cases at, just below and just above every threshold, values that are
/// not scaled (5 and more decimals, huge), zero, negative zero, negatives and missing facts with defaults: the closure program
/// that matches decides and fails exactly as the closure program and the IL program forced unindexed, the fired rules in order,
/// every amount and the cap bit for bit. Not vacuous: most rules are decided by their bits alone, most cases take the matched
/// path, and the cases whose non-pure variables are not scaled take the unindexed one.
/// </summary>
public sealed class ExactMatchDifferentialTests
{
    private static readonly string[] Operators = ["==", "!=", "<", "<=", ">", ">="];

    /// <summary>The thresholds, few so that many atoms share them: the cases' values sit on and around them.</summary>
    private static readonly string[] Constants = ["0", "5", "18", "42", "0.5", "12.345", "-3", "144", "1000", "0.0001", "10000"];

    private static readonly string[] Factors = ["2", "-2", "0.5", "3", "0.01", "1.5", "-1"];

    private static readonly string[] Exact =
    [
        "a {op} {c}", "{c} {op} a", "a * {k} {op} {c}", "a - {c} {op} {c}", "a + {c} {op} {c}", "-a {op} {c}", "m * 2 {op} {c}",
        "per {op} {c}", "{c} {op} per", "b {op} {c}", "customer.value {op} {c}", "delay.hours {op} {h}", "delay.minutes {op} {h}",
        "severity >= {sev}", "severity == {sev}", "region in [north, {region}]", "region not in [{region}]", "flag", "not flag",
        "late", "not late", "big", "not big", "hv", "not hv", "loyal", "mixed", "not mixed", "wide", "not wide", "not (a > {c})",
        "a > {c} and a <= {c}", "a < {c} or a >= {c}", "a > {c} and severity == {sev}", "10% of m {op} {c}", "m / 4 {op} {c}",
        "per * 2 {op} {c}", "a {op} 0.00005", "customer.tier >= gold", "channel in [app, phone]",
    ];

    private static readonly string[] Failing =
    [
        "ratio {op} {c}", "a / n {op} {c}", "a * 79228162514264337593543950335 > 1", "m * b {op} {c}", "a / (n - 1) {op} {c}",
        "a > b", "a > {c} or ratio > {c}",
    ];

    private static readonly string[] Severities = ["minor", "moderate", "major", "critical"];
    private static readonly string[] Regions = ["north", "south", "east", "west"];
    private static readonly string[] Amounts = ["", "", "", "20% of m", "max(5, 19% of per)", "clamp(m / 10, 5, 18)", "ratio", "9", "m / n"];

    [Fact]
    public void Matching_programs_decide_and_fail_as_the_unindexed_programs()
    {
        var random = new Random(20261207);
        var (compared, failures, exactRules, rules, matched, unmatched, pureUnscaled, cases) = (0, 0, 0, 0, 0, 0, 0, 0);
        for (var p = 0; p < 12; p++)
        {
            var policy = PolicyYaml.Compile(Generate(random, p % 4 == 3 ? 40 : 90), "match.policy.yaml").GetPolicyOrThrow();
            var bound = policy.Bound;
            var matching = ClosureProgram.Build(bound, explain: false, RuleIndexing.Match);
            matching.Matcher.Should().NotBeNull();
            exactRules += matching.Matcher!.Match.ExactRules;
            rules += bound.Rules.Length;
            var programs = new (string Name, Action<CaseFrame> Actual, Action<CaseFrame> Expected, bool Explain)[]
            {
                ("closures", matching.Run, ClosureProgram.Build(bound, explain: false, RuleIndexing.Never).Run, false),
                ("closures against IL", matching.Run, PolicyProgram.Compile(bound, explain: false, indexing: RuleIndexing.Never), false),
                ("closures explaining", ClosureProgram.Build(bound, explain: true, RuleIndexing.Match).Run, PolicyProgram.Compile(bound, explain: true, indexing: RuleIndexing.Never), true),
            };
            for (var c = 0; c < 250; c++)
            {
                var json = Case(random, c);
                if (!policy.TryReadCase(Encoding.UTF8.GetBytes(json), out var recoveryCase, out _))
                {
                    continue;
                }

                cases++;
                var probe = Frame(bound, recoveryCase);
                if (matching.ProbeMatch(probe))
                {
                    matched++;
                    pureUnscaled += ScaledDecimal.ToScaled(recoveryCase.Decimals[bound.Facts.First(f => f.Name == "customer.value").Slot]) == ScaledDecimal.NotScaled ? 1 : 0;
                }
                else
                {
                    unmatched++;
                    matching.Matcher.Match.Numeric.Where(n => !n.Pure).Any(n => n.Variable.IsDefine
                            ? probe.DefinesComputed[n.Variable.Index] && probe.DefineScaled[n.Variable.Index] == ScaledDecimal.NotScaled
                            : ScaledDecimal.ToScaled(recoveryCase.Decimals[n.Variable.Index]) == ScaledDecimal.NotScaled)
                        .Should().BeTrue("a case runs unindexed only when a variable that is not pure has no scaled value");
                }

                foreach (var (name, actual, expected, explain) in programs)
                {
                    var want = ScaledAmountTests.Run(expected, bound, recoveryCase, explain);
                    ScaledAmountTests.Run(actual, bound, recoveryCase, explain).Should().Be(want, $"{name}, policy {p}, case {json}");
                    failures += want.StartsWith("failed", StringComparison.Ordinal) ? 1 : 0;
                    compared++;
                }
            }
        }

        compared.Should().BeGreaterThan(6_000);
        exactRules.Should().BeGreaterThan(rules / 2, "most rules are decided by their bits alone").And.BeLessThan(rules);
        matched.Should().BeGreaterThan(cases / 2, "most cases take the matched path");
        unmatched.Should().BeGreaterThan(0, "cases with a variable that is not pure and not scaled run unindexed");
        pureUnscaled.Should().BeGreaterThan(0, "a pure variable's value that is not scaled still has a key");
        failures.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Tables_stay_within_a_budget_linear_in_the_policy()
    {
        // 3,000 rules, each with its own thresholds on a and m: dense tables would take (thresholds + 1) × 47 words per
        // variable, about 140,000 each, quadratic in the rules; b has 50 thresholds.
        var random = new Random(35);
        var yaml = new StringBuilder().Append("""
            policy: thresholds
            version: "1"
            currency: USD
            facts:
              a: number
              b: { type: number, default: 0 }
              m: { type: money, default: 0 }
              region: { oneOf: [north, south, east, west], default: north }
            combine:
              compensation: sum
            rules:

            """);
        const int Count = 3000;
        for (var i = 0; i < Count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture,
                $"  - id: r{i}\n    when: [\"region != {Regions[i % 4]}\", \"a > {i}\", \"b <= {random.Next(50)}.5\", \"m * 2 >= {i * 3}\"]\n    then:\n      compensate:\n        - apology\n");
        }

        var policy = PolicyYaml.Compile(yaml.ToString(), "thresholds.policy.yaml").GetPolicyOrThrow();
        var bound = policy.Bound;
        var match = RuleMatch.Build(bound);
        match.TableWords.Should().BeLessThanOrEqualTo((int)RuleMatch.Budget(Count));
        match.Finite.Should().ContainSingle("the region's table is cheap");
        match.Numeric.Should().ContainSingle("a dimension past the budget is left to residual evaluation")
            .Which.Variable.Index.Should().Be(bound.Facts.First(f => f.Name == "b").Slot);
        match.Residual.Should().OnlyContain(r => r.SequenceEqual(new[] { 1, 3 }), "region and b are captured, a and m are residual");

        // An unbounded budget keeps every dimension: the tables are then quadratic, which the default budget prevents.
        RuleMatch.Build(bound, budget: long.MaxValue).TableWords.Should().BeGreaterThan(2 * 2900 * 47);

        // And it still decides as the unindexed program.
        var matching = ClosureProgram.Build(bound, explain: false, RuleIndexing.Match).Run;
        var unindexed = ClosureProgram.Build(bound, explain: false, RuleIndexing.Never).Run;
        for (var c = 0; c < 60; c++)
        {
            var json = $$"""{"id": "c-{{c}}", "severity": "major", "channel": "email", "delay": "2h", "a": {{random.Next(-5, 3005)}}, "b": {{random.Next(52)}}.5, "m": {{random.Next(4600)}}, "region": "{{Regions[c % 4]}}"}""";
            policy.TryReadCase(Encoding.UTF8.GetBytes(json), out var recoveryCase, out _).Should().BeTrue();
            recoveryCase.Should().NotBeNull();
            ScaledAmountTests.Run(matching, bound, recoveryCase!, explain: false).Should().Be(ScaledAmountTests.Run(unindexed, bound, recoveryCase!, explain: false), json);
        }
    }

    [Fact]
    public void A_large_tiered_policy_that_matches_stays_with_the_closure_program()
    {
        var random = new Random(1000);
        foreach (var (rules, tiersUp) in new[] { (TieredRuleProgram.ClosuresOnlyFrom, false), (90, true) })
        {
            var policy = PolicyYaml.Compile(Generate(random, rules), "tiers.policy.yaml").GetPolicyOrThrow();
            var scheduler = new HeldScheduler();
            var program = new TieredRuleProgram(policy.Bound, RuleExecution.Tiered, dynamicCodeSupported: true, scheduler);
            // A run that fails does not count towards the tier-up: many cases, most of which do not fail.
            for (var i = 0; i < 10 * TieredRuleProgram.CompileAfter; i++)
            {
                if (!policy.TryReadCase(Encoding.UTF8.GetBytes(Case(random, i)), out var recoveryCase, out _))
                {
                    continue;
                }

                var frame = Frame(policy.Bound, recoveryCase);
                try
                {
                    program.Run(frame, explain: false);
                }
                catch (Exception e) when (e is EvaluationFailure or ArithmeticException)
                {
                }
            }

            (program.TierUp is not null).Should().Be(tiersUp, $"{rules} rules");
            scheduler.Queued.Should().Be(tiersUp ? 1 : 0);
        }
    }

    /// <summary>Holds the tier-up's compile without running it.</summary>
    private sealed class HeldScheduler : TaskScheduler
    {
        public int Queued { get; private set; }

        protected override void QueueTask(Task task) => Queued++;

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

        protected override IEnumerable<Task> GetScheduledTasks() => [];
    }

    private static CaseFrame Frame(BoundPolicy bound, RecoveryCase recoveryCase)
    {
        var frame = new CaseFrame();
        frame.Start(bound);
        frame.Decimals = recoveryCase.Decimals;
        frame.Ordinals = recoveryCase.Ordinals;
        frame.Booleans = recoveryCase.Booleans;
        frame.Texts = recoveryCase.Texts;
        return frame;
    }

    private static string Fill(string template, Random random)
    {
        string Pick(string[] items) => items[random.Next(items.Length)];
        var text = template;
        foreach (var (hole, items) in new[]
        {
            ("{op}", Operators), ("{k}", Factors), ("{c}", Constants), ("{h}", ["0", "1", "24", "48", "72", "0.5", "1440"]),
            ("{sev}", Severities), ("{region}", Regions),
        })
        {
            while (text.Contains(hole, StringComparison.Ordinal))
            {
                var at = text.IndexOf(hole, StringComparison.Ordinal);
                text = string.Concat(text.AsSpan(0, at), Pick(items), text.AsSpan(at + hole.Length));
            }
        }

        return text.Replace("- -", "+ ", StringComparison.Ordinal).Replace("--", "", StringComparison.Ordinal);
    }

    /// <summary>A policy of <paramref name="count"/> rules of 1–4 conditions, some of which can fail, before or after the others.</summary>
    internal static string Generate(Random random, int count)
    {
        var yaml = new StringBuilder().Append("""
            policy: match
            version: "1"
            currency: USD
            facts:
              a: number
              b: { type: number, default: 0 }
              m: { type: money, default: 0 }
              n: { type: number, default: 1 }
              region: { oneOf: [north, south, east, west], default: north }
              flag: { type: bool, default: false }
            define:
              per: m / max(n, 1)
              ratio: a / n
              late: delay > 24h
              big: m >= 200
              hv: customer.tier >= gold or customer.value >= 10000
              loyal: customer.tier in [gold, platinum] and customer.value > 5000
              mixed: a > 5 or flag
              wide: (a > 3 and a < 10) or a == 20
            combine:
              compensation: sum
              cap: max(m, 50)
              escalation: highest
            otherwise:
              escalate: { to: supervisor, within: 4h }
            rules:

            """);
        for (var i = 0; i < count; i++)
        {
            var conditions = Enumerable.Range(0, random.Next(1, 5))
                .Select(_ => Fill(random.Next(6) == 0 ? Failing[random.Next(Failing.Length)] : Exact[random.Next(Exact.Length)], random))
                .Select(c => $"\"{c}\"");
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: r{i}\n");
            if (random.Next(5) == 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    priority: {random.Next(3)}\n");
            }

            yaml.Append(CultureInfo.InvariantCulture, $"    when: [{string.Join(", ", conditions)}]\n");
            var amount = Amounts[random.Next(Amounts.Length)];
            yaml.Append(amount.Length == 0
                ? "    then:\n      compensate:\n        - apology\n"
                : $"    then:\n      compensate:\n        - refund: \"{amount}\"\n");
            if (random.Next(37) == 0)
            {
                yaml.Append("    stop: true\n");
            }
        }

        return yaml.ToString();
    }

    /// <summary>A value at, just below or just above a threshold (or half of one, a third...), not scaled, zero, negative zero, huge.</summary>
    private static string Number(Random random)
    {
        var threshold = decimal.Parse(Constants[random.Next(Constants.Length)], CultureInfo.InvariantCulture);
        var value = random.Next(10) == 0 ? random.Next(3) switch
        {
            0 => threshold + 0.00005m,
            1 => threshold - 0.000001m,
            _ => random.Next(3) == 0 ? 79000000000000000000000000000m : 109951162.7777m,
        }
        : random.Next(9) switch
        {
            0 => threshold / 2,
            1 => threshold * 2,
            2 => threshold + 0.0001m,
            3 => threshold - 0.0001m,
            4 => threshold / 4,
            5 => -threshold,
            6 => threshold - 5,
            _ => threshold,
        };
        var text = value.ToString(CultureInfo.InvariantCulture);
        return random.Next(25) == 0 ? "-0.00" : random.Next(6) == 0 && !text.Contains('.', StringComparison.Ordinal) ? text + ".00" : text;
    }

    private static string Case(Random random, int index)
    {
        string[] counts = ["1", "2", "3", "0", "5", "-1", "0.5", "4"];
        string[] delays = ["30m", "1h", "24h", "1441m", "3d", "72h", "0m", "1439m", "48h"];
        string[] tiers = ["standard", "silver", "gold", "platinum"];
        string[] channels = ["app", "phone", "email", "chat"];
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $$"""{"id": "c-{{index}}", "severity": "{{Severities[random.Next(4)]}}", "channel": "{{channels[random.Next(4)]}}", "delay": "{{delays[random.Next(delays.Length)]}}", "customer": {"tier": "{{tiers[random.Next(4)]}}", "value": {{Number(random).TrimStart('-')}}}, "a": {{Number(random)}}""");
        if (random.Next(4) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $$""", "b": {{Number(random)}}""");
        }

        if (random.Next(4) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $$""", "m": {{Number(random).TrimStart('-')}}""");
        }

        if (random.Next(4) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $$""", "n": {{counts[random.Next(counts.Length)]}}""");
        }

        if (random.Next(3) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $$""", "region": "{{Regions[random.Next(4)]}}", "flag": {{(random.Next(2) == 0 ? "true" : "false")}}""");
        }

        return text.Append('}').ToString();
    }
}
