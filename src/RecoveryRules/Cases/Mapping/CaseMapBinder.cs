using System.Collections.Immutable;
using RecoveryRules.Diagnostics;

namespace RecoveryRules;

/// <summary>Checks a <see cref="CaseMap{TSource}"/> against a policy's facts and compiles it (docs/embedding.md, "Typed case mapping").</summary>
internal static class CaseMapBinder
{
    public static bool TryBind<TSource>(CaseMap<TSource> map, RecoveryPolicy policy, out CaseMapping<TSource>? mapping, out ImmutableArray<Diagnostic> diagnostics)
    {
        // Provisional: the checks and the compiled writer follow.
        diagnostics = [];
        mapping = new CaseMapping<TSource>(policy, map, new CompiledCaseMap<TSource>(policy, map));
        return true;
    }
}
