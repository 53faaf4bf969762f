using RecoveryRules.Text;

namespace RecoveryRules.Tests.Text;

public sealed class LoneSurrogatesTests
{
    [Fact]
    public void The_first_lone_surrogate_is_found_and_pairs_are_skipped()
    {
        // In code, not in theory data: the test runner's serialization turns a lone surrogate into U+FFFD.
        (string Text, int Expected)[] texts =
        [
            ("plain", -1),
            ("pair \U0001F600 only", -1),
            ("a" + '\ud800' + "b", 1),
            ("\U0001F600" + '\udc00', 2),
            ("end" + '\ud83d', 3),
        ];

        foreach (var (text, expected) in texts)
        {
            LoneSurrogates.IndexOf(text).Should().Be(expected, text);
            LoneSurrogates.Any(text).Should().Be(expected >= 0, text);
        }
    }

    [Fact]
    public void Each_lone_surrogate_is_replaced_and_the_rest_kept()
    {
        LoneSurrogates.Replace("a\ud800b\U0001F600c\udfff", c => $"<{(int)c:x4}>").Should().Be("a<d800>b\U0001F600c<dfff>");
        LoneSurrogates.Replace("clean", _ => "x").Should().BeSameAs("clean");
    }
}
