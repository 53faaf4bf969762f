using RecoveryRules.Cli.Output;

namespace RecoveryRules.Cli.Tests.Output;

public sealed class ExplanationWriterTests
{
    [Theory]
    [InlineData(3600, "1h")]
    [InlineData(172800, "2d")]
    [InlineData(5400, "1h30m")]
    [InlineData(1209600, "2w")]
    [InlineData(90.5, "1m30.5s")]
    [InlineData(0, "0s")]
    public void Durations_are_written_the_way_policies_write_them(double seconds, string expected)
    {
        ExplanationWriter.Duration(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
    }
}
