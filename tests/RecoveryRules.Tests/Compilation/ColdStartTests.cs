using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using RecoveryRules.Compilation;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Tests.Fuzzing;
using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Compilation;

/// <summary>
/// What the load path does differently for a fast start (docs/performance.md, "Where the time goes in a fresh
/// process") gives the same values as before: the policy hash is SHA-256 of the canonical form whichever thread
/// loaded OpenSSL first, and the default options' severities, now built when first read, are the same empty ordinal
/// dictionary from every thread; and the process's first case, read by the document path instead of the one-pass read
/// (<c>RecoveryPolicy.IsFirstCaseOfProcess</c>), is read exactly as any later case.
/// </summary>
public sealed class ColdStartTests
{
    [Fact]
    public void The_policy_hash_is_SHA_256_of_the_canonical_form()
    {
        var policy = Policies.Load("retail.policy.yaml");
        var canonical = CanonicalForm.Write(policy.Bound);

        policy.Identity.Hash.Should().Be("sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonical)));
    }

    [Fact]
    public void Loads_on_many_threads_at_once_give_the_same_hash_and_rules()
    {
        // PolicyYaml starts YamlDotNet's tag directives and OpenSSL on a background thread at the first load of a process;
        // loads that race it (and each other) must see the same values.
        var yaml = Policies.ReadData("Evaluation", "retail.policy.yaml");
        var expected = Policies.Load("retail.policy.yaml");
        var loaded = new RecoveryPolicy[16];
        Parallel.For(0, loaded.Length, i => loaded[i] = RecoveryRules.Yaml.PolicyYaml.Load(yaml, "retail.policy.yaml"));

        loaded.Should().AllSatisfy(p => p.Identity.Should().Be(expected.Identity));
        loaded.Should().AllSatisfy(p => p.RuleIds.Should().Equal(expected.RuleIds));
    }

    [Fact]
    public void The_default_severities_are_one_empty_ordinal_dictionary_from_every_thread()
    {
        var options = new RecoveryPolicyOptions();
        var seen = new ImmutableDictionary<string, ConfiguredSeverity>[64];
        Parallel.For(0, seen.Length, i => seen[i] = options.DiagnosticSeverities);

        seen.Should().AllSatisfy(d => d.Should().BeSameAs(seen[0]));
        seen[0].Should().BeEmpty();
        seen[0].KeyComparer.Should().BeSameAs(StringComparer.Ordinal);
        RecoveryPolicyOptions.Default.DiagnosticSeverities.Should().BeSameAs(seen[0]);
        options.HasDiagnosticSeverities.Should().BeFalse();
    }

    [Fact]
    public void Severities_a_host_gives_are_kept_and_counted()
    {
        var given = ImmutableDictionary<string, ConfiguredSeverity>.Empty.Add("RR1003", ConfiguredSeverity.Error);
        var options = new RecoveryPolicyOptions { DiagnosticSeverities = given };

        options.DiagnosticSeverities.Should().ContainKey("RR1003").WhoseValue.Should().Be(ConfiguredSeverity.Error);
        options.HasDiagnosticSeverities.Should().BeTrue();
        (options with { DiagnosticSeverities = ImmutableDictionary<string, ConfiguredSeverity>.Empty }).HasDiagnosticSeverities.Should().BeFalse();
        (options with { Analyze = true }).DiagnosticSeverities.Should().BeSameAs(options.DiagnosticSeverities);
    }
    [Fact]
    public void The_first_case_of_a_process_reads_and_decides_as_every_later_case()
    {
        // The document path (the first case) against the one-pass read tried first (every later case), on real cases,
        // generated lines and real cases damaged by one to four mutations: the same case, decision or error.
        var policy = CaseFuzzing.Policy("retail")[1];
        var seeds = FirstCaseSeeds();
        var mutated = Gen.Select(Gen.Int[0, seeds.Length - 1], CaseMutations.Mutations, (seed, mutations) => CaseMutations.Apply(seeds[seed], mutations));
        var generated = Gen.Int.Select(seed => Encoding.UTF8.GetBytes(GeneratedLine(new Random(seed))));
        Gen.Frequency((1, mutated), (1, generated)).Sample(input => ReadAlike(policy, input), iter: CaseFuzzing.Iterations, print: CaseFuzzing.Print);
    }

    [Fact]
    public void The_one_pass_read_compared_against_reads_most_real_and_generated_cases()
    {
        // The property above holds for a one-pass read that declines everything: this one fails then.
        var policy = CaseFuzzing.Policy("retail")[1];
        var random = new Random(5);
        var inputs = FirstCaseSeeds().Concat(Enumerable.Range(0, 500).Select(_ => Encoding.UTF8.GetBytes(GeneratedLine(random)))).ToArray();
        var plain = inputs.Count(input => policy.Reader.TryReadPlainUtf8(input, ownsInput: false, out _));

        plain.Should().BeGreaterThan(inputs.Length / 2);
        foreach (var input in inputs)
        {
            ReadAlike(policy, input);
        }
    }

    private static byte[][] FirstCaseSeeds() =>
    [
        .. File.ReadAllLines(RepositoryRoot.Combine("examples", "retail", "cases.jsonl")).Where(line => line.Length > 0).Select(Encoding.UTF8.GetBytes),
        .. File.ReadAllLines(RepositoryRoot.Combine("examples", "retail", "cases-with-errors.jsonl")).Where(line => line.Length > 0).Select(Encoding.UTF8.GetBytes),
        File.ReadAllBytes(RepositoryRoot.Combine("examples", "retail", "case-c-1042.json")),
        [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(RepositoryRoot.Combine("examples", "retail", "case-c-1042.json"))],
    ];

    private static void ReadAlike(RecoveryPolicy policy, byte[] input)
    {
        foreach (var ownsInput in new[] { true, false })
        {
            var first = Outcome(policy, input, ownsInput, tryPlain: false);
            var later = Outcome(policy, input, ownsInput, tryPlain: true);
            first.Should().Be(later, CaseFuzzing.Print(input));
        }
    }

    private static string Outcome(RecoveryPolicy policy, byte[] input, bool ownsInput, bool tryPlain)
    {
        if (!policy.ParseAndRead(input, ownsInput, tryPlain, out var recoveryCase, out var error))
        {
            return "error " + error.ToJson();
        }

        var at = new EvaluationOptions { Now = Policies.Now, Explain = true };
        var decided = policy.TryEvaluate(recoveryCase, out var decision, out var evaluationError, at)
            ? decision.ToJson()
            : "evaluation error " + evaluationError.ToJson();
        return $"id={recoveryCase.Id} at={recoveryCase.OccurredAt:O} given={Convert.ToHexString(recoveryCase.Given.Span)} {decided}";
    }

    // A retail case line: every fact in a random order, most values of the right kind, some not.
    private static string GeneratedLine(Random random)
    {
        var fields = new List<string>
        {
            $"\"severity\": \"{Pick(random, ["minor", "moderate", "major", "critical"], ["Major", "bogus"])}\"",
            $"\"channel\": \"{Pick(random, ["phone", "email", "chat", "social", "store", "app"], ["fax"])}\"",
            $"\"failureType\": \"{Pick(random, ["information", "operation", "communication", "technical"], ["other"])}\"",
            $"\"proactive\": {Pick(random, ["true", "false"], ["\"no\""])}",
            $"\"orderValue\": {Money(random)}",
            random.Next(4) == 0
                ? "\"occurredAt\": \"2026-11-22T08:00:00+01:00\""
                : $"\"delay\": {Pick(random, ["\"1h\"", "\"PT2H\"", "\"30m\"", "\"2d\"", "\"P1D\"", "\"0s\"", "\"1w2d\""], ["\"-1h\"", "12"])}",
        };
        var tier = Pick(random, ["\"standard\"", "\"silver\"", "\"gold\"", "\"platinum\"", "null"], ["\"tin\""]);
        fields.Add(random.Next(2) == 0
            ? $"\"customer\": {{\"tier\": {tier}, \"value\": {Money(random)}}}"
            : $"\"customer.tier\": {tier}");
        if (random.Next(3) > 0)
        {
            fields.Add($"\"repeatFailures\": {random.Next(-1, 6)}");
        }

        if (random.Next(3) > 0)
        {
            fields.Add(random.Next(4) == 0 ? $"\"id\": {random.Next(1000)}" : $"\"id\": \"c-{random.Next(10000)}\"");
        }

        var shuffled = fields.OrderBy(_ => random.Next()).ToArray();
        var space = random.Next(3) == 0 ? " " : string.Empty;
        return space + "{" + string.Join("," + space, shuffled) + "}" + space;
    }

    private static string Pick(Random random, string[] valid, string[] invalid) =>
        random.Next(20) == 0 ? invalid[random.Next(invalid.Length)] : valid[random.Next(valid.Length)];

    private static string Money(Random random) => random.Next(10) switch
    {
        0 => "\"80.00 USD\"",
        1 => "-0.0",
        2 => "1e3",
        _ => (random.Next(0, 100000) / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
