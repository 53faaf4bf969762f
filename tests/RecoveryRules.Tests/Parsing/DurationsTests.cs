using RecoveryRules.Parsing;



namespace RecoveryRules.Tests.Parsing;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("3h", "Valid", "10800")]
    [InlineData("PT1H30M", "Valid", "5400")]
    [InlineData("79228162514264337593543950335s", "Valid", "79228162514264337593543950335")]
    [InlineData("1000000000000000000000000w", "TooLarge", "0")]
    [InlineData("99999999999999999999999999999999999s", "TooLarge", "0")]
    [InlineData("1w79228162514264337593543950335s", "TooLarge", "0")]
    [InlineData("P999999999999999999999W", "Valid", "604799999999999999999395200")]
    [InlineData("P999999999999999999999999W", "TooLarge", "0")]
    [InlineData("P1DT99999999999999999999999999H", "TooLarge", "0")]
    [InlineData("99999999999999999999999w1x", "Malformed", "0")]
    [InlineData("1h1w", "Malformed", "0")]
    [InlineData("", "Malformed", "0")]
    [InlineData("PT", "Malformed", "0")]
    public void Parse_tells_a_duration_from_a_malformed_or_too_large_one_without_throwing(string text, string expectedName, string seconds)
    {
        var expected = Enum.Parse<DurationParse>(expectedName);
        Durations.Parse(text, out var parsed).Should().Be(expected);
        parsed.Should().Be(decimal.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
        Durations.TryParse(text, out _).Should().Be(expected == DurationParse.Valid);
    }

    [Fact]
    public void The_form_specific_parsers_report_too_large_and_their_bool_twins_say_false()
    {
        Durations.ParseCompact("999999999999999999999999w", out _).Should().Be(DurationParse.TooLarge);
        Durations.TryParseCompact("999999999999999999999999w", out _).Should().BeFalse();
        Durations.ParseIso("P999999999999999999999999W", out _).Should().Be(DurationParse.TooLarge);
        Durations.TryParseIso("P999999999999999999999999W", out _).Should().BeFalse();
        Durations.ParseIso("3h", out _).Should().Be(DurationParse.Malformed);
    }
}
