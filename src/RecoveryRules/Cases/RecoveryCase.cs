using RecoveryRules.Binding;

namespace RecoveryRules;

/// <summary>
/// A case read and validated against one policy: its facts already sit in the typed slots the
/// policy's compiled rules read, defaults applied. Immutable and safe to evaluate from many
/// threads. Create one with <see cref="RecoveryPolicy.ReadCase(string)"/> or
/// <see cref="RecoveryPolicy.CreateCase(string?)"/>.
/// </summary>
public sealed class RecoveryCase
{
    internal RecoveryCase(BoundPolicy policy, string? id, decimal[] decimals, int[] ordinals, bool[] booleans, string?[] texts, DateTimeOffset? occurredAt)
    {
        Policy = policy;
        Id = id;
        Decimals = decimals;
        Ordinals = ordinals;
        Booleans = booleans;
        Texts = texts;
        OccurredAt = occurredAt;
    }

    /// <summary>The case id, or <c>null</c> when none was given.</summary>
    public string? Id { get; }

    /// <summary>When the failure happened, when the case gave <c>occurredAt</c> instead of <c>delay</c>.</summary>
    public DateTimeOffset? OccurredAt { get; }

    internal BoundPolicy Policy { get; }

    internal decimal[] Decimals { get; }

    internal int[] Ordinals { get; }

    internal bool[] Booleans { get; }

    internal string?[] Texts { get; }
}
