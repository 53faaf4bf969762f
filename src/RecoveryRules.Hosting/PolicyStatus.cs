using System.Collections.Immutable;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Hosting;

/// <summary>The state of one registered policy: what is in service, and whether its last load succeeded.</summary>
/// <param name="Name">The policy name (given, or the file name without <c>.policy.yaml</c>).</param>
/// <param name="Source">Where it comes from: the file path, or the path given with a string or stream.</param>
/// <param name="Identity">The id, version and hash of the policy in service.</param>
/// <param name="LoadedAt">When the policy in service was loaded (the options' <see cref="TimeProvider"/>).</param>
/// <param name="Diagnostics">The warnings of the policy in service.</param>
/// <param name="FailedReloadDiagnostics">
/// Every diagnostic of the last reload that failed (of the policy, its case mappings or its shadow candidate);
/// empty when the last load of each succeeded.
/// </param>
/// <param name="IsHealthy"><see langword="true"/> when <paramref name="FailedReloadDiagnostics"/> is empty.</param>
/// <param name="Shadow">The identity of the shadow candidate in service, if one is configured.</param>
public sealed record PolicyStatus(
    string Name,
    string Source,
    PolicyIdentity Identity,
    DateTimeOffset LoadedAt,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<Diagnostic> FailedReloadDiagnostics,
    bool IsHealthy,
    PolicyIdentity? Shadow);
