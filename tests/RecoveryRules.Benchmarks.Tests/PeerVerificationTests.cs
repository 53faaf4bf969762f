using RecoveryRules.Benchmarks;

namespace RecoveryRules.Benchmarks.Tests;

/// <summary>
/// The verification that runs before the peer benchmarks (docs/performance.md, "Peers"), on fewer cases: every
/// implementation decides as the hand-written one, and a difference or a swallowed RulesEngine error is reported.
/// </summary>
public sealed class PeerVerificationTests
{
    private const int Cases = 20_000;

    [Theory]
    [InlineData(Implementation.RecoveryRules)]
    [InlineData(Implementation.NRules)]
    [InlineData(Implementation.RulesEngine)]
    public void Retail_implementation_decides_as_the_hand_written_policy(Implementation implementation)
    {
        var verify = () => PeerVerification.Retail(implementation, Cases);

        verify.Should().NotThrow();
    }

    [Theory]
    [InlineData(Implementation.RecoveryRules)]
    [InlineData(Implementation.NRules)]
    [InlineData(Implementation.RulesEngine)]
    public void Generated_200_rule_implementation_decides_as_the_hand_written_policy(Implementation implementation)
    {
        var verify = () => PeerVerification.Large(implementation, Cases);

        verify.Should().NotThrow();
    }

    [Fact]
    public void A_peer_that_decides_differently_is_reported_with_the_first_differing_case()
    {
        var wrong = new RulesEngineRunner(File.ReadAllText(Path.Combine("Data", "retail-credit-twenty-percent.workflow.json")), "retail-recovery", "USD");

        var verify = () => PeerVerification.RetailPeer(Implementation.RulesEngine, wrong.Evaluate, Cases);

        // The first benchmark case that reaches major-on-time: c-1043, orderValue 120, a credit of 12.00 (10%), not 24.00.
        verify.Should().Throw<InvalidOperationException>()
            .WithMessage("RulesEngine decides differently from the hand-written implementation for {\"id\": \"c-1043\"*")
            .Which.Message.Should().Contain("items [credit 12.00 by major-on-time]").And.Contain("items [credit 24.00 by major-on-time]");
    }

    [Fact]
    public void A_RulesEngine_expression_error_throws_instead_of_failing_the_rule_silently()
    {
        var broken = new RulesEngineRunner(File.ReadAllText(Path.Combine("Data", "retail-unknown-property.workflow.json")), "retail-recovery", "USD");

        var evaluate = () => broken.Evaluate(RetailFixtures.Get(RetailFixtures.MajorOnTime).Typed);

        evaluate.Should().Throw<InvalidOperationException>()
            .WithMessage("RulesEngine rule 'major-on-time' failed: *Late*");
    }

    [Fact]
    public void NRules_loads_every_generated_rule()
    {
        new LargeNRules().RuleCount.Should().Be(LargePolicyGenerator.Build(200).Rules.Length);
    }

    [Theory]
    [InlineData(LargePolicySources.HandWrittenFile)]
    [InlineData(LargePolicySources.NRulesFile)]
    public void Committed_generated_sources_are_what_the_policy_model_writes(string file)
    {
        var model = LargePolicyGenerator.Build(200);
        var expected = file == LargePolicySources.HandWrittenFile ? LargePolicySources.HandWritten(model) : LargePolicySources.NRules(model);

        var committed = File.ReadAllText(file);

        committed.ReplaceLineEndings("\n").Should().Be(expected, "regenerate with: dotnet run -c Release --project benchmarks/RecoveryRules.Benchmarks -- --write-generated");
    }
}
