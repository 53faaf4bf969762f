using System.Diagnostics;
using System.Globalization;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>The implementations measured side by side (docs/performance.md, "Peers").</summary>
public enum Implementation
{
    HandWritten,
    RecoveryRules,
    NRules,
    RulesEngine,
}

/// <summary>
/// Checks, before anything is measured, that every implementation decides as the hand-written one on the same
/// generated cases (fixed seeds), and throws with the first case that differs:
/// <list type="bullet">
/// <item>the hand-written code and RecoveryRules: the whole decision (<see cref="RetailFixtures.Comparable"/>: everything but <c>evaluatedAt</c>);</item>
/// <item>NRules and RulesEngine: what they can express, <see cref="PeerDecision"/> (compensation items, total, cap and currency; escalation target and within; empowerment role, limit and actions; fired rules and notes).</item>
/// </list>
/// </summary>
public static class PeerVerification
{
    /// <summary>
    /// The cases each implementation is verified on before it is measured: 200,000, or the count in the environment
    /// variable <c>RECOVERYRULES_PEER_CASES</c> (a quicker run while working on the engine; published numbers use the default).
    /// </summary>
    public static int BenchmarkCases { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("RECOVERYRULES_PEER_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var cases) && cases >= 0
            ? cases
            : 200_000;

    public static RecoveryPolicy LoadLargePolicy() =>
        PolicyYaml.Compile(LargePolicyGenerator.Generate(200), "generated-200.policy.yaml", policyOptions: new RecoveryPolicyOptions { Execution = RuleExecution.Compiled }).GetPolicyOrThrow();

    public static RulesEngineRunner RetailRulesEngine()
    {
        var runner = new RulesEngineRunner(RetailFixtures.Resource("retail.workflow.json"), "retail-recovery", "USD");
        runner.Warm(RetailFixtures.Get(RetailFixtures.Critical).Typed);
        return runner;
    }

    public static RulesEngineRunner LargeRulesEngine()
    {
        var model = LargePolicyGenerator.Build(200);
        var runner = new RulesEngineRunner(LargePolicySources.RulesEngineWorkflow(model), model.PolicyId, "USD");
        runner.Warm(LargePolicyGenerator.Case);
        return runner;
    }

    /// <summary>Verifies one implementation of the retail policy on the three benchmark cases and <paramref name="count"/> generated ones.</summary>
    public static void Retail(Implementation implementation, int count)
    {
        var policy = RetailFixtures.LoadPolicy();
        var handWritten = new RetailHandWritten(policy.Identity, TimeProvider.System);
        switch (implementation)
        {
            case Implementation.HandWritten or Implementation.RecoveryRules:
                RetailFixtures.CheckBaseline(policy, handWritten, count);
                break;
            case Implementation.NRules:
                RetailPeer(implementation, new RetailNRules().Evaluate, count);
                break;
            default:
                RetailPeer(implementation, RetailRulesEngine().Evaluate, count);
                break;
        }
    }

    /// <summary>Verifies a peer's implementation of the retail policy (<paramref name="peer"/>) against the hand-written one.</summary>
    public static void RetailPeer(Implementation implementation, Func<RetailCase, PeerDecision> peer, int count)
    {
        var handWritten = new RetailHandWritten(new PolicyIdentity("retail-recovery", "2026.11", "-"), TimeProvider.System);
        var cases = new[] { RetailFixtures.Critical, RetailFixtures.MajorOnTime, RetailFixtures.Otherwise }
            .Select(name => RetailFixtures.Get(name).Typed)
            .Concat(RetailFixtures.RandomCases(count));
        Compare(implementation, cases, c => PeerDecision.From(handWritten.Evaluate(c)), peer, RetailFixtures.ToJson);
    }

    /// <summary>Verifies one implementation of the generated 200-rule policy on the benchmark case and <paramref name="count"/> generated ones.</summary>
    public static void Large(Implementation implementation, int count)
    {
        switch (implementation)
        {
            case Implementation.HandWritten or Implementation.RecoveryRules:
                var policy = LoadLargePolicy();
                LargeBaseline(policy, new LargePolicyHandWritten(policy.Identity, TimeProvider.System), count);
                break;
            case Implementation.NRules:
                LargePeer(implementation, new LargeNRules().Evaluate, count);
                break;
            default:
                LargePeer(implementation, LargeRulesEngine().Evaluate, count);
                break;
        }
    }

    /// <summary>Throws unless the hand-written 200-rule policy decides exactly as the engine (the whole decision but <c>evaluatedAt</c>).</summary>
    public static void LargeBaseline(RecoveryPolicy policy, LargePolicyHandWritten handWritten, int count)
    {
        foreach (var c in LargeCases(count).Prepend(LargePolicyGenerator.Case))
        {
            var json = LargeJson(c);
            var expected = RetailFixtures.Comparable(policy.Evaluate(policy.ReadCase(json)));
            var actual = RetailFixtures.Comparable(handWritten.Evaluate(c));
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The hand-written 200-rule policy and RecoveryRules decide differently for {json}:{Environment.NewLine}RecoveryRules: {expected}{Environment.NewLine}hand-written:  {actual}");
            }
        }
    }

    /// <summary>Verifies a peer's implementation of the 200-rule policy (<paramref name="peer"/>) against the hand-written one.</summary>
    public static void LargePeer(Implementation implementation, Func<LargeCase, PeerDecision> peer, int count)
    {
        var handWritten = new LargePolicyHandWritten(new PolicyIdentity("generated-200", "seed", "-"), TimeProvider.System);
        Compare(implementation, LargeCases(count).Prepend(LargePolicyGenerator.Case), c => PeerDecision.From(handWritten.Evaluate(c)), peer, LargeJson);
    }

    /// <summary>
    /// Runs <paramref name="verify"/> unless it already passed for this build: BenchmarkDotNet runs every benchmark (every
    /// method and case) in its own process, and each setup verifies the implementation it measures; the first process
    /// that verifies an implementation leaves a marker (in the temp folder, named by <paramref name="what"/> and the module
    /// version ids of the benchmark, RecoveryRules, NRules and RulesEngine assemblies) so that the same build is not
    /// verified again for the next case. Any change to those assemblies verifies again.
    /// </summary>
    public static void Once(string what, Action verify)
    {
        var build = string.Join("-", new[] { typeof(PeerVerification), typeof(RecoveryPolicy), typeof(global::NRules.ISession), typeof(global::RulesEngine.RulesEngine) }
            .Select(type => type.Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8]));
        var marker = Path.Combine(Path.GetTempPath(), "recoveryrules-peers-verified", $"{what}-{build}");
        if (File.Exists(marker))
        {
            Console.WriteLine($"// {what}: verified by an earlier process of this build ({marker}).");
            return;
        }

        var time = Stopwatch.StartNew();
        verify();
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {what}: verified against the hand-written implementation in {time.Elapsed.TotalSeconds:0.0} s."));
    }

    /// <summary>Every implementation of both workloads on <paramref name="count"/> cases each, written to <paramref name="output"/>; throws at the first difference.</summary>
    public static void All(int count, TextWriter output)
    {
        foreach (var (workload, verify) in new (string, Action<Implementation, int>)[] { ("retail", Retail), ("generated-200", Large) })
        {
            foreach (var implementation in Enum.GetValues<Implementation>().Where(i => i != Implementation.HandWritten))
            {
                var time = Stopwatch.StartNew();
                verify(implementation, count);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{workload}: {implementation} decides as the hand-written implementation on {count:N0} generated cases and the benchmark cases ({time.Elapsed.TotalSeconds:0.0} s)."));
            }
        }
    }

    /// <summary>Throws at the first case where <paramref name="actual"/> does not decide as <paramref name="expected"/>, naming the case (as JSON) and both decisions.</summary>
    public static void Compare<TCase>(Implementation implementation, IEnumerable<TCase> cases, Func<TCase, PeerDecision> expected, Func<TCase, PeerDecision> actual, Func<TCase, string> json)
    {
        foreach (var c in cases)
        {
            var want = expected(c).Describe();
            var got = actual(c).Describe();
            if (!string.Equals(want, got, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"{implementation} decides differently from the hand-written implementation for {json(c)}:{Environment.NewLine}hand-written: {want}{Environment.NewLine}{implementation + ":",-13} {got}");
            }
        }
    }

    /// <summary>Generated cases of the 200-rule policy (fixed seed): every fact varied, with values on and around the policy's thresholds.</summary>
    public static IEnumerable<LargeCase> LargeCases(int count)
    {
        var random = new Random(200);
        for (var n = 0; n < count; n++)
        {
            yield return new LargeCase(
                "g-" + n.ToString(CultureInfo.InvariantCulture),
                (Severity)random.Next(4),
                (Channel)random.Next(6),
                random.Next(4) == 0 ? TimeSpan.FromHours(random.Next(0, 101)) : TimeSpan.FromMinutes(random.Next(0, 5 * 24 * 60)),
                (Tier)random.Next(4),
                random.Next(3) == 0 ? random.Next(0, 21) * 1000m : random.Next(0, 2500000) / 100m,
                random.Next(3) == 0 ? random.Next(0, 600) : random.Next(0, 80000) / 100m,
                random.Next(4) == 0 ? random.Next(0, 10) / 2m : random.Next(0, 5),
                (FailureType)random.Next(4),
                random.Next(2) == 0,
                (Region)random.Next(4),
                random.Next(0, 7));
        }
    }

    /// <summary>A case of the 200-rule policy as the JSON the engine reads.</summary>
    public static string LargeJson(LargeCase c)
    {
        static string Member<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
        var seconds = ((decimal)c.Delay.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"id": "{{c.Id}}", "severity": "{{Member(c.Severity)}}", "channel": "{{Member(c.Channel)}}", "delay": "{{seconds}}s", "customer": {"tier": "{{Member(c.Tier)}}", "value": {{c.CustomerValue}}}, "orderValue": {{c.OrderValue}}, "repeatFailures": {{c.RepeatFailures}}, "failureType": "{{Member(c.FailureType)}}", "proactive": {{(c.Proactive ? "true" : "false")}}, "region": "{{Member(c.Region)}}", "itemCount": {{c.ItemCount}}}""");
    }
}
