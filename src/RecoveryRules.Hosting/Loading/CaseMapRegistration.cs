using System.Collections.Immutable;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Hosting.Loading;

/// <summary>A <c>MapCase&lt;TSource&gt;</c> of the builder, bound to each policy (and candidate) on every load.</summary>
internal abstract class CaseMapRegistration
{
    /// <summary>The host's type.</summary>
    public abstract Type SourceType { get; }

    /// <summary>The slot of this type in a snapshot's mappings (<see cref="MapIndex{TSource}"/>).</summary>
    public abstract int Index { get; }

    /// <summary>Binds the map to <paramref name="policy"/>: the bound mapping, or every diagnostic of why not.</summary>
    public abstract bool TryBind(RecoveryPolicy policy, out object? mapping, out ImmutableArray<Diagnostic> diagnostics);
}

/// <summary>A number per mapped type, so a snapshot finds a type's mapping by array index, not by a dictionary of types.</summary>
internal static class MapIndex
{
    private static int s_next = -1;

    public static int Next() => Interlocked.Increment(ref s_next);
}

/// <summary>The index of <typeparamref name="TSource"/>'s mapping in every snapshot.</summary>
/// <typeparam name="TSource">The host's type.</typeparam>
internal static class MapIndex<TSource>
{
    public static readonly int Value = MapIndex.Next();
}

/// <summary>The map of one host type.</summary>
/// <typeparam name="TSource">The host's type.</typeparam>
internal sealed class CaseMapRegistration<TSource>(CaseMap<TSource> map) : CaseMapRegistration
{
    public override Type SourceType => typeof(TSource);

    public override int Index => MapIndex<TSource>.Value;

    public override bool TryBind(RecoveryPolicy policy, out object? mapping, out ImmutableArray<Diagnostic> diagnostics)
    {
        bool bound = map.TryBind(policy, out CaseMapping<TSource>? typed, out diagnostics);
        mapping = typed;
        return bound;
    }
}
