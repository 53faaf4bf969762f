using RecoveryRules.Text;

namespace RecoveryRules.Tests.Text;

public sealed class LoneSurrogatesTests
{
    [Theory]
    [InlineData("plain", -1)]
    [InlineData("pair \U0001F600 only", -1)]
    [InlineData("a\ud800b", 1)]
    [InlineData("\U0001F600\udc00", 2)]
    [InlineData("end\ud83d", 3)]
    public void The_first_lone_surrogate_is_found_and_pairs_are_skipped(string text, int expected)
    {
        LoneSurrogates.IndexOf(text).Should().Be(expected);
        LoneSurrogates.Any(text).Should().Be(expected >= 0);
    }

    [Fact]
    public void Each_lone_surrogate_is_replaced_and_the_rest_kept()
    {
        LoneSurrogates.Replace("a\ud800b\U0001F600c\udfff", c => $"<{(int)c:x4}>").Should().Be("a<d800>b\U0001F600c<dfff>");
        LoneSurrogates.Replace("clean", _ => "x").Should().BeSameAs("clean");
    }
}
