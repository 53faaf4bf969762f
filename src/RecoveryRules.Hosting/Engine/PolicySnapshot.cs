using System.Collections.Immutable;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Hosting.Engine;

/// <summary>
/// What one policy name serves at one moment: the compiled policy, every case mapping bound to it, and the shadow
/// candidate with its own mappings. Immutable; a reload publishes a new one (docs/embedding.md, "Reload").
/// </summary>
internal sealed record PolicySnapshot
{
    public required RecoveryPolicy Policy { get; init; }

    /// <summary>The bound mappings by <see cref="Loading.MapIndex{TSource}"/>; null where a type has none.</summary>
    public required object?[] Mappings { get; init; }

    public required DateTimeOffset LoadedAt { get; init; }

    /// <summary>The warnings of <see cref="Policy"/>.</summary>
    public required ImmutableArray<Diagnostic> Warnings { get; init; }

    public ShadowCandidate? Shadow { get; init; }

    /// <summary>The errors of the last reload of the policy file, if it failed.</summary>
    public ImmutableArray<Diagnostic> PolicyFailure { get; init; } = [];

    /// <summary>The errors of the last reload of the shadow candidate file, if it failed.</summary>
    public ImmutableArray<Diagnostic> ShadowFailure { get; init; } = [];

    public bool IsHealthy => PolicyFailure.IsEmpty && ShadowFailure.IsEmpty;

    public object? Mapping(int index) => (uint)index < (uint)Mappings.Length ? Mappings[index] : null;
}

/// <summary>A shadow candidate in service: its policy, its mappings, and which cases it sees.</summary>
internal sealed record ShadowCandidate(RecoveryPolicy Policy, object?[] Mappings, ShadowSampler Sampler)
{
    public object? Mapping(int index) => (uint)index < (uint)Mappings.Length ? Mappings[index] : null;
}
