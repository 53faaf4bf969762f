namespace RecoveryRules.Cli.Batch;

/// <summary>How a batch of cases is cut into chunks and evaluated; the defaults suit a JSON Lines file of any size.</summary>
internal sealed record BatchOptions
{
    /// <summary>All cores, 256 KiB reads cut into blocks of about 512 KiB of output, lines up to 16 MiB, documents up to 64 MiB.</summary>
    public static BatchOptions Default { get; } = new();

    /// <summary>How many chunks are evaluated at once; the number of cores by default.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>How many bytes of input one read asks for (the input pipe's buffer); a read is cut into blocks of whole lines.</summary>
    public int ChunkBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// How many bytes of input a block handed to a worker holds at most (cut at the last line end within them, so it holds
    /// whole lines; a line longer than this is a block of its own).
    /// </summary>
    public int BlockBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// About how many bytes of output a block should give, so that it stays in the worker's cache until it is written
    /// (docs/design.md §39): the blocks are cut to this many bytes of input times the input per output byte of the blocks so
    /// far (at least 4 KiB, at most <see cref="BlockBytes"/>); 0 for blocks of <see cref="BlockBytes"/>.
    /// </summary>
    public int BlockOutputBytes { get; init; } = 512 * 1024;

    /// <summary>The longest line (one case) accepted; a longer line is a case error and is skipped without being held.</summary>
    public int MaxLineBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The largest single JSON document accepted (<c>--case</c>, or standard input that is not JSON Lines).</summary>
    public int MaxDocumentBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>How many blocks may be read ahead of the output; with the block size this bounds the memory a batch uses.</summary>
    public int ChunksInFlight => Math.Max(2, Workers * 8);
}
