using System.Text;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace RecoveryRules.Tests.Decisions;

/// <summary>
/// A case id is copied into a decision line as it is only when JSON would write it unchanged (docs/design.md §25):
/// <c>DecisionJson.IsPlainId</c>, over its padded table of plain characters (§37), against the JSON writer itself.
/// </summary>
public sealed class PlainIdTests
{
    /// <summary>What the decision's JSON writer makes of <paramref name="id"/> as a string value, quotes removed.</summary>
    private static string Written(string id)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, DecisionJson.Options))
        {
            writer.WriteStringValue(id);
        }

        var json = Encoding.UTF8.GetString(stream.ToArray());
        return json[1..^1];
    }

    [Fact]
    public void Every_character_is_plain_exactly_when_the_writer_leaves_it_unchanged()
    {
        var plain = 0;
        for (var c = 0; c < 256; c++)
        {
            var id = $"c-{(char)c}-1";
            var expected = id.Length <= 256 && Written(id) == id && c < 128;
            DecisionJson.IsPlainId(id).Should().Be(expected, $"character {c}");
            DecisionJson.IsPlainId(Encoding.UTF8.GetBytes(id)).Should().Be(expected, $"character {c} as UTF-8");
            plain += expected ? 1 : 0;
        }

        // Not vacuous: letters, digits and most punctuation are plain; controls, quotes, backslashes and non-ASCII are not.
        plain.Should().BeInRange(60, 95);
        DecisionJson.IsPlainId("c-1042").Should().BeTrue();
        DecisionJson.IsPlainId("c\"1").Should().BeFalse();
        DecisionJson.IsPlainId("c\\1").Should().BeFalse();
        DecisionJson.IsPlainId("c\u00e91").Should().BeFalse();
    }

    [Fact]
    public void An_id_past_256_characters_is_never_plain()
    {
        DecisionJson.IsPlainId(new string('a', 256)).Should().BeTrue();
        DecisionJson.IsPlainId(new string('a', 257)).Should().BeFalse();
        DecisionJson.IsPlainId(Encoding.ASCII.GetBytes(new string('a', 257))).Should().BeFalse();
    }
}
