using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Hosting.Loading;

namespace RecoveryRules.Hosting.Engine;

/// <summary>
/// One policy name: the snapshot in service, swapped whole by a reload (docs/embedding.md, "Reload"). Readers take
/// <see cref="Current"/> once per evaluation; reloads of the same name run one at a time.
/// </summary>
internal sealed class PolicySlot
{
    private readonly PolicyCatalog _catalog;
    private readonly RecoveryPolicyOptions _policyOptions;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _reloadGate = new();
    private PolicySnapshot? _current;

    public PolicySlot(PolicyCatalog catalog, PolicySource source, ShadowRegistration? shadow, RecoveryPolicyOptions policyOptions, TimeProvider timeProvider)
    {
        _catalog = catalog;
        Source = source;
        Shadow = shadow;
        _policyOptions = policyOptions;
        _timeProvider = timeProvider;
    }

    public string Name => Source.Name;

    public PolicySource Source { get; }

    public ShadowRegistration? Shadow { get; }

    /// <summary>The snapshot in service now.</summary>
    public PolicySnapshot Current => Volatile.Read(ref _current)!;

    public void Publish(PolicySnapshot snapshot) => Volatile.Write(ref _current, snapshot);

    public PolicyStatus Status()
    {
        PolicySnapshot snapshot = Current;
        return new PolicyStatus(
            Name,
            Source.Path,
            snapshot.Policy.Identity,
            snapshot.LoadedAt,
            snapshot.Warnings,
            snapshot.PolicyFailure.AddRange(snapshot.ShadowFailure),
            snapshot.IsHealthy,
            snapshot.Shadow?.Policy.Identity);
    }

    /// <summary>
    /// Compiles the policy file again and binds every mapping; puts it in service only if both succeed. Otherwise the
    /// last good policy stays, every diagnostic is logged and the slot reports unhealthy until a good edit.
    /// </summary>
    public void ReloadPolicy()
    {
        lock (_reloadGate)
        {
            PolicySnapshot current = Current;
            if (!_catalog.TryCompileAndBind(Source, _policyOptions, out RecoveryPolicy? policy, out object?[]? mappings,
                    out ImmutableArray<Diagnostic> warnings, out ImmutableArray<Diagnostic> errors, out _))
            {
                ReportFailure(Source, current, errors);
                Publish(current with { PolicyFailure = errors });
                return;
            }

            string oldHash = current.Policy.Identity.Hash;
            if (policy.Identity.Hash == oldHash && current.PolicyFailure.IsEmpty)
            {
                // The same policy (touched, or an .editorconfig changed that decides nothing, docs/policy-language.md §16):
                // the policy in service stays, with its load time, and nothing is logged or counted as a reload. Only
                // when the warnings differ (a severity changed) does a snapshot with the new ones replace it.
                RefreshWarnings(current, warnings);
                return;
            }

            Publish(current with
            {
                Policy = policy,
                Mappings = mappings,
                Warnings = warnings,
                LoadedAt = _timeProvider.GetUtcNow(),
                PolicyFailure = [],
            });
            Reported(policy, oldHash, warnings);
        }
    }

    /// <summary>Compiles the shadow candidate file again; as <see cref="ReloadPolicy"/>, the last good candidate stays on failure.</summary>
    public void ReloadShadow()
    {
        if (Shadow is null)
        {
            return;
        }

        lock (_reloadGate)
        {
            PolicySnapshot current = Current;
            if (!_catalog.TryCompileAndBind(Shadow.Candidate, _policyOptions, out RecoveryPolicy? policy, out object?[]? mappings,
                    out ImmutableArray<Diagnostic> warnings, out ImmutableArray<Diagnostic> errors, out _))
            {
                ReportFailure(Shadow.Candidate, current, errors);
                Publish(current with { ShadowFailure = errors });
                return;
            }

            string oldHash = current.Shadow?.Policy.Identity.Hash ?? "";
            if (policy.Identity.Hash == oldHash && current.ShadowFailure.IsEmpty)
            {
                return;
            }

            Publish(current with
            {
                Shadow = new ShadowCandidate(policy, mappings, current.Shadow?.Sampler ?? new ShadowSampler(Shadow.Share)),
                ShadowFailure = [],
            });
            Reported(policy, oldHash, warnings);
        }
    }

    private void RefreshWarnings(PolicySnapshot current, ImmutableArray<Diagnostic> warnings)
    {
        if (SameDiagnostics(current.Warnings, warnings))
        {
            return;
        }

        Publish(current with { Warnings = warnings });
        HashSet<string> before = [.. current.Warnings.Select(d => d.ToString())];
        foreach (Diagnostic warning in warnings)
        {
            if (!before.Contains(warning.ToString()))
            {
                Log.PolicyDiagnostic(_catalog.Logger, Name, warning);
            }
        }
    }

    private static bool SameDiagnostics(ImmutableArray<Diagnostic> left, ImmutableArray<Diagnostic> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (int i = 0; i < left.Length; i++)
        {
            if (!string.Equals(left[i].ToString(), right[i].ToString(), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private void Reported(RecoveryPolicy policy, string oldHash, ImmutableArray<Diagnostic> warnings)
    {
        Log.PolicyReloaded(_catalog.Logger, Name, oldHash, policy.Identity.Hash);
        foreach (Diagnostic warning in warnings)
        {
            Log.PolicyDiagnostic(_catalog.Logger, Name, warning);
        }

        _catalog.Instrumentation.Reloaded(Name, policy.Identity);
    }

    private void ReportFailure(PolicySource source, PolicySnapshot current, ImmutableArray<Diagnostic> errors)
    {
        Log.PolicyReloadFailed(_catalog.Logger, Name, source.Path, errors.Length, current.Policy.Identity.Hash);
        foreach (Diagnostic error in errors)
        {
            Log.PolicyDiagnostic(_catalog.Logger, Name, error);
        }

        _catalog.Instrumentation.ReloadFailed(Name);
    }
}
