using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using RecoveryRules.Diagnostics;

namespace RecoveryRules;

/// <summary>
/// How a host's own type (a CRM ticket) becomes a case: policy-independent, immutable, made once with
/// <see cref="Create"/>. Bind it to each policy (and again after every reload) with <see cref="Bind"/> or
/// <see cref="TryBind"/>: binding checks it against the policy's facts and compiles it to direct writes into
/// the case's slots (docs/embedding.md, "Typed case mapping").
/// </summary>
/// <typeparam name="TSource">The host's type.</typeparam>
public sealed class CaseMap<TSource>
{
    private CaseMap(ImmutableArray<MappedFact> mapped)
    {
        Mapped = mapped;
        Facts = [.. mapped.Where(f => f.Name != MappedFact.IdName).Select(f => f.Name)];
    }

    /// <summary>The facts mapped (including <c>occurredAt</c>, not the id), in the order mapped.</summary>
    public ImmutableArray<string> Facts { get; }

    internal ImmutableArray<MappedFact> Mapped { get; }

    /// <summary>Makes a case map.</summary>
    /// <param name="configure">Maps the facts (<c>m =&gt; m.Severity(t =&gt; t.Priority).Fact("orderValue", t =&gt; t.Order.Total)</c>).</param>
    /// <returns>The map.</returns>
    /// <exception cref="ArgumentException">A fact is mapped twice.</exception>
    public static CaseMap<TSource> Create(Action<CaseMapBuilder<TSource>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new CaseMapBuilder<TSource>();
        configure(builder);
        return new CaseMap<TSource>([.. builder.Facts]);
    }

    /// <summary>
    /// Checks the map against <paramref name="policy"/>'s facts and, when it fits, compiles it: a required fact
    /// left unmapped, a mapped fact the policy does not declare, a type that cannot convert to its fact and an
    /// enum name that is no member are each an error diagnostic naming the fact and the mapping (RR0600–RR0609).
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="mapping">The bound mapping, when there is no error.</param>
    /// <param name="diagnostics">Every problem found.</param>
    /// <returns>Whether the map was bound.</returns>
    public bool TryBind(RecoveryPolicy policy, [NotNullWhen(true)] out CaseMapping<TSource>? mapping, out ImmutableArray<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return CaseMapBinder.TryBind(this, policy, out mapping, out diagnostics);
    }

    /// <summary>Checks the map against <paramref name="policy"/>'s facts and compiles it.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The bound mapping.</returns>
    /// <exception cref="PolicyCompilationException">The map does not fit the policy; holds every diagnostic.</exception>
    public CaseMapping<TSource> Bind(RecoveryPolicy policy) =>
        TryBind(policy, out var mapping, out var diagnostics) ? mapping : throw new PolicyCompilationException(diagnostics);
}
