using System.Globalization;
using System.Text;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// Which program runs a <see cref="RuleExecution.Tiered"/> policy's rules under the JIT (docs/design.md §35 and §41): a policy
/// of <see cref="TieredRuleProgram.ClosuresOnlyFrom"/> rules or more that the closure program matches exactly starts as every
/// tiered policy does (the first tier: no matcher to build or JIT for a policy loaded for a few cases) and, after
/// <see cref="TieredRuleProgram.CompileAfter"/> evaluations, swaps in the matched closure program and never compiles IL; a
/// smaller one, or one that is not matched, tiers up to IL. Whichever runs, the decisions are the IL program's, bit for bit.
/// </summary>
public sealed class TierChoiceTests
{
    private static readonly string[] Regions = ["north", "south", "east", "west"];
    private static readonly string[] Numbers = ["0", "5", "18", "42", "0.5", "12.345", "-3", "144", "1000", "0.0001", "10000", "17.9999", "42.0001", "7.9E+28", "-0.00", "0.000001"];

    [Fact]
    public void A_matched_tiered_policy_stays_with_the_closure_program_from_exactly_ClosuresOnlyFrom_rules()
    {
        var random = new Random(41);
        foreach (var rules in new[] { TieredRuleProgram.ClosuresOnlyFrom - 1, TieredRuleProgram.ClosuresOnlyFrom, TieredRuleProgram.ClosuresOnlyFrom + 1 })
        {
            var policy = Compile(random, rules);
            var scheduler = new HeldScheduler();
            var program = new TieredRuleProgram(policy.Bound, RuleExecution.Tiered, dynamicCodeSupported: true, scheduler);
            var staysClosures = rules >= TieredRuleProgram.ClosuresOnlyFrom;
            program.StaysWithClosures.Should().Be(staysClosures, $"{rules} rules");
            program.FastProgram.Target.Should().BeOfType<ClosureProgram>().Which.Matcher.Should().BeNull($"{rules} rules: the first tier, whatever comes after it");
            RunMany(program, policy, random);

            (program.TierUp is null).Should().Be(staysClosures, $"{rules} rules");
            scheduler.Queued.Should().Be(staysClosures ? 0 : 1, $"{rules} rules");
            program.IsCompiled.Should().BeFalse();
            var closures = program.FastProgram.Target.Should().BeOfType<ClosureProgram>($"{rules} rules run the closure program before any tier-up").Subject;
            (closures.Matcher is not null).Should().Be(staysClosures, $"{rules} rules: only the tier-up to closures matches");
            if (!staysClosures)
            {
                scheduler.RunAll();
                program.IsCompiled.Should().BeTrue($"{rules} rules tier up to IL");
                (program.FastProgram.Target is ClosureProgram).Should().BeFalse();
            }
        }
    }

    [Fact]
    public void A_matched_200_rule_tiered_policy_never_compiles_IL_under_the_JIT()
    {
        // Measured (docs/design.md §41): at 200 rules the matched closure program runs a case in about 0.87 µs, the IL program
        // in about 1.24; the framework-dependent tool's 200-rule batch is the workload the threshold was chosen for.
        var random = new Random(200);
        var policy = Compile(random, 200);
        var scheduler = new HeldScheduler();
        var program = new TieredRuleProgram(policy.Bound, RuleExecution.Tiered, dynamicCodeSupported: true, scheduler);
        RunMany(program, policy, random);

        program.TierUp.Should().BeNull();
        scheduler.Queued.Should().Be(0);
        program.IsCompiled.Should().BeFalse();
        program.FastProgram.Target.Should().BeOfType<ClosureProgram>().Which.Matcher.Should().NotBeNull();
    }

    [Fact]
    public void A_large_policy_that_is_not_matched_or_not_tiered_chooses_as_before()
    {
        var random = new Random(1000);
        var policy = Compile(random, TieredRuleProgram.ClosuresOnlyFrom + 20);
        var bound = policy.Bound;

        // Not matched (indexed as §19, or never): the closure program first, then IL.
        foreach (var indexing in new[] { RuleIndexing.Never, RuleIndexing.Always })
        {
            var scheduler = new HeldScheduler();
            var program = new TieredRuleProgram(bound, RuleExecution.Tiered, dynamicCodeSupported: true, scheduler, indexing);
            RunMany(program, policy, random);
            scheduler.Queued.Should().Be(1, indexing.ToString());
        }

        // Compiled: IL from load. Interpreted, and every mode without dynamic code: the closure program for good.
        var compiled = new TieredRuleProgram(bound, RuleExecution.Compiled, dynamicCodeSupported: true, new HeldScheduler());
        compiled.IsCompiled.Should().BeTrue();
        (compiled.FastProgram.Target is ClosureProgram).Should().BeFalse();
        foreach (var (execution, dynamicCode) in new[] { (RuleExecution.Interpreted, true), (RuleExecution.Tiered, false), (RuleExecution.Compiled, false) })
        {
            var scheduler = new HeldScheduler();
            var program = new TieredRuleProgram(bound, execution, dynamicCode, scheduler);
            RunMany(program, policy, random);
            scheduler.Queued.Should().Be(0, $"{execution}, dynamic code {dynamicCode}");
            program.FastProgram.Target.Should().BeOfType<ClosureProgram>().Which.Matcher.Should().NotBeNull();
        }
    }

    [Fact]
    public void A_tiered_policy_that_stays_with_the_closure_program_decides_and_fails_as_the_IL_program()
    {
        var random = new Random(4141);
        var (compared, failures, fired, matchedRuns) = (0, 0, 0, 0);
        foreach (var rules in new[] { TieredRuleProgram.ClosuresOnlyFrom, 150 })
        {
            var policy = Compile(random, rules);
            var bound = policy.Bound;
            var scheduler = new HeldScheduler();
            var tiered = new TieredRuleProgram(bound, RuleExecution.Tiered, dynamicCodeSupported: true, scheduler);
            var il = new TieredRuleProgram(bound, RuleExecution.Compiled, dynamicCodeSupported: true, new HeldScheduler());
            var unindexedIl = PolicyProgram.Compile(bound, explain: false, indexing: RuleIndexing.Never);
            for (var c = 0; c < 400; c++)
            {
                var json = Case(random, c);
                if (!policy.TryReadCase(Encoding.UTF8.GetBytes(json), out var recoveryCase, out _))
                {
                    continue;
                }

                matchedRuns += tiered.FastProgram.Target is ClosureProgram { Matcher: not null } ? 1 : 0;
                foreach (var explain in new[] { false, true })
                {
                    var want = ScaledAmountTests.Run(frame => il.Run(frame, explain), bound, recoveryCase, explain);
                    ScaledAmountTests.Run(frame => tiered.Run(frame, explain), bound, recoveryCase, explain).Should().Be(want, $"{rules} rules, explain {explain}, case {json}");
                    if (!explain)
                    {
                        ScaledAmountTests.Run(unindexedIl, bound, recoveryCase, explain: false).Should().Be(want, $"{rules} rules, case {json}");
                    }

                    failures += want.StartsWith("failed", StringComparison.Ordinal) ? 1 : 0;
                    fired += want.StartsWith(" |", StringComparison.Ordinal) || want.StartsWith("failed", StringComparison.Ordinal) ? 0 : 1;
                    compared++;
                }
            }

            // Not vacuous: after its first tier, the tiered policy ran the matched closure program, and never IL.
            scheduler.Queued.Should().Be(0);
            tiered.FastProgram.Target.Should().BeOfType<ClosureProgram>().Which.Matcher.Should().NotBeNull();
        }

        compared.Should().BeGreaterThan(1_000);
        matchedRuns.Should().BeGreaterThan(compared / 4, "most cases ran after the first tier's evaluations (those that fail do not count towards the tier-up)");
        failures.Should().BeGreaterThan(0);
        fired.Should().BeGreaterThan(compared / 4);
    }

    private static RecoveryPolicy Compile(Random random, int rules) =>
        PolicyYaml.Compile(ExactMatchDifferentialTests.Generate(random, rules), "tiers.policy.yaml").GetPolicyOrThrow();

    /// <summary>Many more evaluations than <see cref="TieredRuleProgram.CompileAfter"/>; a run that fails does not count towards the tier-up (ScaledAmountTests.Run catches its failure).</summary>
    private static void RunMany(TieredRuleProgram program, RecoveryPolicy policy, Random random)
    {
        for (var i = 0; i < 10 * TieredRuleProgram.CompileAfter; i++)
        {
            if (!policy.TryReadCase(Encoding.UTF8.GetBytes(Case(random, i)), out var recoveryCase, out _))
            {
                continue;
            }

            ScaledAmountTests.Run(frame => program.Run(frame, explain: false), policy.Bound, recoveryCase, explain: false);
        }
    }

    /// <summary>A case of the generated policies' facts: values at and around their thresholds, not scaled, huge, missing.</summary>
    private static string Case(Random random, int index)
    {
        string Pick(string[] items) => items[random.Next(items.Length)];
        string[] severities = ["minor", "moderate", "major", "critical"];
        string[] delays = ["30m", "1h", "24h", "1441m", "3d", "72h", "0m", "1439m", "48h"];
        string[] tiers = ["standard", "silver", "gold", "platinum"];
        string[] channels = ["app", "phone", "email", "chat"];
        string[] counts = ["1", "2", "3", "0", "5", "-1", "0.5", "4"];
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $$"""{"id": "t-{{index}}", "severity": "{{Pick(severities)}}", "channel": "{{Pick(channels)}}", "delay": "{{Pick(delays)}}", "customer": {"tier": "{{Pick(tiers)}}", "value": {{Pick(Numbers).TrimStart('-')}}}, "a": {{Pick(Numbers)}}""");
        foreach (var (name, value) in new[] { ("b", Pick(Numbers)), ("m", Pick(Numbers).TrimStart('-')), ("n", Pick(counts)) })
        {
            if (random.Next(4) != 0)
            {
                text.Append(CultureInfo.InvariantCulture, $$""", "{{name}}": {{value}}""");
            }
        }

        if (random.Next(3) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $$""", "region": "{{Pick(Regions)}}", "flag": {{(random.Next(2) == 0 ? "true" : "false")}}""");
        }

        return text.Append('}').ToString();
    }

    /// <summary>Holds the tier-up's compile until the test runs it.</summary>
    private sealed class HeldScheduler : TaskScheduler
    {
        private readonly List<Task> _tasks = [];

        public int Queued => _tasks.Count;

        public void RunAll()
        {
            foreach (var task in _tasks)
            {
                TryExecuteTask(task);
            }
        }

        protected override void QueueTask(Task task) => _tasks.Add(task);

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

        protected override IEnumerable<Task> GetScheduledTasks() => _tasks;
    }
}
