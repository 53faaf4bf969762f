using System.IO.Pipelines;
using System.Text;
using CsCheck;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Tests.Input;

/// <summary>
/// The synchronous reader of a regular file (docs/design.md §34) cuts an input into the lines the <see cref="PipeReader"/>
/// path (<see cref="JsonLinesReader"/>) cuts it into: the same lines with the same numbers, the same lines too long, whatever
/// the block size, the reads' sizes, byte order marks, carriage returns, blank lines and a last line without its end.
/// </summary>
public sealed class SynchronousLinesReaderTests
{
    private static readonly string[] Pieces = ["{\"id\": \"c-1\"}", "{\"n\": 2, \"s\": \"été\"}", "   ", "\t", "x", "{}", "\r", "{\"a\":\r\"b\"}"];

    /// <summary>An input: lines of every kind (some too long for the limit), perhaps a byte order mark, perhaps no last line end.</summary>
    private static readonly Gen<Input> Inputs =
        Gen.Select(Gen.Int[0, 40], Gen.Bool, Gen.Bool, Gen.Int, (count, bom, lastEnd, seed) => Make(new Random(seed), count, bom, lastEnd));

    [Fact]
    public void A_file_read_synchronously_gives_the_lines_the_pipe_reader_gives()
    {
        var (tooLong, boms, carried) = (0, 0, 0);
        Inputs.Sample(
            input =>
            {
                var expected = Lines(new PipeSource(input), input.MaxLineBytes);
                var reader = new SynchronousLinesReader(new TrickleStream(input.Bytes, input.BytesPerRead), input.BlockBytes, input.MaxLineBytes);
                var actual = Lines(reader, input.MaxLineBytes);

                actual.Should().Equal(expected, input.ToString());
                Interlocked.Add(ref tooLong, actual.Count(line => line.Text is null));
                Interlocked.Add(ref boms, input.Bytes.AsSpan().StartsWith("\uFEFF"u8) ? 1 : 0);
                Interlocked.Add(ref carried, actual.Select(line => line.Block).Distinct().Count() > 1 ? 1 : 0);
            },
            iter: 3000);

        // Not vacuous: lines too long were skipped, marks dropped, and inputs cut into several blocks.
        tooLong.Should().BePositive();
        boms.Should().BePositive();
        carried.Should().BePositive();
    }

    [Fact]
    public void A_regular_file_is_read_by_the_synchronous_reader_and_anything_else_through_a_pipe()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan))
            {
                LineSource.Open(file, BatchOptions.Default).Should().BeOfType<SynchronousLinesReader>();
            }

            using var memory = new MemoryStream();
            LineSource.Open(memory, BatchOptions.Default).Should().NotBeOfType<SynchronousLinesReader>();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_failing_read_is_thrown_to_the_reader_and_a_cancelled_read_is_cancelled()
    {
        var block = new LineBlock();
        var failing = new SynchronousLinesReader(new BrokenReadStream(), 64, 1024);
        FluentActions.Invoking(() => failing.Read(block, CancellationToken.None)).Should().ThrowExactly<IOException>();

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var reader = new SynchronousLinesReader(new MemoryStream(Encoding.UTF8.GetBytes("a\nb\n")), 64, 1024);
        FluentActions.Invoking(() => reader.Read(block, cancelled.Token)).Should().Throw<OperationCanceledException>();
    }

    /// <summary>The lines as the batch's worker takes them (<c>CaseEvaluator.EvaluateLines</c>): numbered, a trailing carriage return dropped, blanks skipped, too long as <c>null</c>.</summary>
    private static List<Line> Lines(LineSource source, int maxLineBytes)
    {
        var lines = new List<Line>();
        var block = new LineBlock();
        var blocks = 0;
        while (source.Read(block, CancellationToken.None))
        {
            blocks++;
            if (block.LineTooLong)
            {
                lines.Add(new Line(block.FirstLine, null, blocks));
            }
            else
            {
                var number = block.FirstLine;
                var text = Encoding.UTF8.GetString(block.Lines.Span);
                var parts = text.Split('\n');
                if (text.EndsWith('\n'))
                {
                    parts = parts[..^1];
                }

                foreach (var part in parts)
                {
                    var line = part.EndsWith('\r') ? part[..^1] : part;
                    if (line.Trim(' ', '\t', '\r').Length > 0)
                    {
                        lines.Add(new Line(number, Encoding.UTF8.GetByteCount(line) > maxLineBytes ? null : line, blocks));
                    }

                    number++;
                }
            }

            block.Reset(64);
        }

        source.Complete();
        return lines;
    }

    private static Input Make(Random random, int count, bool bom, bool lastEnd)
    {
        var maxLineBytes = random.Next(8, 200);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            // Lines too long are well past the limit: one of exactly the limit and a carriage return is cut by where a read ends.
            var line = random.Next(6) switch
            {
                0 => new string('x', maxLineBytes + 5 + random.Next(3 * maxLineBytes)),
                1 => string.Empty,
                _ => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pieces[random.Next(Pieces.Length)])),
            };
            if (Encoding.UTF8.GetByteCount(line) is var bytes && bytes > maxLineBytes - 3 && bytes < maxLineBytes + 5)
            {
                line = "y";
            }

            text.Append(line);
            if (i < count - 1 || lastEnd)
            {
                text.Append(random.Next(4) == 0 ? "\r\n" : "\n");
            }
        }

        var body = Encoding.UTF8.GetBytes(text.ToString());
        var bytesOut = bom ? [.. "\uFEFF"u8, .. body] : body;
        return new Input(bytesOut, random.Next(1, 9) switch { 1 => 1, 2 => 2, 3 => 7, _ => int.MaxValue }, random.Next(4, 300), maxLineBytes);
    }

    private sealed record Input(byte[] Bytes, int BytesPerRead, int BlockBytes, int MaxLineBytes)
    {
        public override string ToString() =>
            $"reads of {BytesPerRead}, blocks of {BlockBytes}, limit {MaxLineBytes}: {Encoding.UTF8.GetString(Bytes).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)}";
    }

    private sealed record Line(long Number, string? Text, int Block)
    {
        // Lines compare by number and text; which block held them depends on the reads.
        public bool Equals(Line? other) => other is not null && Number == other.Number && Text == other.Text;

        public override int GetHashCode() => HashCode.Combine(Number, Text);
    }

    /// <summary>The <see cref="PipeReader"/> path over the same input, with the same reads.</summary>
    private sealed class PipeSource(Input input) : LineSource
    {
        private readonly LineSource _inner = Of(
            JsonLinesReader.Create(new TrickleStream(input.Bytes, input.BytesPerRead), new BatchOptions { ChunkBytes = input.BlockBytes }),
            input.MaxLineBytes);

        public override bool Read(LineBlock block, CancellationToken cancellationToken) => _inner.Read(block, cancellationToken);

        public override void Complete() => _inner.Complete();
    }

    private sealed class BrokenReadStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("Input/output error");
    }
}
