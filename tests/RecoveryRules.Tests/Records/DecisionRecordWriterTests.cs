using System.Text;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Records;

/// <summary><see cref="DecisionRecordWriter"/>: one whole line per record, one write each, flushed; safe from many threads.</summary>
public sealed class DecisionRecordWriterTests
{
    private static readonly RecoveryPolicy Retail = Load("retail.policy.yaml");

    private static readonly string[] Cases = File.ReadAllLines(DataPath("Evaluation", "retail-cases.jsonl"))
        .Where(l => l.Length > 0 && Retail.TryReadCase(l, out _, out _)).ToArray();

    private static DecisionRecord Record(string json, EvaluationOptions? options = null)
    {
        Retail.TryReadCase(json, out var recoveryCase, out var error).Should().BeTrue(error?.ToString());
        return DecisionRecord.Evaluate(recoveryCase!, options);
    }

    [Fact]
    public void Each_record_is_one_write_of_its_whole_line_then_a_flush()
    {
        var stream = new CallRecordingStream();
        using (var writer = new DecisionRecordWriter(stream, leaveOpen: true))
        {
            writer.Write(Record(Cases[0]));
            writer.Write(Record(Cases[1], EvaluationOptions.WithExplanation));
        }

        stream.Calls.Select(c => c.Kind).Should().Equal("write", "flush", "write", "flush");
        stream.Calls[0].Bytes.Should().Equal(Encoding.UTF8.GetBytes(Record(Cases[0]).ToJson() + "\n"));
        stream.Calls[2].Bytes![^1].Should().Be((byte)'\n');
        stream.Calls[2].Bytes!.Count(b => b == (byte)'\n').Should().Be(1);
        stream.Disposed.Should().BeFalse();
    }

    [Fact]
    public void Records_written_from_many_threads_at_once_are_each_a_whole_line()
    {
        var records = Cases.Select(json => Record(json)).ToArray();
        var stream = new MemoryStream();
        using (var writer = new DecisionRecordWriter(stream, leaveOpen: true))
        {
            Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken }, i => writer.Write(records[i % records.Length]));
        }

        stream.Position = 0;
        var lines = DecisionRecordReader.Read(stream).ToList();

        lines.Should().HaveCount(4000).And.AllSatisfy(line => line.Problem.Should().BeNull());
        lines.GroupBy(l => l.Record!.CaseId).Select(g => g.Count()).Should().AllSatisfy(n => n.Should().BeGreaterThanOrEqualTo(4000 / records.Length));
    }

    [Fact]
    public void A_huge_record_is_still_one_write()
    {
        var note = new string('n', 2 * 1024 * 1024);
        var stream = new CallRecordingStream();
        using var writer = new DecisionRecordWriter(stream);
        using var document = System.Text.Json.JsonDocument.Parse("{\"note\": \"" + note + "\"}");
        var result = Retail.EvaluateJson(Cases[0]);

        writer.Write(DecisionRecord.Create(document.RootElement, result, Retail.Identity, Now));
        writer.Write(Record(Cases[0]));

        stream.Calls.Select(c => c.Kind).Should().Equal("write", "flush", "write", "flush");
        stream.Calls[0].Bytes!.Length.Should().BeGreaterThan(note.Length);
    }

    [Fact]
    public void Disposing_the_writer_disposes_the_stream_unless_asked_to_leave_it_open()
    {
        var stream = new CallRecordingStream();
        var writer = new DecisionRecordWriter(stream);

        writer.Dispose();
        writer.Dispose();

        stream.Disposed.Should().BeTrue();
        writer.Invoking(w => w.Write(Record(Cases[0]))).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public async Task Disposing_asynchronously_disposes_the_stream()
    {
        var stream = new CallRecordingStream();
        var writer = new DecisionRecordWriter(stream);
        writer.Write(Record(Cases[0]));

        await writer.DisposeAsync();

        stream.Disposed.Should().BeTrue();
    }

    [Fact]
    public void A_stream_that_cannot_be_written_is_refused()
    {
        var create = () => new DecisionRecordWriter(new MemoryStream([], writable: false));

        create.Should().Throw<ArgumentException>().WithParameterName("stream");
    }

    /// <summary>Records each write (with its bytes) and each flush.</summary>
    private sealed class CallRecordingStream : Stream
    {
        private readonly Lock _lock = new();

        public List<(string Kind, byte[]? Bytes)> Calls { get; } = [];

        public bool Disposed { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_lock)
            {
                Calls.Add(("write", buffer.ToArray()));
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
            lock (_lock)
            {
                Calls.Add(("flush", null));
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
