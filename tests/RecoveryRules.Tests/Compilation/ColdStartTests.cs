using System.Collections.Immutable;
using System.Security.Cryptography;
using RecoveryRules.Compilation;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Evaluation;

namespace RecoveryRules.Tests.Compilation;

/// <summary>
/// What the load path does differently for a fast start (docs/performance.md, "Where the time goes in a fresh
/// process") gives the same values as before: the policy hash is SHA-256 of the canonical form whichever thread
/// loaded OpenSSL first, and the default options' severities, now built when first read, are the same empty ordinal
/// dictionary from every thread.
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
        // PolicyYaml starts YamlDotNet's tag directives and OpenSSL on the thread pool at the first load of a process;
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
}
