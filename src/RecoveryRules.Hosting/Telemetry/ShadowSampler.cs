using System.Text;

namespace RecoveryRules.Hosting;

/// <summary>
/// Decides which live cases a shadow policy sees (docs/embedding.md, "Shadow"). A case with an id is chosen by a stable
/// hash of the id (32-bit FNV-1a over its UTF-8 bytes, then a final mix), so the same id gets the same answer in every
/// process and run; a case without an id by a random draw (<see cref="Random.Shared"/>, one generator per thread).
/// A share of 0 includes no case, 1 every case. Thread-safe.
/// </summary>
internal sealed class ShadowSampler
{
    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>Hashes below this include the case: <see cref="Share"/> × 2³².</summary>
    private readonly ulong _threshold;

    /// <summary>Creates a sampler that includes <paramref name="share"/> of the cases.</summary>
    /// <param name="share">The share of cases, from 0 (none) to 1 (all).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="share"/> is not a number from 0 to 1.</exception>
    public ShadowSampler(double share)
    {
        if (double.IsNaN(share) || share < 0 || share > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The shadow share must be a number from 0 (no case) to 1 (every case).");
        }

        Share = share;
        _threshold = (ulong)Math.Round(share * 4294967296.0);
    }

    /// <summary>The share of cases included, from 0 to 1.</summary>
    public double Share { get; }

    /// <summary>Whether the shadow policy evaluates this case.</summary>
    /// <param name="caseId">The case id, or <c>null</c> (or empty) when the case has none.</param>
    /// <returns>Always the same answer for the same id; for no id, <c>true</c> with probability <see cref="Share"/>.</returns>
    public bool Includes(string? caseId)
    {
        if (_threshold == 0)
        {
            return false;
        }

        if (Share >= 1)
        {
            return true;
        }

        if (string.IsNullOrEmpty(caseId))
        {
            return Random.Shared.NextDouble() < Share;
        }

        return Hash(caseId) < _threshold;
    }

    /// <summary>The stable hash of a case id: FNV-1a over its UTF-8 bytes (an unpaired surrogate as U+FFFD, as <see cref="Encoding.UTF8"/> writes it), then the murmur3 finalizer so that ids differing in one character spread over the whole range.</summary>
    /// <param name="caseId">The case id.</param>
    /// <returns>The hash.</returns>
    internal static uint Hash(string caseId)
    {
        var hash = FnvOffsetBasis;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in caseId.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
            {
                hash = (hash ^ utf8[i]) * FnvPrime;
            }
        }

        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35;
        hash ^= hash >> 16;
        return hash;
    }
}
