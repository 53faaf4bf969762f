namespace RecoveryRules.Cli.Batch;

/// <summary>How a batch of cases is cut into chunks and evaluated; the defaults suit a JSON Lines file of any size.</summary>
internal sealed record BatchOptions
{
    /// <summary>All cores, 256 KiB chunks, lines up to 16 MiB, documents up to 64 MiB.</summary>
    public static BatchOptions Default { get; } = new();

    /// <summary>How many chunks are evaluated at once; the number of cores by default.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>How many bytes of input a chunk holds (it is cut at the last line end, so it holds whole lines).</summary>
    public int ChunkBytes { get; init; } = 256 * 1024;

    /// <summary>The longest line (one case) accepted; a longer line is a case error and is skipped without being held.</summary>
    public int MaxLineBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The largest single JSON document accepted (<c>--case</c>, or standard input that is not JSON Lines).</summary>
    public int MaxDocumentBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>How many chunks may be read ahead of the output; with the chunk size this bounds the memory a batch uses.</summary>
    public int ChunksInFlight => Math.Max(2, Workers * 4);
}
