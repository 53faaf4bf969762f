using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Input;
using RecoveryRules.Cli.Output;
using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Tests.Batch;

/// <summary>
/// Reads cut into small blocks (docs/design.md §39): generated inputs read and handled at every block size give, line
/// for line, what one block per read gives (the reading before the cut), and every block holds whole lines within its size.
/// </summary>
public sealed partial class BlockCuttingTests
{
    private const int MaxLineBytes = 96;

    /// <summary>Lines of every kind: cases of a few to a hundred bytes, blank and white-space lines, CRLF ends, lines too long.</summary>
    private static byte[] Generate(int seed, int lines, bool byteOrderMark, bool partialLastLine)
    {
        var random = new Random(seed);
        var text = new StringBuilder(byteOrderMark ? "\uFEFF" : string.Empty);
        for (var i = 0; i < lines; i++)
        {
            var kind = random.Next(20);
            text.Append(kind switch
            {
                0 => string.Empty,
                1 => " \t ",
                2 => new string('L', MaxLineBytes + random.Next(1, 3 * MaxLineBytes)),
                _ => $"{{\"n\":{i},\"pad\":\"{new string((char)('a' + (i % 26)), random.Next(0, 60))}\"}}",
            });
            if (i < lines - 1 || !partialLastLine)
            {
                text.Append(random.Next(6) == 0 ? "\r\n" : "\n");
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static TheoryData<int, bool, bool, int> Inputs() => new()
    {
        { 1, false, false, int.MaxValue },
        { 2, true, true, int.MaxValue },
        { 3, false, true, 7 },
        { 4, true, false, 61 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Every_block_size_reads_the_same_lines_as_one_block_per_read(int seed, bool byteOrderMark, bool partialLastLine, int bytesPerRead)
    {
        var input = Generate(seed, 60, byteOrderMark, partialLastLine);
        var expected = await ReadLinesAsync(input, chunkBytes: 4096, blockBytes: int.MaxValue, bytesPerRead);
        expected.Count.Should().Be(60);

        for (var blockBytes = 1; blockBytes <= input.Length + 1; blockBytes++)
        {
            var blocks = new List<LineBlock>();
            var lines = await ReadLinesAsync(input, chunkBytes: 1024, blockBytes, bytesPerRead, blocks);

            lines.Should().Equal(expected, "blocks of at most {0} bytes hold the same lines", blockBytes);
            if (blockBytes <= 64)
            {
                blocks.Count.Should().BeGreaterThanOrEqualTo(40, "reads of up to 1024 bytes are cut into blocks of {0}", blockBytes);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(300)]
    public async Task A_block_holds_whole_lines_within_its_size_or_one_longer_line(int blockBytes)
    {
        var input = Generate(5, 200, byteOrderMark: false, partialLastLine: true);
        var blocks = new List<LineBlock>();

        await ReadLinesAsync(input, chunkBytes: 2048, blockBytes, int.MaxValue, blocks);

        blocks.Should().HaveCountGreaterThan(input.Length / 2048);
        foreach (var block in blocks.Where(block => !block.LineTooLong).SkipLast(1))
        {
            var lines = block.Lines.Span;
            lines[^1].Should().Be((byte)'\n');
            if (lines.Length > blockBytes)
            {
                lines[..^1].Contains((byte)'\n').Should().BeFalse("a block larger than its size is one line");
            }
        }
    }

    [Fact]
    public async Task Complete_lines_left_in_a_read_are_handed_out_without_waiting_for_more_input()
    {
        // The pipe is never completed: every block of the one write must come without another read.
        var pipe = new System.IO.Pipelines.Pipe();
        var text = string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"n\":{i}}}\n"));
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(text + "{\"unfinished\":"), TestContext.Current.CancellationToken);
        var reader = new JsonLinesReader(pipe.Reader, 1024, blockBytes: 20);
        var block = new LineBlock();
        var lines = new List<string>();

        while (lines.Count < 50)
        {
            var read = reader.ReadAsync(block, TestContext.Current.CancellationToken);
            read.IsCompleted.Should().BeTrue("line {0} was read already", lines.Count + 1);
            (await read).Should().BeTrue();
            lines.AddRange(Encoding.UTF8.GetString(block.Lines.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            block.Reset(20);
        }

        lines.Should().Equal(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var last = reader.ReadAsync(block, TestContext.Current.CancellationToken);
        last.IsCompleted.Should().BeFalse("the last line is not finished");
        await pipe.Writer.CompleteAsync();
        (await last).Should().BeTrue();
        Encoding.UTF8.GetString(block.Lines.Span).Should().Be("{\"unfinished\":");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task The_pipeline_writes_the_same_output_at_every_block_size(int workers)
    {
        var input = Generate(7 + workers, 120, byteOrderMark: true, partialLastLine: true);
        var expected = await EchoAsync(input, new BatchOptions { Workers = 1, ChunkBytes = 1 << 20, BlockBytes = int.MaxValue, MaxLineBytes = MaxLineBytes });

        for (var blockBytes = 1; blockBytes <= input.Length + 1; blockBytes += blockBytes < 200 ? 1 : 37)
        {
            var options = new BatchOptions { Workers = workers, ChunkBytes = 512, BlockBytes = blockBytes, MaxLineBytes = MaxLineBytes };
            (await EchoAsync(input, options)).Should().Equal(expected, "blocks of {0} bytes, {1} workers", blockBytes, workers);
        }
    }

    [Fact]
    public async Task Decisions_at_every_block_size_are_the_same_as_in_one_block()
    {
        var policy = PolicyYaml.CompileFile(TestData.Retail).Policy!;
        var cases = TestData.ReadAllText("cases-with-bad-line.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var random = new Random(17);
        var text = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            text.Append(random.Next(10) switch
            {
                0 => string.Empty,
                1 => "{\"id\": \"too-long\", \"pad\": \"" + new string('x', 900) + "\"}",
                _ => cases[random.Next(cases.Length)].Replace("\"c-10", $"\"n{i}-c-10", StringComparison.Ordinal),
            });
            text.Append(random.Next(5) == 0 ? "\r\n" : "\n");
        }

        text.Append(cases[0]); // a last line without its line end
        var input = Encoding.UTF8.GetBytes(text.ToString());
        var evaluation = EvaluationOptions.Default with { Now = new DateTimeOffset(2026, 12, 7, 13, 0, 0, TimeSpan.Zero) };

        async Task<string> DecideAsync(BatchOptions options)
        {
            using var output = new MemoryStream();
            var summary = await JsonLinesBatch.RunAsync(policy, LineSource.Open(new MemoryStream(input), options), "test", output, () => new JsonLineOutcomeWriter(), evaluation, options, recording: null, TestContext.Current.CancellationToken);
            return $"{summary}\n{Encoding.UTF8.GetString(output.ToArray())}";
        }

        var expected = await DecideAsync(new BatchOptions { Workers = 1, ChunkBytes = 1 << 20, BlockBytes = int.MaxValue, MaxLineBytes = 800 });
        expected.Split('\n').Should().HaveCountGreaterThan(30).And.Contain(line => line.Contains("\"error\"", StringComparison.Ordinal));
        EvaluatedAt().IsMatch(expected).Should().BeTrue();

        for (var blockBytes = 1; blockBytes <= input.Length + 1; blockBytes += blockBytes < 1200 ? 13 : 331)
        {
            var options = new BatchOptions { Workers = 2, ChunkBytes = 2048, BlockBytes = blockBytes, MaxLineBytes = 800 };
            (await DecideAsync(options)).Should().Be(expected, "blocks of {0} bytes", blockBytes);
        }
    }

    [Theory]
    [InlineData(32, 4 * 1024)]
    [InlineData(1, 16 * 1024)]
    [InlineData(0, 64 * 1024)]
    public async Task Blocks_are_cut_to_about_the_output_bytes_asked_for(int outputPerInputByte, int expectedBlockBytes)
    {
        // 100-byte lines; a worker that writes 32 bytes per input byte gets blocks of the least size (4 KiB), one that writes
        // as many as it reads blocks of 16 KiB, one that writes nothing blocks of the most bytes (64 KiB).
        var input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i:D9}{new string('x', 90)}\n")));
        var options = new BatchOptions { Workers = 2, ChunkBytes = 64 * 1024, BlockBytes = 64 * 1024, BlockOutputBytes = 16 * 1024 };
        var sizes = new List<int>();
        Action<LineBlock> worker = block =>
        {
            for (var i = 0; i < outputPerInputByte; i++)
            {
                block.Output.Write(block.Lines.Span);
            }
        };

        using var output = new MemoryStream();
        await BatchPipeline.RunAsync(LineSource.Open(new MemoryStream(input), options), "input", output, [worker, worker], block => sizes.Add(block.Length), options, TestContext.Current.CancellationToken);

        output.Length.Should().Be((long)input.Length * outputPerInputByte);
        sizes.Sum().Should().Be(input.Length);
        sizes[0].Should().BeLessThanOrEqualTo(16 * 1024, "the first block is of 16 KiB");
        var sorted = sizes.Skip(options.ChunksInFlight + 2).Order().ToList();
        sorted[sorted.Count / 2].Should().BeInRange(expectedBlockBytes - 100, expectedBlockBytes);
    }

    /// <summary>Reads <paramref name="input"/> with the line reader: each line's number and text (or <c>too long</c>), in order.</summary>
    private static async Task<List<string>> ReadLinesAsync(byte[] input, int chunkBytes, int blockBytes, int bytesPerRead, List<LineBlock>? blocks = null)
    {
        var reader = new JsonLinesReader(JsonLinesReader.Create(new TrickleStream(input, bytesPerRead), new BatchOptions { ChunkBytes = chunkBytes }), MaxLineBytes, blockBytes);
        var lines = new List<string>();
        while (true)
        {
            var block = new LineBlock();
            if (!await reader.ReadAsync(block, CancellationToken.None))
            {
                return lines;
            }

            blocks?.Add(block);
            lines.AddRange(Echo(block).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    /// <summary>Runs the pipeline with workers that write each line back with its number: the output, line by line.</summary>
    private static async Task<string[]> EchoAsync(byte[] input, BatchOptions options)
    {
        using var output = new MemoryStream();
        var workers = Enumerable.Range(0, options.Workers).Select(worker => (Action<LineBlock>)(block =>
        {
            if (worker == 0 && block.Number % 3 == 0)
            {
                Thread.Yield(); // the first worker lags now and then, so blocks are handled out of order
            }

            block.Output.Write(Encoding.UTF8.GetBytes(Echo(block)));
        })).ToList();

        await BatchPipeline.RunAsync(LineSource.Open(new MemoryStream(input), options), "input", output, workers, _ => { }, options, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(output.ToArray()).Split('\n');
    }

    /// <summary>A block's lines as the batch sees them: each with its number, its text without CR, or <c>too long</c>.</summary>
    private static string Echo(LineBlock block)
    {
        if (block.LineTooLong)
        {
            return $"{block.FirstLine}: too long\n";
        }

        var text = new StringBuilder();
        var number = block.FirstLine;
        var lines = Encoding.UTF8.GetString(block.Lines.Span).Split('\n');
        var count = lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        foreach (var line in lines.Take(count))
        {
            var trimmed = line.TrimEnd('\r');
            text.Append($"{number++}: {(Encoding.UTF8.GetByteCount(trimmed) > MaxLineBytes ? "too long" : trimmed)}\n");
        }

        return text.ToString();
    }

    [GeneratedRegex("\"evaluatedAt\":\"2026-12-07T13:00:00")]
    private static partial Regex EvaluatedAt();
}
