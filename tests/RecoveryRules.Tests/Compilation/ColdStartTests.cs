using System.Collections.Immutable;
using System.Security.Cryptography;
using RecoveryRules.Compilation;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Evaluation;

namespace RecoveryRules.Tests.Compilation;

/// <summary>
/// What the load path does differently for a fast start (docs/performance.md, "Where the time goes in a fresh
/// process") gives the same values as before: the managed SHA-256 is the standard digest, and the default options'
/// severities, now built when first read, are the same empty ordinal dictionary from every thread.
/// </summary>
public sealed class ColdStartTests
{
    public static TheoryData<int> Lengths()
    {
        // Every length over the first three blocks (the padding takes one block or two), then some long ones.
        var lengths = new TheoryData<int>();
        for (var length = 0; length <= 200; length++)
        {
            lengths.Add(length);
        }

        foreach (var length in new[] { 447, 448, 512, 1_000, 4_095, 4_096, 65_537 })
        {
            lengths.Add(length);
        }

        return lengths;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void The_managed_digest_is_the_standard_SHA_256(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        Sha256.Hash(data).Should().Equal(SHA256.HashData(data));
        Sha256.HashHex(data).Should().Be(Convert.ToHexStringLower(SHA256.HashData(data)));
    }

    [Fact]
    public void The_managed_digest_gives_the_known_answers()
    {
        // FIPS 180-4 examples.
        Sha256.HashHex(""u8).Should().Be("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Sha256.HashHex("abc"u8).Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        Sha256.HashHex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8)
            .Should().Be("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    [Fact]
    public void The_policy_hash_is_SHA_256_of_the_canonical_form()
    {
        var policy = Policies.Load("retail.policy.yaml");
        var canonical = CanonicalForm.Write(policy.Bound);

        policy.Identity.Hash.Should().Be("sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonical)));
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
