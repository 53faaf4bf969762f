using System.Globalization;
using CsCheck;

namespace RecoveryRules.Hosting.Tests.Telemetry;

/// <summary>Which cases a shadow policy sees (docs/embedding.md, "Shadow"): by a stable hash of the case id, else by a random draw.</summary>
public sealed class ShadowSamplerTests
{
    private static readonly string[] Ids = [.. Enumerable.Range(0, 10_000).Select(n => "c-" + n.ToString(CultureInfo.InvariantCulture))];

    [Fact]
    public void A_share_of_zero_includes_no_case_with_or_without_an_id()
    {
        var sampler = new ShadowSampler(0);

        Ids.Should().NotContain(id => sampler.Includes(id));
        Enumerable.Range(0, 1000).Should().NotContain(_ => sampler.Includes(null));
    }

    [Fact]
    public void A_share_of_one_includes_every_case_with_or_without_an_id()
    {
        var sampler = new ShadowSampler(1);

        Ids.Should().OnlyContain(id => sampler.Includes(id));
        Enumerable.Range(0, 1000).Should().OnlyContain(_ => sampler.Includes(null));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.01)]
    [InlineData(0.9)]
    public void A_share_includes_that_share_of_10000_sequential_case_ids(double share)
    {
        var sampler = new ShadowSampler(share);

        var included = Ids.Count(sampler.Includes) / (double)Ids.Length;

        included.Should().BeApproximately(share, 0.02);
    }

    [Fact]
    public void Half_of_10000_cases_without_an_id_are_included_at_a_share_of_one_half()
    {
        var sampler = new ShadowSampler(0.5);

        var included = Enumerable.Range(0, 10_000).Count(_ => sampler.Includes(null)) / 10_000.0;

        included.Should().BeApproximately(0.5, 0.03);
    }

    [Fact]
    public void The_same_id_gets_the_same_answer_from_every_sampler_of_the_same_share()
    {
        var first = new ShadowSampler(0.5);
        var second = new ShadowSampler(0.5);

        Ids.Select(first.Includes).Should().Equal(Ids.Select(second.Includes));
        Ids.Select(first.Includes).Should().Equal(Ids.Select(first.Includes));
    }

    [Fact]
    public void The_hash_of_an_id_is_the_same_in_every_process_and_version()
    {
        // Pinned: a sampler that changed them would move live cases in or out of a running shadow comparison.
        new[] { "c-1042", "c-1043", "", "ticket/ü€😀" }.Select(ShadowSampler.Hash).Should().Equal(PinnedHashes);
    }

    [Fact]
    public void An_id_is_hashed_as_its_utf8_bytes_with_an_unpaired_surrogate_as_the_replacement_character()
    {
        ShadowSampler.Hash("a\uD800b").Should().Be(ShadowSampler.Hash("a\uFFFDb"));
    }

    [Fact]
    public void Raising_the_share_keeps_every_case_a_smaller_share_included()
    {
        Gen.Select(Gen.String, Gen.Double[0, 1], Gen.Double[0, 1]).Sample((id, a, b) =>
        {
            var (low, high) = a <= b ? (a, b) : (b, a);
            return !new ShadowSampler(low).Includes(id) || new ShadowSampler(high).Includes(id);
        });
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_share_outside_zero_to_one_is_refused_naming_the_share(double share)
    {
        var create = () => new ShadowSampler(share);

        create.Should().Throw<ArgumentOutOfRangeException>()
            .Which.Should().Match<ArgumentOutOfRangeException>(e => e.ParamName == "share" && e.Message.Contains("from 0 (no case) to 1 (every case)", StringComparison.Ordinal));
    }

    /// <summary>Computed apart from this code (FNV-1a 32 over the UTF-8 bytes, then the murmur3 32-bit finalizer, in Python).</summary>
    private static readonly uint[] PinnedHashes = [2624438187u, 396752176u, 2872998923u, 3865257817u];
}
