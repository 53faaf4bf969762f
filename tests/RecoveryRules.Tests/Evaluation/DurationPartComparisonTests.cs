namespace RecoveryRules.Tests.Evaluation;

/// <summary>Comparisons of duration parts with constants hold exactly at their boundaries (they compare seconds).</summary>
public sealed class DurationPartComparisonTests
{
    private const string Policy = """
        policy: sla-boundaries
        version: "1"
        rules:
          - id: within-five-hours
            when: delay.hours <= 5
            then: { note: within five hours }
          - id: over-two-days
            when: 2 < delay.days
            then: { note: over two days }
          - id: exactly-ninety-minutes
            when: delay.minutes == 90
            then: { note: ninety minutes }
          - id: a-third-of-an-hour
            when: delay.hours == 1 / 3
            then: { note: twenty minutes }
        """;

    [Theory]
    [InlineData("5h", "within-five-hours")]
    [InlineData("5h1s", "")]
    [InlineData("PT4H59M59S", "within-five-hours")]
    [InlineData("2d", "")]
    [InlineData("2d1s", "over-two-days")]
    [InlineData("1h30m", "within-five-hours,exactly-ninety-minutes")]
    [InlineData("20m", "within-five-hours,a-third-of-an-hour")]
    public void Duration_parts_compare_exactly_at_the_boundary(string delay, string fired)
    {
        var policy = Policies.Compile(Policy);
        var decision = policy.Decide($$"""{"severity": "minor", "channel": "email", "delay": "{{delay}}"}""");
        string.Join(",", decision.Fired).Should().Be(fired);
    }
}
