using System.Collections.Concurrent;

namespace RecoveryRules.Cli.Batch;

/// <summary>Recycles <see cref="CaseChunk"/>s; how many exist at once is bounded by the batch's channels, not by this pool.</summary>
internal sealed class ChunkPool
{
    private readonly ConcurrentQueue<CaseChunk> _free = new();

    public ChunkPool(int chunkBytes)
    {
        ChunkBytes = chunkBytes;
    }

    /// <summary>The input size of a fresh chunk.</summary>
    public int ChunkBytes { get; }

    public CaseChunk Rent() => _free.TryDequeue(out var chunk) ? chunk : new CaseChunk(ChunkBytes);

    public void Return(CaseChunk chunk)
    {
        if (chunk.Output.Capacity > ChunkBytes * 32 || chunk.RecordsCapacity > ChunkBytes * 32)
        {
            // Output or records grown for unusually large results (long explanations) are left to the collector.
            return;
        }

        chunk.Reset();
        if (chunk.Input.Length > ChunkBytes * 4)
        {
            // A chunk grown for one long line goes back to the ordinary size.
            chunk.Input = new byte[ChunkBytes];
        }

        _free.Enqueue(chunk);
    }
}
