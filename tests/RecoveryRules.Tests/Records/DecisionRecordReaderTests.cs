using System.Text;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Records;

/// <summary><see cref="DecisionRecordReader"/>: streaming, line numbers that count blank lines, and no line dropped silently.</summary>
public sealed class DecisionRecordReaderTests
{
    private static readonly string Golden = ReadData("Records", "c-1042.record.jsonl").TrimEnd('\n');

    private static List<DecisionRecordLine> Read(string text, int? maxLineBytes = null, bool trickle = false)
    {
        Stream stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        if (trickle)
        {
            stream = new TrickleStream(stream);
        }

        var lines = maxLineBytes is { } max ? DecisionRecordReader.Read(stream, max) : DecisionRecordReader.Read(stream);
        return [.. lines];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Blank_lines_are_skipped_but_counted(bool trickle)
    {
        var lines = Read($"{Golden}\n\n   \n{Golden}\r\n\t\n{Golden}\n", trickle: trickle);

        lines.Select(l => l.Line).Should().Equal(1, 4, 6);
        lines.Should().AllSatisfy(l => (l.Record, l.Problem).Should().Match<(DecisionRecord?, string?)>(p => p.Item1 != null && p.Item2 == null));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_file_reports_its_torn_last_line(bool trickle)
    {
        var text = $"{Golden}\n{Golden}\n\n{Golden[..(Golden.Length / 2)]}";

        var lines = Read(text, trickle: trickle);

        lines.Should().HaveCount(3);
        lines[0].Record.Should().NotBeNull();
        lines[1].Record.Should().NotBeNull();
        lines[2].Should().Be(new DecisionRecordLine(4, null, "line 4: not a whole record (the line ends before its JSON object does)"));
    }

    [Fact]
    public void A_whole_last_line_without_its_newline_is_reported_as_not_whole()
    {
        Read($"{Golden}\n{Golden}").Last().Should().Be(new DecisionRecordLine(2, null, "line 2: not a whole record (the file ends before the line's newline)"));
    }

    [Fact]
    public void A_bad_line_in_the_middle_is_reported_and_reading_goes_on()
    {
        var lines = Read($"{Golden}\n{{\"case\": 1\n{Golden}\n[]\n{Golden}\n");

        lines.Select(l => l.Problem).Should().Equal(
            null,
            "line 2: not a whole record (the line ends before its JSON object does)",
            null,
            "line 4: not a record: the line holds a list, not an object",
            null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_line_longer_than_the_limit_is_reported_without_being_held(bool trickle)
    {
        var longLine = "{\"given\": \"" + new string('x', 5000) + "\"}";

        var lines = Read($"{Golden}\n{longLine}\n{Golden}\n{longLine}", maxLineBytes: Golden.Length + 10, trickle: trickle);

        lines.Select(l => (l.Line, l.Problem)).Should().Equal(
            (1L, null),
            (2L, $"line 2: not a record (longer than {Golden.Length + 10} bytes, the longest record line read)"),
            (3L, null),
            (4L, $"line 4: not a record (longer than {Golden.Length + 10} bytes, the longest record line read)"));
    }

    [Fact]
    public void A_leading_byte_order_mark_is_skipped()
    {
        Read("\uFEFF" + Golden + "\n").Single().Record!.CaseId.Should().Be("c-1042");
    }

    [Fact]
    public void An_empty_stream_has_no_lines()
    {
        Read(string.Empty).Should().BeEmpty();
        Read("\n\n  ").Should().BeEmpty();
    }

    [Fact]
    public void Nothing_is_read_before_the_first_line_is_asked_for()
    {
        var stream = new TrickleStream(new MemoryStream(Encoding.UTF8.GetBytes(Golden + "\n")));

        using var lines = DecisionRecordReader.Read(stream).GetEnumerator();

        stream.Reads.Should().Be(0);
        lines.MoveNext().Should().BeTrue();
        stream.Reads.Should().BeGreaterThan(0);
    }

    [Fact]
    public void A_million_lines_stream_through_with_their_line_numbers()
    {
        const int Lines = 1_000_000;
        const string Short = "{\"case\":null,\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"h\"},\"error\":{\"id\":\"RR0400\",\"message\":\"m\"},\"evaluatedAt\":\"2026-11-22T10:00:00Z\",\"given\":\"x\"}";
        var line = Encoding.UTF8.GetBytes(Short + "\n");
        var stream = new RepeatingStream(line, Lines - 1, tail: Encoding.UTF8.GetBytes(Short[..100]));

        long records = 0, numberedInOrder = 0, last = 0;
        var problems = new List<DecisionRecordLine>();
        foreach (var entry in DecisionRecordReader.Read(stream))
        {
            records += entry.Record is null ? 0 : 1;
            numberedInOrder += entry.Line == last + 1 ? 1 : 0;
            last = entry.Line;
            if (entry.Problem is not null)
            {
                problems.Add(entry);
            }
        }

        records.Should().Be(Lines - 1);
        numberedInOrder.Should().Be(Lines);
        var problem = problems.Should().ContainSingle().Subject;
        problem.Should().Be(new DecisionRecordLine(Lines, null, $"line {Lines}: not a whole record (the line ends before its JSON object does)"));
    }

    /// <summary>Gives a line many times over, then a tail, without holding more than the line.</summary>
    private sealed class RepeatingStream(byte[] line, int times, byte[] tail) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var body = (long)line.Length * times;
            var written = 0;
            while (written < count && _position < body + tail.Length)
            {
                var (source, at) = _position < body ? (line, (int)(_position % line.Length)) : (tail, (int)(_position - body));
                var n = Math.Min(count - written, source.Length - at);
                Array.Copy(source, at, buffer, offset + written, n);
                written += n;
                _position += n;
            }

            return written;
        }

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Hands out a stream's bytes one to three at a time, so every buffer boundary is crossed.</summary>
internal sealed class TrickleStream(Stream inner) : Stream
{
    public int Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Reads++;
        return inner.Read(buffer, offset, Math.Min(count, 1 + (Reads % 3)));
    }

    public override void Flush() => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
