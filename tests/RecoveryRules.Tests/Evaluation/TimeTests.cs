using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>§1 built-in delay, §2 duration parts and §9 Cases: durations, occurredAt and the engine's clock.</summary>
public sealed class TimeTests
{
    private static readonly RecoveryPolicy Time = Load("time.policy.yaml");

    private static string Delay(string delay) => $"{{\"id\": \"t\", \"severity\": \"minor\", \"channel\": \"email\", \"delay\": \"{delay}\"}}";

    private static string OccurredAt(string at) => $"{{\"id\": \"t\", \"severity\": \"minor\", \"channel\": \"email\", \"occurredAt\": \"{at}\"}}";

    private static decimal SecondsWaited(Decision decision) =>
        decision.Compensation.Items.Single(i => i.Kind == "seconds-waited").Amount!.Value;

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 604800)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("1w2d3h4m5s", 788645)]
    [InlineData("0s", 0)]
    [InlineData("PT2H", 7200)]
    [InlineData("P1W", 604800)]
    [InlineData("P1D", 86400)]
    [InlineData("P1DT2H", 93600)]
    [InlineData("PT1H30M", 5400)]
    [InlineData("PT0.5S", 0.5)]
    [InlineData("P1DT2H3M4S", 93784)]
    public void Case_durations_read_in_compact_and_iso_8601_forms(string delay, double seconds)
    {
        SecondsWaited(Time.Decide(Delay(delay))).Should().Be((decimal)seconds);
    }

    [Theory]
    [InlineData("3H")]
    [InlineData("1h1w")]
    [InlineData("1h1h")]
    [InlineData("-3h")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData("3 h")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1Y")]
    [InlineData("P1M")]
    [InlineData("PT-1H")]
    [InlineData("3,5h")]
    public void Malformed_duration_is_a_case_error_that_names_the_field(string delay)
    {
        var error = Time.Reject(Delay(delay));

        error.Id.Should().Be("RR0404");
        error.Message.Should().Contain("'delay'");
        error.Field.Should().Be("delay");
    }

    [Fact]
    public void Delay_hours_of_ninety_minutes_is_exactly_one_and_a_half()
    {
        Time.Decide(Delay("90m")).Fired.Should().Equal("ninety-minutes", "waited");
    }

    [Fact]
    public void Duration_parts_are_exact_decimals_not_binary_floating_point()
    {
        Time.Decide(Delay("6m")).Fired.Should().Equal("tenth-of-an-hour-thrice", "waited");
        Time.Decide(Delay("36h")).Fired.Should().Equal("day-and-a-half", "waited");
    }

    [Theory]
    [InlineData("2026-11-22T08:30:00+00:00")]
    [InlineData("2026-11-22T09:30:00+01:00")]
    [InlineData("2026-11-22T03:30:00-05:00")]
    [InlineData("2026-11-22T08:30:00Z")]
    public void Delay_is_computed_from_occurredAt_and_the_engine_clock_respecting_the_offset(string at)
    {
        var decision = Time.Decide(OccurredAt(at));

        SecondsWaited(decision).Should().Be(5400m);
        decision.Fired.Should().Equal("ninety-minutes", "waited");
    }

    [Fact]
    public void Delay_from_occurredAt_follows_the_clock_as_it_advances()
    {
        var clock = Clock();
        var policy = Load("time.policy.yaml", clock);
        var json = OccurredAt("2026-11-22T09:00:00+00:00");

        SecondsWaited(policy.Decide(json)).Should().Be(3600m);
        clock.Advance(TimeSpan.FromMinutes(30));
        var later = policy.Decide(json);

        SecondsWaited(later).Should().Be(5400m);
        later.EvaluatedAt.Should().Be(Now.AddMinutes(30));
        later.Raw("evaluatedAt").Should().Be("\"2026-11-22T10:30:00+00:00\"");
    }

    [Fact]
    public void OccurredAt_exactly_now_is_a_zero_delay()
    {
        SecondsWaited(Time.Decide(OccurredAt("2026-11-22T10:00:00+00:00"))).Should().Be(0m);
    }

    [Fact]
    public void OccurredAt_in_the_future_is_a_case_error_not_a_zero_delay()
    {
        var error = Time.Reject(OccurredAt("2026-11-22T10:00:01+00:00"));

        error.Id.Should().Be("RR0410");
        error.Message.Should().Contain("occurredAt");
        error.CaseId.Should().Be("t");
    }

    [Fact]
    public void Both_delay_and_occurredAt_is_a_case_error()
    {
        var error = Time.Reject("{\"severity\": \"minor\", \"channel\": \"email\", \"delay\": \"1h\", \"occurredAt\": \"2026-11-22T08:30:00+00:00\"}");

        error.Id.Should().Be("RR0409");
        error.Message.Should().Contain("delay").And.Contain("occurredAt");
    }

    [Theory]
    [InlineData("2026-11-22T08:30:00")]
    [InlineData("2026-11-22")]
    [InlineData("2026-11-22 08:30:00")]
    [InlineData("yesterday")]
    [InlineData("2026-11-22T08:30:00+0100x")]
    public void OccurredAt_without_an_offset_or_malformed_is_a_case_error(string at)
    {
        var error = Time.Reject(OccurredAt(at));

        error.Id.Should().Be("RR0411");
        error.Message.Should().Contain("occurredAt").And.Contain(at);
    }

    [Fact]
    public void Missing_delay_and_occurredAt_is_a_missing_fact_that_says_how_to_give_it()
    {
        var error = Time.Reject("{\"severity\": \"minor\", \"channel\": \"email\"}");

        error.Id.Should().Be("RR0401");
        error.Message.Should().Contain("'delay'").And.Contain("occurredAt");
    }

    [Fact]
    public void Escalation_within_is_written_as_iso_8601()
    {
        var policy = Load("within.policy.yaml");

        policy.Decide(Delay("1h")).Raw("escalation", "within").Should().Be("\"PT1H30M\"");
    }
}
