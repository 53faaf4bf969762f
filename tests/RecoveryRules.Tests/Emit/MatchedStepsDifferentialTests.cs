using System.Globalization;
using System.Text;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Evaluation;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// The matched run over flat tables (docs/design.md §38) against the unindexed programs: generated policies whose rules write
/// several amounts of every kind a step holds (literals, flat forms of facts and of a cached define, rounds, trees, decimal
/// amounts that divide by a fact, a define that can fail, an empowerment's limit), with residual conditions that can fail,
/// <c>stop</c>, priorities, <c>otherwise</c> and a cap, over cases with values that are negative, not scaled or missing: the
/// closure program that matches decides and fails exactly as the closure program and the IL program forced unindexed (the
/// fired rules in order, every amount slot and the cap bit for bit). Not vacuous: most cases take the matched path, and on it
/// the fired rules run steps of every kind, flat forms that answer and flat forms that decline.
/// </summary>
public sealed class MatchedStepsDifferentialTests
{
    private static readonly string[] Conditions =
    [
        "a > {c}", "a <= {c}", "m * 2 >= {c}", "per > {c}", "b < {c}", "region in [north, east]", "region != west", "flag", "not flag",
        "customer.value >= {c}", "severity >= major", "delay.hours <= {c}", "a > {c} or flag",
    ];

    /// <summary>Conditions that are residual (a fact divided by a fact, a define that divides): they can fail after the matched ones.</summary>
    private static readonly string[] Residual = ["ratio > {c}", "a / n >= {c}", "m * b > {c}"];

    private static readonly string[] Constants = ["0", "5", "18", "42", "0.5", "12.345", "-3", "144", "1000"];

    private static readonly string[] Amounts =
    [
        "9", "20", "0.125", "20% of m", "clamp(m / 10, 5, 18)", "min(15% of m, 42)", "round(b * 8)", "a * 2", "max(a, 1)",
        "max(5, 19% of per)", "per * 2", "round(per)", "max(2, 15% of share)", "m / n", "ratio", "min(m, b)", "a * 100000", "abs(b)",
    ];

    private static readonly string[] Kinds = ["refund", "voucher", "credit", "gift"];

    [Fact]
    public void The_matched_run_decides_and_fails_as_the_unindexed_programs()
    {
        var random = new Random(20261238);
        var (compared, failures, matched, cases) = (0, 0, 0, 0);
        var ran = new Dictionary<MatchedStepKind, int>();
        var (answered, declined) = (0, 0);
        var (candidates, stopped, ruleLoop, copies) = (0, 0, 0, 0);
        for (var p = 0; p < 10; p++)
        {
            var policy = PolicyYaml.Compile(Generate(random, p % 2 == 0 ? 40 : 70, residual: p % 3 != 2), "steps.policy.yaml").GetPolicyOrThrow();
            var bound = policy.Bound;
            var matching = ClosureProgram.Build(bound, explain: false, RuleIndexing.Match);
            matching.Matcher.Should().NotBeNull();
            var programs = new (string Name, Action<CaseFrame> Expected)[]
            {
                ("closures", ClosureProgram.Build(bound, explain: false, RuleIndexing.Never).Run),
                ("IL", PolicyProgram.Compile(bound, explain: false, indexing: RuleIndexing.Never)),
            };
            for (var c = 0; c < 300; c++)
            {
                var json = Case(random, c);
                if (!policy.TryReadCase(Encoding.UTF8.GetBytes(json), out var recoveryCase, out _))
                {
                    continue;
                }

                cases++;
                var actual = ScaledAmountTests.Run(matching.Run, bound, recoveryCase, explain: false);
                foreach (var (name, expected) in programs)
                {
                    var want = ScaledAmountTests.Run(expected, bound, recoveryCase, explain: false);
                    actual.Should().Be(want, $"the matching program against {name}, policy {p}, case {json}");
                    failures += want.StartsWith("failed", StringComparison.Ordinal) ? 1 : 0;
                    compared++;
                }

                var frame = Frame(bound, recoveryCase);
                if (!matching.ProbeMatch(frame))
                {
                    continue;
                }

                matched++;
                if (matching.ProbeCandidates(frame))
                {
                    // Every candidate fires up to the first that stops (docs/design.md §42); count the cases where one stops early.
                    candidates++;
                    var selected = Enumerable.Range(0, bound.Rules.Length).Where(r => (frame.CandidateWords[r >> 6] >> (r & 63) & 1) != 0).ToArray();
                    stopped += selected.SkipLast(1).Any(r => bound.Rules[r].Stop) ? 1 : 0;
                }
                else
                {
                    ruleLoop++;
                }

                try
                {
                    matching.Run(frame);
                }
                catch (Exception e) when (e is EvaluationFailure or ArithmeticException)
                {
                    continue;
                }

                foreach (var order in frame.Fired.Take(frame.FiredCount))
                {
                    foreach (var step in matching.MatchedSteps(order))
                    {
                        ran[step.Kind] = ran.GetValueOrDefault(step.Kind) + 1;
                        if (step.Kind == MatchedStepKind.FactFlat)
                        {
                            // A define the matcher computes is read from its copy past the decimal slots (docs/design.md §42).
                            copies += step.Read >= SlotLayout.Of(bound).DecimalSlots ? 1 : 0;
                            var x = frame.Scaled[step.Read];
                            _ = x != ScaledDecimal.NotScaled && matching.TryFlat(in step, x, out _) ? answered++ : declined++;
                        }
                    }
                }
            }
        }

        compared.Should().BeGreaterThan(4_000);
        matched.Should().BeGreaterThan(cases / 2, "most cases take the matched path");
        failures.Should().BeGreaterThan(0);
        foreach (var kind in Enum.GetValues<MatchedStepKind>())
        {
            ran.GetValueOrDefault(kind).Should().BeGreaterThan(100, $"fired rules on the matched path run {kind} steps");
        }

        copies.Should().BeGreaterThan(100, "flat forms of the define the matcher computes read its copy");
        candidates.Should().BeGreaterThan(300, "cases without a residual candidate run every candidate");
        stopped.Should().BeGreaterThan(20, "some of them stop before their last candidate");
        ruleLoop.Should().BeGreaterThan(300, "cases with residual candidates run the rules' loop");
        answered.Should().BeGreaterThan(100, "flat forms answer");
        declined.Should().BeGreaterThan(10, "flat forms decline (negative or not scaled) and the step runs decimal's");
    }

    /// <summary>
    /// The rules' literal amounts are written once per frame and policy (docs/design.md §42): one frame, reused as a thread's is,
    /// runs cases of two policies with their matching programs and with programs that write every amount (the closure program
    /// unindexed, of either policy), failures among them; each run decides as the unindexed program on a fresh frame. Not
    /// vacuous: most matched runs find the literals already written, fired rules read more than 100 of them, the other policy's
    /// unindexed program writes over them (its slots collide), and matched runs after it write them again.
    /// </summary>
    [Fact]
    public void Literal_amounts_written_once_stay_right_on_a_frame_reused_across_cases_and_policies()
    {
        var random = new Random(20261242);
        var policies = new[] { Generate(random, 70), Generate(random, 40) }
            .Select(text => PolicyYaml.Compile(text, "steps.policy.yaml").GetPolicyOrThrow())
            .ToArray();
        var matching = policies.Select(p => ClosureProgram.Build(p.Bound, explain: false, RuleIndexing.Match)).ToArray();
        var unindexed = policies.Select(p => ClosureProgram.Build(p.Bound, explain: false, RuleIndexing.Never)).ToArray();
        var frame = new CaseFrame();
        var (reused, written, literalsRead, rewritten, compared) = (0, 0, 0, 0, 0);
        var overwritten = false;
        for (var c = 0; c < 1_500; c++)
        {
            // Mostly the first policy's matching program; the other policy's unindexed program every fifth case (it writes its
            // own amounts over the slots), its matching program and the first policy's unindexed one now and then.
            var (p, useMatching) = (c % 5, c % 13, c % 7) switch
            {
                (4, _, _) => (1, false),
                (_, 12, _) => (1, true),
                (_, _, 6) => (0, false),
                _ => (0, true),
            };
            var json = Case(random, c);
            if (!policies[p].TryReadCase(Encoding.UTF8.GetBytes(json), out var recoveryCase, out _))
            {
                continue;
            }

            var bound = policies[p].Bound;
            var program = useMatching ? matching[p] : unindexed[p];
            var want = ScaledAmountTests.Run(unindexed[p].Run, bound, recoveryCase, explain: false);
            frame.Start(bound);
            (frame.Decimals, frame.Ordinals, frame.Booleans, frame.Texts) = (recoveryCase.Decimals, recoveryCase.Ordinals, recoveryCase.Booleans, recoveryCase.Texts);
            var had = ReferenceEquals(frame.ConstantsOf, program);
            string actual;
            try
            {
                program.Run(frame);
                actual = ScaledAmountTests.Outcome(frame, bound, explain: false);
            }
            catch (Exception e) when (e is EvaluationFailure or ArithmeticException)
            {
                actual = $"failed {e.GetType().Name} {e.Message}";
            }

            actual.Should().Be(want, $"policy {p}, {(useMatching ? "matching" : "unindexed")}, case {json}");
            compared++;
            overwritten |= p == 1 && !useMatching;
            if (useMatching && p == 0 && ReferenceEquals(frame.ConstantsOf, program))
            {
                _ = had ? reused++ : written++;
                rewritten += !had && overwritten ? 1 : 0;
                if (had && !actual.StartsWith("failed", StringComparison.Ordinal))
                {
                    var literals = program.MatchedConstants.ToArray().Select(constant => constant.Slot).ToHashSet();
                    literalsRead += frame.Fired.Take(frame.FiredCount)
                        .SelectMany(order => ScaledAmountTests.ReadSlots(bound.Rules[order].Decision))
                        .Count(literals.Contains);
                }
            }
        }

        compared.Should().BeGreaterThan(1_000);
        reused.Should().BeGreaterThan(Math.Max(written, 300), "most matched runs find the literals written");
        literalsRead.Should().BeGreaterThan(100, "fired rules read literals that an earlier case wrote");
        rewritten.Should().BeGreaterThan(5, "matched runs after the other policy's write the literals again");
        var slots0 = matching[0].MatchedConstants.ToArray().Select(constant => constant.Slot).ToHashSet();
        var slots1 = policies[1].Bound.Rules.SelectMany(rule => ScaledAmountTests.ReadSlots(rule.Decision)).ToHashSet();
        slots0.Intersect(slots1).Should().NotBeEmpty("the other policy writes over some of the literals' slots");
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
        var text = template;
        while (text.Contains("{c}", StringComparison.Ordinal))
        {
            var at = text.IndexOf("{c}", StringComparison.Ordinal);
            text = string.Concat(text.AsSpan(0, at), Constants[random.Next(Constants.Length)], text.AsSpan(at + 3));
        }

        return text;
    }

    /// <summary>
    /// A policy of <paramref name="count"/> rules of 1–3 conditions (with <paramref name="residual"/>, a residual one in about one
    /// condition of six; without, none of the conditions that stay residual: the last of <see cref="Conditions"/>, on two facts) and
    /// 0–4 amounts.
    /// </summary>
    private static string Generate(Random random, int count, bool residual = true)
    {
        var yaml = new StringBuilder().Append("""
            policy: steps
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
              share: m / max(b, 1)
              ratio: a / n
            combine:
              compensation: sum
              cap: max(m, 50)
              escalation: highest
              empowerment: highest
            otherwise:
              compensate:
                - voucher: "clamp(m / 10, 5, 18)"
            rules:

            """);
        for (var i = 0; i < count; i++)
        {
            var conditions = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => Fill(random.Next(6) == 0 && residual ? Residual[random.Next(Residual.Length)] : Conditions[random.Next(Conditions.Length - (residual ? 0 : 1))], random))
                .Select(c => $"\"{c}\"");
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: r{i}\n");
            if (random.Next(5) == 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    priority: {random.Next(3)}\n");
            }

            yaml.Append(CultureInfo.InvariantCulture, $"    when: [{string.Join(", ", conditions)}]\n    then:\n      compensate:\n");
            var items = random.Next(5);
            if (items == 0)
            {
                yaml.Append("        - apology\n");
            }

            for (var k = 0; k < items; k++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"        - {Kinds[random.Next(Kinds.Length)]}: \"{Amounts[random.Next(Amounts.Length)]}\"\n");
            }

            if (random.Next(4) == 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      empower: {{ role: manager, limit: \"{(random.Next(2) == 0 ? "min(m, 228)" : "360")}\", actions: [refund] }}\n");
            }

            if (random.Next(40) == 0)
            {
                yaml.Append("    stop: true\n");
            }
        }

        return yaml.ToString();
    }

    /// <summary>A value around a threshold, negative, with 5 or 6 decimals (not scaled), huge, or negative zero.</summary>
    private static string Number(Random random)
    {
        var threshold = decimal.Parse(Constants[random.Next(Constants.Length)], CultureInfo.InvariantCulture);
        var value = random.Next(12) switch
        {
            0 => threshold + 0.00005m,
            1 => -threshold - 1,
            2 => 109951162.7777m,
            3 => threshold / 4,
            4 => threshold * 3 + 0.5m,
            5 => threshold + 0.0001m,
            _ => threshold + random.Next(0, 300),
        };
        return random.Next(30) == 0 ? "-0.00" : value.ToString(CultureInfo.InvariantCulture);
    }

    private static string Case(Random random, int index)
    {
        string[] counts = ["1", "2", "3", "0", "-1", "0.5", "7"];
        string[] regions = ["north", "south", "east", "west"];
        string[] severities = ["minor", "moderate", "major", "critical"];
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $$"""{"id": "c-{{index}}", "severity": "{{severities[random.Next(4)]}}", "channel": "app", "delay": "{{random.Next(0, 100)}}h", "customer": {"tier": "gold", "value": {{Number(random).TrimStart('-')}}}, "a": {{Number(random)}}""");
        if (random.Next(4) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $$""", "b": {{Number(random)}}""");
        }

        if (random.Next(5) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $$""", "m": {{Number(random).TrimStart('-')}}""");
        }

        if (random.Next(4) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $$""", "n": {{counts[random.Next(counts.Length)]}}""");
        }

        if (random.Next(3) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $$""", "region": "{{regions[random.Next(4)]}}", "flag": {{(random.Next(2) == 0 ? "true" : "false")}}""");
        }

        return text.Append('}').ToString();
    }
}
