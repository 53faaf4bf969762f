using System.Text;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Tests.Batch;

/// <summary>A block's output in segments (docs/design.md §25): the same bytes as one buffer, and the segments kept for the next block.</summary>
public sealed class BlockOutputTests
{
    [Fact]
    public void Lines_written_across_several_segments_read_back_in_order()
    {
        var output = new BlockOutput();
        var expected = new MemoryStream();
        var random = new Random(11);
        for (var i = 0; output.WrittenCount < 3L * BlockOutput.SegmentBytes; i++)
        {
            var line = Encoding.UTF8.GetBytes($"{{\"case\":\"c-{i}\",\"pad\":\"{new string('x', random.Next(0, 9000))}\"}}\n");
            var span = output.GetSpan(line.Length + random.Next(0, 64));
            line.CopyTo(span);
            output.Advance(line.Length);
            expected.Write(line);
        }

        output.WrittenSegments.Count().Should().BeGreaterThan(3, "the lines fill more than three segments");
        output.ToArray().Should().Equal(expected.ToArray());
        output.WrittenCount.Should().Be(expected.Length);
    }

    [Fact]
    public void A_reused_output_writes_into_the_segments_it_already_has()
    {
        var output = new BlockOutput();
        Fill(output, (2 * BlockOutput.SegmentBytes) + 100);
        var segments = output.WrittenSegments.Select(s => s.Length).ToArray();
        var capacity = output.Capacity;

        output.Reset(keepBytes: long.MaxValue);
        output.WrittenCount.Should().Be(0);
        output.WrittenSegments.Should().BeEmpty();
        Fill(output, (2 * BlockOutput.SegmentBytes) + 100);

        output.Capacity.Should().Be(capacity, "no segment was added for a block of the same size");
        output.WrittenSegments.Select(s => s.Length).Should().Equal(segments);
    }

    [Fact]
    public void Reset_lets_the_segments_past_the_limit_go()
    {
        var output = new BlockOutput();
        Fill(output, (4 * BlockOutput.SegmentBytes) + 1);
        output.Capacity.Should().Be(5L * BlockOutput.SegmentBytes);

        output.Reset(keepBytes: 2L * BlockOutput.SegmentBytes);

        output.Capacity.Should().Be(2L * BlockOutput.SegmentBytes);
        Fill(output, 10);
        output.ToArray().Should().HaveCount(10);
    }

    [Fact]
    public void A_request_larger_than_a_segment_gets_a_segment_as_large()
    {
        var output = new BlockOutput();
        output.GetSpan(10)[0] = (byte)'a';
        output.Advance(1);

        var span = output.GetSpan(BlockOutput.SegmentBytes + 5);
        span.Length.Should().BeGreaterThanOrEqualTo(BlockOutput.SegmentBytes + 5);
        span[..(BlockOutput.SegmentBytes + 5)].Fill((byte)'b');
        output.Advance(BlockOutput.SegmentBytes + 5);

        var all = output.ToArray();
        all.Should().HaveCount(BlockOutput.SegmentBytes + 6);
        all[0].Should().Be((byte)'a');
        all[1..].Should().OnlyContain(b => b == (byte)'b');
    }

    [Fact]
    public void Advancing_past_the_span_given_throws()
    {
        var output = new BlockOutput();
        var act = () => output.Advance(1);
        act.Should().Throw<InvalidOperationException>();

        var length = output.GetSpan(1).Length;
        act = () => output.Advance(length + 1);
        act.Should().Throw<InvalidOperationException>();
    }

    private static void Fill(BlockOutput output, int bytes)
    {
        while (bytes > 0)
        {
            var chunk = Math.Min(bytes, 4000);
            output.GetSpan(chunk)[..chunk].Fill((byte)'x');
            output.Advance(chunk);
            bytes -= chunk;
        }
    }
}
