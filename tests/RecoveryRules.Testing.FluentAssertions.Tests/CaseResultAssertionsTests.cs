using Xunit.Sdk;
using static RecoveryRules.Testing.FluentAssertions.Tests.Retail;

namespace RecoveryRules.Testing.FluentAssertions.Tests;

public sealed class CaseResultAssertionsTests
{
    [Fact]
    public void A_decided_case_is_decided_and_which_is_its_decision()
    {
        var result = Result(VipOutage);

        result.Should().BeDecided().Which.Should().Compensate(80).And.Fire("critical-high-value");
    }

    [Fact]
    public void A_case_error_is_the_error_and_which_is_the_error()
    {
        var result = Result(UnknownSeverity);

        result.Should().BeError("RR0403").Which.Field.Should().Be("severity");
    }

    [Fact]
    public void BeDecided_fails_with_the_case_error()
    {
        var result = Result(UnknownSeverity);
        var error = result.Error!;

        Failure(() => result.Should().BeDecided()).Should().Be(
            $"Expected result to be decided, but the case could not be decided: RR0403: {error.Message} (field severity).");
    }

    [Fact]
    public void BeError_fails_with_the_decision_and_how_the_policy_decided()
    {
        var result = Result(VipOutage);

        Failure(() => result.Should().BeError("RR0403")).Should().Be(
            "Expected result to be the case error RR0403, but the case was decided.\n\nHow the policy decided:\n" + DecisionDisplay.Explain(result.Decision!).TrimEnd());
    }

    [Fact]
    public void BeError_fails_with_the_other_error()
    {
        var result = Result(UnknownSeverity);

        Failure(() => result.Should().BeError("RR0401", "the case misses a fact")).Should().Be(
            $"Expected result to be the case error RR0401 because the case misses a fact, but it is RR0403: {result.Error!.Message} (field severity).");
    }

    private static string Failure(Action assertion) => assertion.Should().Throw<XunitException>().Which.Message;
}
