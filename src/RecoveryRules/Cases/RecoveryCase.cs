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
    internal RecoveryCase(RecoveryPolicy owner, BoundPolicy policy, string? id, decimal[] decimals, int[] ordinals, bool[] booleans, string?[] texts, DateTimeOffset? occurredAt, ReadOnlyMemory<byte> given)
    {
        Owner = owner;
        Policy = policy;
        _given = given;
        Id = id;
        Decimals = decimals;
        Ordinals = ordinals;
        Booleans = booleans;
        Texts = texts;
        OccurredAt = occurredAt;
    }

    internal RecoveryCase(RecoveryPolicy owner, BoundPolicy policy, string? id, decimal[] decimals, int[] ordinals, bool[] booleans, string?[] texts, DateTimeOffset? occurredAt, BuiltCaseJson built)
        : this(owner, policy, id, decimals, ordinals, booleans, texts, occurredAt, ReadOnlyMemory<byte>.Empty)
    {
        _built = built;
    }

    private readonly BuiltCaseJson? _built;
    private byte[]? _builtJson;

    /// <summary>The case id, or <c>null</c> when none was given.</summary>
    public string? Id { get; }

    /// <summary>When the failure happened, when the case gave <c>occurredAt</c> instead of <c>delay</c>.</summary>
    public DateTimeOffset? OccurredAt { get; }

    internal BoundPolicy Policy { get; }

    /// <summary>The policy that read the case (its identity and clock go into a decision record of a case error).</summary>
    internal RecoveryPolicy Owner { get; }

    /// <summary>
    /// The case as the caller gave it: the UTF-8 JSON of its object byte for byte (whitespace and escapes
    /// kept; a copy unless the bytes were the library's own), so a decision record can hold it
    /// (docs/auditing.md, "Decision records"). Compacting it waits until a record is written; evaluating
    /// never reads it. A case built in code writes the JSON of its facts only when a record asks for it.
    /// </summary>
    internal ReadOnlyMemory<byte> Given => _built is null ? _given : (_builtJson ??= _built.Write());

    private readonly ReadOnlyMemory<byte> _given;

    internal decimal[] Decimals { get; }

    internal int[] Ordinals { get; }

    internal bool[] Booleans { get; }

    internal string?[] Texts { get; }
}
