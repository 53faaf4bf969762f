using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Symbols;
using RecoveryRules.Text;

namespace RecoveryRules;

/// <summary>
/// Checks a <see cref="CaseMap{TSource}"/> against a policy's facts (RR0600–RR0603, each located at the fact's
/// declaration in the policy where there is one) and, when it fits, compiles it (docs/embedding.md, "Typed case mapping").
/// </summary>
internal static class CaseMapBinder
{
    public static bool TryBind<TSource>(CaseMap<TSource> map, RecoveryPolicy policy, out CaseMapping<TSource>? mapping, out ImmutableArray<Diagnostic> diagnostics)
    {
        var bound = policy.Bound;
        var facts = bound.Facts.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var path = PolicyPath(bound);
        var found = ImmutableArray.CreateBuilder<Diagnostic>();
        var targets = new List<MappedTarget>(map.Mapped.Length);
        foreach (var mapped in map.Mapped)
        {
            if (mapped.Name is MappedFact.IdName or MappedFact.OccurredAtName)
            {
                var fits = mapped.Kind == MappedValueKind.Text || (mapped.Name == MappedFact.OccurredAtName && mapped.Kind == MappedValueKind.Timestamp);
                if (!fits)
                {
                    var (what, accepted) = mapped.Name == MappedFact.IdName
                        ? ("the case id (text)", "a string (Id(t => …))")
                        : ("the moment of the failure", "a DateTimeOffset (OccurredAt(t => …)) or a string such as \"2026-11-22T08:00:00+01:00\"");
                    found.Add(Diagnostic.Create(RecoveryDiagnostics.MappedTypeMismatch, new SourceLocation(path, default), mapped.Name, what, mapped.Expression, mapped.TypeDescription, accepted));
                    continue;
                }

                targets.Add(new MappedTarget(mapped, null));
                continue;
            }

            if (!facts.TryGetValue(mapped.Name, out var fact))
            {
                found.Add(Diagnostic.Create(RecoveryDiagnostics.UndeclaredMappedFact, new SourceLocation(path, default),
                    mapped.Name, mapped.Expression, bound.Id, Suggestions.DidYouMean(mapped.Name, facts.Keys), string.Join(", ", policy.Facts)));
                continue;
            }

            var location = Location(fact, path);
            if (!Converts(mapped.Kind, fact.Type.Kind))
            {
                found.Add(Diagnostic.Create(RecoveryDiagnostics.MappedTypeMismatch, location,
                    fact.Name, fact.Type, mapped.Expression, mapped.TypeDescription, Accepted(fact.Type)));
                continue;
            }

            if (mapped.Members is { } members)
            {
                var vocabulary = fact.Type.Vocabulary!;
                var unknown = members.Names.Where(name => MemberOrdinal(vocabulary, name) < 0).ToList();
                foreach (var name in unknown)
                {
                    found.Add(Diagnostic.Create(RecoveryDiagnostics.UnknownEnumMember, location,
                        mapped.Expression, fact.Name, members.Type.Name, name, vocabulary.Description,
                        Suggestions.DidYouMean(name, vocabulary.Members), string.Join(", ", vocabulary.Members)));
                }

                if (unknown.Count > 0)
                {
                    continue;
                }
            }

            targets.Add(new MappedTarget(mapped, fact));
        }

        var names = map.Mapped.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var fact in bound.Facts)
        {
            if (fact.HasDefault || names.Contains(fact.Name) || (fact.Name == "delay" && names.Contains(MappedFact.OccurredAtName)))
            {
                continue;
            }

            found.Add(Diagnostic.Create(RecoveryDiagnostics.UnmappedRequiredFact, Location(fact, path),
                fact.Name, bound.Id, typeof(TSource).Name, HowToMap(fact.Name)));
        }

        diagnostics = found.ToImmutable();
        if (diagnostics.Any(d => d.IsError))
        {
            mapping = null;
            return false;
        }

        // The id first, as a JSON case's id is read before its other fields; the rest in the order mapped.
        var ordered = targets.OrderBy(t => t.Mapped.Name == MappedFact.IdName ? 0 : 1).ToImmutableArray();
        mapping = new CaseMapping<TSource>(policy, map, new CompiledCaseMap<TSource>(policy, ordered));
        return true;
    }

    /// <summary>Whether a value of this kind can be what the same case written as JSON gives the fact (docs/embedding.md, "Typed case mapping").</summary>
    private static bool Converts(MappedValueKind kind, TypeKind fact) => (kind, fact) switch
    {
        (MappedValueKind.Text, TypeKind.Member or TypeKind.Text or TypeKind.Money or TypeKind.Duration) => true,
        (MappedValueKind.Enum, TypeKind.Member) => true,
        (MappedValueKind.Number, TypeKind.Number or TypeKind.Money) => true,
        (MappedValueKind.Boolean, TypeKind.Bool) => true,
        (MappedValueKind.Duration, TypeKind.Duration) => true,
        _ => false,
    };

    private static string Accepted(PolicyType type) => type.Kind switch
    {
        TypeKind.Member => "a string naming a member, or an enum whose names are the members",
        TypeKind.Text => "a string",
        TypeKind.Money => $"a decimal, int or long (an amount in {type.Currency}), or a string such as \"80 {type.Currency}\"",
        TypeKind.Number => "a decimal, int or long",
        TypeKind.Duration => "a TimeSpan, or a string such as \"3h\" or \"PT3H\"",
        TypeKind.Bool => "a bool",
        _ => "a value of its type",
    };

    private static string HowToMap(string fact) => fact switch
    {
        "severity" => " (Severity(t => …))",
        "channel" => " (Channel(t => …))",
        "delay" => " (Delay(t => …) or OccurredAt(t => …))",
        _ => $" (Fact(\"{fact}\", t => …))",
    };

    /// <summary>The member an enum name matches: the same name, or else the same ignoring case; -1 for none.</summary>
    internal static int MemberOrdinal(Vocabulary vocabulary, string name)
    {
        if (vocabulary.TryGetOrdinal(name, out var exact))
        {
            return exact;
        }

        var members = vocabulary.Members;
        for (var i = 0; i < members.Length; i++)
        {
            if (string.Equals(members[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Where a fact is declared; a built-in fact (declared by no line of the file) points at the policy file's start.</summary>
    private static SourceLocation Location(FactSymbol fact, string path) =>
        fact.Location.Path.Length > 0 || fact.Location.Span != default ? fact.Location : new SourceLocation(path, default);

    /// <summary>The path the policy was compiled from, as its declarations' locations give it.</summary>
    private static string PolicyPath(Binding.BoundPolicy policy) =>
        policy.Facts.Select(f => f.Location.Path)
            .Concat(policy.Rules.Select(r => r.Location.Path))
            .Concat(policy.Sites.Select(s => s.Location.Path))
            .FirstOrDefault(p => p.Length > 0) ?? string.Empty;
}

/// <summary>A mapped fact and the policy's fact it writes (<see langword="null"/> for the id and <c>occurredAt</c>).</summary>
internal sealed record MappedTarget(MappedFact Mapped, FactSymbol? Fact);
