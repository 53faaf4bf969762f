using System.Text;
using RecoveryRules.Parsing;

namespace RecoveryRules.Tests.Cases;

/// <summary>
/// The per-thread duration cache of the plain readers (docs/design.md §22, §43: texts of at most 8 bytes found by a one-word key
/// and their length, longer ones by their bytes) against <see cref="Durations.Parse"/> of the text, on a stream of texts that
/// repeat, evict each other (more than the cache's 16 entries) and differ only in a last byte, a trailing zero byte or their length.
/// </summary>
public sealed class DurationCacheTests
{
    private static readonly string[] Texts =
    [
        "1h", "PT2H", "30m", "PT90M", "36h", "1d", "2d", "5h", "3h", "0s", "1.5h", "1.50h", "P1DT2H", "1w", "1d1s",
        "12345678", "1234567h", "12345678h", "123456789h", "PT12345H", "PT123456H", "PT1234567H", "P1DT2H3M4S", "P1DT2H3M4.5S",
        "h", "1x", "", "PT", "1h ", " 1h", "1H", "pt2h", "99999999999999999999999999999999d",
    ];

    /// <summary>Texts given as bytes: the ones above, and some with bytes that no string above has (a zero, a byte past ASCII).</summary>
    private static readonly byte[][] Utf8 =
    [
        .. Texts.Select(Encoding.ASCII.GetBytes),
        "1h\0"u8.ToArray(), "\01h"u8.ToArray(), "1234567\0"u8.ToArray(), "12345678\0"u8.ToArray(), [0x31, 0x68, 0xC3, 0xA9], [0xFF],
        new byte[65],
    ];

    [Fact]
    public void Durations_read_through_the_cache_are_what_parsing_their_text_gives()
    {
        var random = new Random(43);
        var found = 0;
        for (var i = 0; i < 20_000; i++)
        {
            // Runs of a few texts (hits), now and then many (evictions).
            var pool = i % 1000 < 500 ? 6 : Utf8.Length;
            var text = Utf8[random.Next(pool)];
            var read = CaseReader.DurationCache.TryParse(text, out var seconds);
            var expected = Reference(text, out var expectedSeconds);
            read.Should().Be(expected, Encoding.Latin1.GetString(text));
            if (read)
            {
                decimal.GetBits(seconds).Should().Equal(decimal.GetBits(expectedSeconds), Encoding.Latin1.GetString(text));
                found++;
            }
        }

        found.Should().BeGreaterThan(10_000, "most texts are durations");
    }

    [Fact]
    public void Texts_of_eight_and_nine_bytes_that_differ_in_their_last_byte_are_told_apart()
    {
        foreach (var (a, b) in new[] { ("12345678", "12345679"), ("1234567h", "1234567d"), ("123456789h", "123456789d"), ("PT12345H", "PT12345M") })
        {
            for (var round = 0; round < 3; round++)
            {
                CaseReader.DurationCache.TryParse(Encoding.ASCII.GetBytes(a), out var first).Should().Be(Reference(Encoding.ASCII.GetBytes(a), out var firstExpected));
                CaseReader.DurationCache.TryParse(Encoding.ASCII.GetBytes(b), out var second).Should().Be(Reference(Encoding.ASCII.GetBytes(b), out var secondExpected));
                first.Should().Be(firstExpected, a);
                second.Should().Be(secondExpected, b);
            }
        }
    }

    [Fact]
    public void A_fresh_thread_tells_texts_apart_that_differ_only_in_their_length()
    {
        // On a thread of its own, so the cache starts empty: its empty entries, an empty text, and texts whose words are the same
        // once padded with zeros ("1h" and "1h\0") must each read as parsing them reads.
        var sequence = new[] { "1h"u8.ToArray(), "1h\0"u8.ToArray(), [], "1h"u8.ToArray(), "\0"u8.ToArray(), "1d"u8.ToArray(), "1d\0\0"u8.ToArray() };
        var outcomes = new List<(bool Read, decimal Seconds)>();
        var thread = new Thread(() =>
        {
            foreach (var text in sequence)
            {
                var read = CaseReader.DurationCache.TryParse(text, out var seconds);
                outcomes.Add((read, seconds));
            }
        });
        thread.Start();
        thread.Join();

        outcomes.Should().Equal(sequence.Select(text => (Reference(text, out var seconds), seconds)));
        outcomes.Count(outcome => !outcome.Read).Should().BePositive("some of these texts are not durations");
    }

    /// <summary>What the cache stands for: the text parsed as a duration when it is ASCII of at most 64 bytes.</summary>
    private static bool Reference(byte[] text, out decimal seconds)
    {
        seconds = 0;
        return text.Length <= 64 && Ascii.IsValid(text) && Durations.Parse(Encoding.ASCII.GetString(text), out seconds) == DurationParse.Valid;
    }
}
