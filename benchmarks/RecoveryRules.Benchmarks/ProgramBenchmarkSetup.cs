using System.Reflection;
using RecoveryRules.Binding;
using RecoveryRules.Compilation;
using RecoveryRules.Diagnostics;
using RecoveryRules.Emit;
using RecoveryRules.Syntax;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// What the rule-program benchmarks share (<see cref="RuleIndexBenchmarks"/>, <see cref="ClosureProgramBenchmarks"/>):
/// a policy's decisions checked against another program's before anything is measured, and the two per-case
/// operations over a fixed set of cases, the whole evaluation and the rule program alone.
/// </summary>
internal static class ProgramBenchmarkSetup
{
    private static readonly EvaluationOptions At = new() { Now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero) };

    /// <summary>
    /// Throws, with <paramref name="differently"/> and both outcomes, unless <paramref name="policy"/> and
    /// <paramref name="reference"/> decide every one of <paramref name="cases"/> alike; returns how many rules fired in all.
    /// </summary>
    public static int CheckSameDecisions(RecoveryPolicy policy, RecoveryPolicy reference, IEnumerable<string> cases, string differently)
    {
        var fired = 0;
        foreach (var json in cases)
        {
            var mine = policy.EvaluateJson(json, At);
            var theirs = reference.EvaluateJson(json, At);
            if (mine.Decision?.ToJson() != theirs.Decision?.ToJson() || mine.Error?.Message != theirs.Error?.Message)
            {
                throw new InvalidOperationException($"{differently} for {json}:\n{mine.Decision?.ToJson()}{mine.Error?.Message}\n{theirs.Decision?.ToJson()}{theirs.Error?.Message}");
            }

            fired += mine.Decision?.Fired.Length ?? 0;
        }

        return fired;
    }

    /// <summary>The whole evaluation of every case, decision included; returns how many rules fired in all.</summary>
    public static int Evaluate(RecoveryPolicy policy, RecoveryCase[] cases)
    {
        var fired = 0;
        foreach (var c in cases)
        {
            fired += policy.Evaluate(c).Fired.Length;
        }

        return fired;
    }

    /// <summary>
    /// The rule program alone over the thread's frame loaded with each case in turn (no decision), the frame started
    /// again for each case when <paramref name="startEach"/>; returns how many rules fired in all.
    /// </summary>
    public static int RunRules(BoundPolicy policy, IRuleProgram program, RecoveryCase[] cases, bool startEach)
    {
        var fired = 0;
        var frame = CaseFrame.ForCurrentThread(policy);
        foreach (var c in cases)
        {
            if (startEach)
            {
                frame.Start(policy);
            }

            frame.Decimals = c.Decimals;
            frame.Ordinals = c.Ordinals;
            frame.Booleans = c.Booleans;
            frame.Texts = c.Texts;
            program.Run(frame, explain: false);
            fired += frame.FiredCount;
        }

        frame.Release();
        return fired;
    }
}

/// <summary>
/// The stages of loading the generated policy, one at a time, for the load breakdowns (<see cref="CompileBreakdownBenchmarks"/>,
/// <see cref="RuleIndexLoadBreakdownBenchmarks"/>): reading the YAML to syntax (the Yaml assembly's internal reader),
/// binding, the canonical hash. Made with the policy read and bound once, for the later stages to start from.
/// </summary>
internal sealed class PolicyLoadStages
{
    private static readonly Func<string, string, PolicyReaderOptions, DiagnosticBag, PolicySyntax> ReadYaml =
        typeof(PolicyYaml).Assembly.GetType("RecoveryRules.Yaml.Reading.YamlPolicyReader", throwOnError: true)!
            .GetMethod("Read", BindingFlags.NonPublic | BindingFlags.Static)!
            .CreateDelegate<Func<string, string, PolicyReaderOptions, DiagnosticBag, PolicySyntax>>();

    private readonly PolicySyntax _syntax;

    /// <summary>The generated policy with <paramref name="rules"/> rules (<see cref="LargePolicyGenerator.Generate(int, int)"/>), read and bound.</summary>
    public PolicyLoadStages(int rules)
    {
        Yaml = LargePolicyGenerator.Generate(rules);
        _syntax = Read();
        Bound = Bind() ?? throw new InvalidOperationException("The generated policy does not bind.");
    }

    /// <summary>The policy's YAML.</summary>
    public string Yaml { get; }

    /// <summary>The policy bound.</summary>
    public BoundPolicy Bound { get; }

    /// <summary>The YAML read to syntax.</summary>
    public PolicySyntax Read() => ReadYaml("generated.policy.yaml", Yaml, PolicyReaderOptions.Default, new DiagnosticBag());

    /// <summary>The syntax bound.</summary>
    public BoundPolicy? Bind() => PolicyBinder.Bind(_syntax, new DiagnosticBag());

    /// <summary>The bound policy's canonical hash.</summary>
    public string Hash() => CanonicalForm.Hash(Bound);
}
