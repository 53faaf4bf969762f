using System.Text;
using CsCheck;

namespace RecoveryRules.Tests.Cases;

/// <summary>
/// The scanner's names and members compared a word at a time (docs/design.md §34) match exactly where
/// <c>StartsWith</c> matches: at every position of a line, near its end, for literals of every length and lines that
/// differ from them in any one byte.
/// </summary>
public sealed class Utf8LiteralTests
{
    private static readonly Gen<(byte[] Literal, byte[] Line, int At)> Cases =
        Gen.Select(Gen.Byte[(byte)'a', (byte)'d'].Array[1, 25], Gen.Byte[(byte)'a', (byte)'d'].Array[0, 40], Gen.Int[0, 45], Gen.Int[0, 3], Gen.Int[-1, 30], (literal, noise, at, copy, flip) =>
        {
            // Most lines hold the literal at the position (sometimes cut short by the line's end, sometimes with one byte changed).
            var line = noise.ToList();
            var place = Math.Min(at, line.Count);
            if (copy > 0)
            {
                line.InsertRange(place, copy == 3 ? literal[..^1] : literal);
                if (flip >= 0 && flip < literal.Length && place + flip < line.Count)
                {
                    line[place + flip] ^= 1;
                }
            }

            return (literal, line.ToArray(), at);
        });

    [Fact]
    public void A_literal_is_at_a_position_exactly_when_the_line_starts_with_it_there()
    {
        var (matched, missed) = (0, 0);
        Cases.Sample(
            c =>
            {
                var expected = c.At <= c.Line.Length && c.Line.AsSpan(c.At).StartsWith(c.Literal);
                new CaseReader.Utf8Literal(c.Literal).IsAt(c.Line, c.At).Should().Be(expected, $"{Encoding.ASCII.GetString(c.Literal)} at {c.At} of {Encoding.ASCII.GetString(c.Line)}");
                _ = expected ? Interlocked.Increment(ref matched) : Interlocked.Increment(ref missed);
            },
            iter: 20000);

        // Not vacuous: both outcomes, many times.
        matched.Should().BeGreaterThan(1000);
        missed.Should().BeGreaterThan(1000);
    }

    [Fact]
    public void Every_byte_of_a_literal_counts_and_none_past_it()
    {
        var literal = Encoding.ASCII.GetBytes("repeatFailures\"");
        var line = Encoding.ASCII.GetBytes("{\"repeatFailures\": 4, \"x\": 1}");
        new CaseReader.Utf8Literal(literal).IsAt(line, 2).Should().BeTrue();
        for (var i = 0; i < literal.Length; i++)
        {
            var changed = (byte[])line.Clone();
            changed[2 + i] ^= 0x20;
            new CaseReader.Utf8Literal(literal).IsAt(changed, 2).Should().BeFalse($"byte {i} differs");
        }

        new CaseReader.Utf8Literal(literal).IsAt(line.AsSpan(0, 2 + literal.Length), 2).Should().BeTrue("the line may end just after it");
        new CaseReader.Utf8Literal(literal).IsAt(line.AsSpan(0, 1 + literal.Length), 2).Should().BeFalse("a line cut inside it");
    }
}
