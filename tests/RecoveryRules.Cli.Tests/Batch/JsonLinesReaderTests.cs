using System.Text;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Tests.Batch;

public sealed class JsonLinesReaderTests
{
    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(7)]
    [InlineData(1)]
    public async Task Blocks_hold_whole_lines_numbered_from_one_whatever_the_reads_return(int bytesPerRead)
    {
        var lines = Enumerable.Range(1, 300).Select(i => $"{{\"n\": {i}, \"pad\": \"{new string('p', i % 37)}\"}}").ToList();
        var text = string.Join('\n', lines); // the last line has no line end

        var chunks = await ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), bytesPerRead), chunkBytes: 256, maxLineBytes: 1024);

        chunks.SelectMany(chunk => chunk.Lines).Should().Equal(lines);
        foreach (var chunk in chunks)
        {
            chunk.FirstLine.Should().Be(lines.IndexOf(chunk.Lines[0]) + 1);
        }
    }

    [Fact]
    public async Task A_byte_order_mark_at_the_start_is_dropped()
    {
        var chunks = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes("\uFEFF{\"a\": 1}\n{\"b\": 2}\n")), chunkBytes: 64, maxLineBytes: 1024);

        chunks.SelectMany(chunk => chunk.Lines).Should().Equal("{\"a\": 1}", "{\"b\": 2}");
    }

    [Fact]
    public async Task A_line_longer_than_a_read_is_held_whole()
    {
        var longLine = new string('x', 1000);
        var chunks = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes($"a\n{longLine}\nb\n")), chunkBytes: 64, maxLineBytes: 4096);

        chunks.SelectMany(chunk => chunk.Lines).Should().Equal("a", longLine, "b");
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_becomes_one_marked_block_and_reading_goes_on()
    {
        var tooLong = new string('x', 5000);
        var chunks = await ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes($"a\n{tooLong}\nb\nc"), 100), chunkBytes: 64, maxLineBytes: 1000);

        chunks.Where(chunk => chunk.LineTooLong).Should().ContainSingle().Which.FirstLine.Should().Be(2);
        chunks.Where(chunk => !chunk.LineTooLong).SelectMany(chunk => chunk.Lines).Should().Equal("a", "b", "c");
        chunks.Last(chunk => !chunk.LineTooLong && chunk.Lines.Contains("b")).FirstLine.Should().BeLessThanOrEqualTo(3);
    }

    [Fact]
    public async Task An_empty_input_gives_no_block()
    {
        var chunks = await ReadAllAsync(new MemoryStream(), chunkBytes: 64, maxLineBytes: 1024);

        chunks.Should().BeEmpty();
    }

    private static async Task<List<ChunkContent>> ReadAllAsync(Stream input, int chunkBytes, int maxLineBytes)
    {
        var reader = new JsonLinesReader(JsonLinesReader.Create(input, new BatchOptions { ChunkBytes = chunkBytes }), maxLineBytes);
        var chunks = new List<ChunkContent>();
        var chunk = new LineBlock();
        while (await reader.ReadAsync(chunk, CancellationToken.None))
        {
            var text = Encoding.UTF8.GetString(chunk.Lines.Span);
            var lines = text.Split('\n').ToList();
            if (lines.Count > 1 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            chunks.Add(new ChunkContent(chunk.FirstLine, chunk.LineTooLong, chunk.LineTooLong ? [] : lines));
            chunk.Reset(chunkBytes);
        }

        return chunks;
    }

    private sealed record ChunkContent(long FirstLine, bool LineTooLong, List<string> Lines);
}
