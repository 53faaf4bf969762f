using BenchmarkDotNet.Running;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line (<c>--filter '*'</c>, <c>--filter '*Retail*'</c>,
/// <c>--job short</c>, …). <c>--check</c> only checks the fixtures: the hand-written baseline
/// decides as the engine, and the generated 200-rule policy compiles. <c>--write-records OUT N</c> writes N decision
/// records of generated retail cases (the input of the replay throughput measurement, docs/performance.md).
/// <c>--verify-peers [N]</c> checks that RecoveryRules, NRules and RulesEngine decide as the hand-written code on N
/// generated cases of both workloads (default 200,000, as before a measurement; docs/performance.md, "Peers").
/// <c>--write-large-policy FILE</c> writes the 200-rule policy (<see cref="LargePolicyGenerator"/>) as YAML.
/// <c>--write-generated [DIR]</c> rewrites the C# written from the 200-rule policy model (Generated/, <see cref="LargePolicySources"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["--check"])
        {
            return Check();
        }

        if (args is ["--write-records", var path, var count])
        {
            return ReplayBenchmarks.WriteRecords(path, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
        }

        if (args is ["--verify-peers", .. var rest] && rest.Length <= 1)
        {
            PeerVerification.All(rest.Length == 1 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : PeerVerification.BenchmarkCases, Console.Out);
            return 0;
        }

        if (args is ["--time-rules", .. var timed] && timed.Length <= 1)
        {
            return ProgramTiming.Rules(timed.Length == 1 ? int.Parse(timed[0], System.Globalization.CultureInfo.InvariantCulture) : 4096);
        }

        if (args is ["--time-compile"])
        {
            return ProgramTiming.Compile();
        }

        if (args is ["--write-large-policy", var policyPath])
        {
            // The 200-rule policy as YAML, for `eval --cases` (docs/performance.md, "Batch throughput").
            File.WriteAllText(policyPath, LargePolicyGenerator.Generate());
            return 0;
        }

        if (args is ["--write-generated", .. var directory] && directory.Length <= 1)
        {
            LargePolicySources.WriteGenerated(directory.Length == 1 ? directory[0] : Path.Combine("benchmarks", "RecoveryRules.Benchmarks"));
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static int Check()
    {
        var policy = RetailFixtures.LoadPolicy();
        RetailFixtures.CheckBaseline(policy, new RetailHandWritten(policy.Identity, TimeProvider.System), randomCases: 20000);
        Console.WriteLine("retail: the hand-written baseline decides as the engine (3 cases + 20000 generated).");

        var yaml = LargePolicyGenerator.Generate(200);
        var result = PolicyYaml.Compile(yaml, "generated-200.policy.yaml");
        foreach (var diagnostic in result.Diagnostics)
        {
            Console.WriteLine(diagnostic);
        }

        if (!result.Success)
        {
            return 1;
        }

        var large = result.GetPolicyOrThrow();
        var decision = large.Evaluate(large.ReadCase(LargePolicyGenerator.CaseJson));
        Console.WriteLine($"generated-200: {yaml.Length} characters, {large.RuleIds.Length} rules; the case fires {decision.Fired.Length}: {decision.ToJson()}");
        return 0;
    }
}
