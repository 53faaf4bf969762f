using System.Diagnostics;
using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// Quick timings of the 200-rule policy's IL program outside BenchmarkDotNet (docs/design.md §33), for A/B runs in a quiet
/// window: <c>--time-rules [cases]</c> runs the program alone over that many generated cases (default 4096, more than a
/// branch predictor learns), 25 rounds of about 0.2 s, and prints the minimum and median per case; <c>--time-compile</c> builds,
/// compiles and first runs (the JIT) the program 12 times in one process and prints each time, the first one cold.
/// <c>RR_TIME_PROGRAM</c> (<c>closures</c>, <c>closures-index</c>, <c>closures-match</c>, <c>il-index</c>, <c>il-auto</c> (what a tiered policy's tier-up compiles); default the IL program
/// unindexed), <c>RR_TIME_POLICY_RULES</c> (default 200) and <c>RR_TIME_BRANDS</c> (default 1: none; the policies of
/// <see cref="RuleIndexBenchmarks"/>) choose what <c>--time-rules</c> runs.
/// </summary>
internal static class ProgramTiming
{
    public static int Rules(int count)
    {
        var (policy, program, frames) = Setup(count);
        Frame.Start(policy.Bound);
        var fired = 0;
        var perRound = 0;
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 2000)
        {
            fired = RunAll(program, frames);
            perRound++;
        }

        perRound = Math.Max(1, perRound / 10);
        var times = new List<double>();
        for (var round = 0; round < 25; round++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < perRound; i++)
            {
                RunAll(program, frames);
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / perRound / frames.Length);
        }

        times.Sort();
        Console.WriteLine($"{policy.Bound.Rules.Length} rules, {frames.Length} cases, {fired / (double)frames.Length:F1} fire per case: min {times[0]:F1} ns, median {times[times.Count / 2]:F1} ns per case");
        return 0;
    }

    public static int Compile()
    {
        var yaml = LargePolicyGenerator.Generate(200);
        var policy = PolicyYaml.Compile(yaml, "generated-200.policy.yaml", policyOptions: new RecoveryPolicyOptions { Execution = RuleExecution.Interpreted }).GetPolicyOrThrow();
        var frame = new CaseFrame();
        frame.Start(policy.Bound);
        var recoveryCase = policy.ReadCase(LargePolicyGenerator.CaseJson);
        for (var i = 0; i < 12; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var emitted = PolicyProgram.Emit(policy.Bound, explain: false);
            var built = Stopwatch.GetElapsedTime(start);
            var program = emitted.Compile(interpret: false);
            var compiled = Stopwatch.GetElapsedTime(start);
            frame.Decimals = recoveryCase.Decimals;
            frame.Ordinals = recoveryCase.Ordinals;
            frame.Booleans = recoveryCase.Booleans;
            frame.Texts = recoveryCase.Texts;
            frame.FiredCount = 0;
            program(frame);
            var ran = Stopwatch.GetElapsedTime(start);
            Console.WriteLine($"emit {built.TotalMilliseconds:F1} ms, compile {(compiled - built).TotalMilliseconds:F1} ms, first run (JIT) {(ran - compiled).TotalMilliseconds:F1} ms, total {ran.TotalMilliseconds:F1} ms; fired {frame.FiredCount}");
            if (i == 0)
            {
                var conditions = policy.Bound.Rules.Sum(r => r.Conditions.Length);
                Console.WriteLine($"{conditions} conditions, {emitted.EagerConditions} eager; {emitted.BranchFreeRules} rules branch-free; {emitted.Fallbacks} fallbacks out of line");
            }
        }

        return 0;
    }

    private static (RecoveryPolicy Policy, Action<CaseFrame> Program, CaseFrame[] Frames) Setup(int count)
    {
        var rules = Environment.GetEnvironmentVariable("RR_TIME_POLICY_RULES") is { } size ? int.Parse(size, System.Globalization.CultureInfo.InvariantCulture) : 200;
        var brands = Environment.GetEnvironmentVariable("RR_TIME_BRANDS") is { } brandCount ? int.Parse(brandCount, System.Globalization.CultureInfo.InvariantCulture) : 1;
        var policy = PolicyYaml.Compile(LargePolicyGenerator.Generate(rules, LargePolicyGenerator.DefaultSeed, brands), $"generated-{rules}.policy.yaml", policyOptions: new RecoveryPolicyOptions { Execution = RuleExecution.Compiled }).GetPolicyOrThrow();
        var bound = policy.Bound;

        // RR_TIME_PROGRAM chooses the program: the IL program (default), or the closure program unindexed, with §19's index or
        // matching exactly (docs/design.md §35).
        var program = Environment.GetEnvironmentVariable("RR_TIME_PROGRAM") switch
        {
            "closures" => ClosureProgram.Build(bound, explain: false, RuleIndexing.Never).Run,
            "closures-index" => ClosureProgram.Build(bound, explain: false, RuleIndexing.Always).Run,
            "closures-match" => ClosureProgram.Build(bound, explain: false, RuleIndexing.Match).Run,
            "il-index" => PolicyProgram.Compile(bound, explain: false, indexing: RuleIndexing.Always),
            "il-auto" => PolicyProgram.Compile(bound, explain: false, indexing: RuleIndexing.Auto),
            _ => PolicyProgram.Compile(bound, explain: false, indexing: RuleIndexing.Never),
        };
        if (program.Target is ClosureProgram { Matcher.Match: { } match })
        {
            Console.WriteLine($"matching: {match.ExactRules} of {match.Rules} rules exact, {match.Residual.Sum(r => r.Length)} residual conditions; "
                + $"{match.Numeric.Length} numeric ({string.Join(", ", match.Numeric.Select(n => $"{n.Breakpoints.Length} breakpoints{(n.Pure ? " pure" : "")}"))}), "
                + $"{match.Finite.Length} finite, {match.Derived.Length} derived dimensions; {match.TableWords} table words");
        }
        var at = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        var frames = new CaseFrame[count];
        var json = brands > 1 ? RuleIndexBenchmarks.CaseJson(brands, count).ToArray() : ProgramArithmeticBenchmarks.LargeCases(count);
        for (var i = 0; i < count; i++)
        {
            frames[i] = ProgramArithmeticBenchmarks.FrameOf(policy, json[i], at); // only its case arrays: the program runs on one frame, as a worker's
        }

        return (policy, program, frames);
    }

    private static readonly CaseFrame Frame = new();

    private static int RunAll(Action<CaseFrame> program, CaseFrame[] cases)
    {
        var fired = 0;
        var frame = Frame;
        foreach (var c in cases)
        {
            frame.Decimals = c.Decimals;
            frame.Ordinals = c.Ordinals;
            frame.Booleans = c.Booleans;
            frame.Texts = c.Texts;
            frame.FiredCount = 0;
            frame.Cap = 0;
            program(frame);
            fired += frame.FiredCount;
        }

        return fired;
    }
}
