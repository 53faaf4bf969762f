using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using RecoveryRules.Diagnostics;
using RecoveryRules.Hosting.Loading;
using RecoveryRules.Yaml;

namespace RecoveryRules.Hosting.Engine;

/// <summary>
/// Every registered policy, compiled and bound once when the host starts (<see cref="EnsureLoaded"/>, called by
/// the options validation, so a problem stops the host with every diagnostic), then one <see cref="PolicySlot"/>
/// per name that reloads swap. Thread-safe.
/// </summary>
internal sealed class PolicyCatalog
{
    private readonly RecoveryRulesRegistration _registration;
    private readonly Lock _gate = new();
    private Loaded? _loaded;
    private PolicyReaderOptions _readerOptions = PolicyReaderOptions.Default;

    public PolicyCatalog(RecoveryRulesRegistration registration, RecoveryRulesInstrumentation instrumentation, ILoggerFactory loggerFactory)
    {
        _registration = registration;
        Instrumentation = instrumentation;
        Logger = loggerFactory.CreateLogger("RecoveryRules.Hosting");
    }

    public RecoveryRulesInstrumentation Instrumentation { get; }

    public ILogger Logger { get; }

    public RecoveryRulesRegistration Registration => _registration;

    /// <summary>The slots in registration order; only after a successful <see cref="EnsureLoaded"/>.</summary>
    public ImmutableArray<PolicySlot> Slots => Require().Slots;

    public FrozenDictionary<string, PolicySlot> ByName => Require().ByName;

    public PolicySlot Default => Require().Default!;

    public RecoveryRulesOptions Options => Require().Options;

    /// <summary>
    /// Compiles every policy and candidate and binds every mapping, the first time (later calls return the first
    /// answer): every error as <c>path(line,col): error RRnnnn: message</c>, empty when all is in service.
    /// </summary>
    public ImmutableArray<string> EnsureLoaded(RecoveryRulesOptions options)
    {
        lock (_gate)
        {
            _loaded ??= Load(options);
            return _loaded.Failures;
        }
    }

    private Loaded Require()
    {
        Loaded? loaded = Volatile.Read(ref _loaded);
        if (loaded is null || !loaded.Failures.IsEmpty)
        {
            throw new InvalidOperationException("The policies are not loaded: resolve IRecoveryEngine (or start the host) first.");
        }

        return loaded;
    }

    private Loaded Load(RecoveryRulesOptions options)
    {
        var failures = ImmutableArray.CreateBuilder<string>();
        var policyOptions = new RecoveryPolicyOptions { TimeProvider = options.TimeProvider };
        Volatile.Write(ref _readerOptions, options.ReaderOptions);
        IReadOnlyList<PolicySource> sources = _registration.Policies;
        if (sources.Count == 0)
        {
            failures.Add("error: no policy is registered: call AddPolicyFile, AddPolicyFolder, AddPolicyText or AddPolicyStream in AddRecoveryRules.");
        }

        string[] names = [.. sources.Select(s => s.Name)];
        foreach (string shadowed in _registration.Shadows.Keys.Where(n => !names.Contains(n, StringComparer.OrdinalIgnoreCase)))
        {
            failures.Add($"error: AddShadowPolicy(\"{shadowed}\", …): no policy is named '{shadowed}'{Known(names)}.");
        }

        if (_registration.DefaultPolicy is { } defaultName && !names.Contains(defaultName, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"error: UseDefaultPolicy(\"{defaultName}\"): no policy is named '{defaultName}'{Known(names)}.");
        }

        var slots = ImmutableArray.CreateBuilder<PolicySlot>(sources.Count);
        DateTimeOffset now = options.TimeProvider.GetUtcNow();
        foreach (PolicySource source in sources)
        {
            _registration.Shadows.TryGetValue(source.Name, out ShadowRegistration? shadow);
            var slot = new PolicySlot(this, source, shadow, policyOptions, options.TimeProvider);
            if (!TryCompileAndBind(source, policyOptions, out RecoveryPolicy? policy, out object?[]? mappings, out ImmutableArray<Diagnostic> warnings, out ImmutableArray<Diagnostic> errors, out string? readFailure))
            {
                AddFailures(failures, errors, readFailure);
                continue;
            }

            ShadowCandidate? candidate = null;
            if (shadow is not null)
            {
                if (!TryCompileAndBind(shadow.Candidate, policyOptions, out RecoveryPolicy? candidatePolicy, out object?[]? candidateMappings, out _, out errors, out readFailure))
                {
                    AddFailures(failures, errors, readFailure);
                    continue;
                }

                candidate = new ShadowCandidate(candidatePolicy, candidateMappings, new ShadowSampler(shadow.Share));
            }

            slot.Publish(new PolicySnapshot
            {
                Policy = policy,
                Mappings = mappings,
                LoadedAt = now,
                Warnings = warnings,
                Shadow = candidate,
            });
            slots.Add(slot);
        }

        if (failures.Count > 0)
        {
            return new Loaded(failures.ToImmutable(), [], FrozenDictionary<string, PolicySlot>.Empty, null, options);
        }

        ImmutableArray<PolicySlot> all = slots.ToImmutable();
        FrozenDictionary<string, PolicySlot> byName = all.ToFrozenDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        PolicySlot first = _registration.DefaultPolicy is { } name ? byName[name] : all[0];
        foreach (PolicySlot slot in all)
        {
            PolicySnapshot snapshot = slot.Current;
            PolicyIdentity identity = snapshot.Policy.Identity;
            Log.PolicyLoaded(Logger, slot.Name, slot.Source.Path, identity.Id, identity.Version, identity.Hash);
            foreach (Diagnostic warning in snapshot.Warnings)
            {
                Log.PolicyDiagnostic(Logger, slot.Name, warning);
            }
        }

        return new Loaded([], all, byName, first, options);
    }

    /// <summary>Compiles a source and binds every registered mapping to it; all or nothing.</summary>
    public bool TryCompileAndBind(
        PolicySource source,
        RecoveryPolicyOptions policyOptions,
        [NotNullWhen(true)] out RecoveryPolicy? policy,
        [NotNullWhen(true)] out object?[]? mappings,
        out ImmutableArray<Diagnostic> warnings,
        out ImmutableArray<Diagnostic> errors,
        out string? readFailure)
    {
        mappings = null;
        PolicyLoad load = source.Compile(policyOptions, Volatile.Read(ref _readerOptions));
        readFailure = load.ReadFailure;
        errors = load.Errors;
        warnings = load.Result is null ? [] : [.. load.Result.Diagnostics.Where(d => !d.IsError)];
        policy = load.Result?.Policy;
        if (policy is null)
        {
            return false;
        }

        IReadOnlyList<CaseMapRegistration> maps = _registration.Maps;
        object?[] bound = new object?[maps.Count == 0 ? 0 : maps.Max(m => m.Index) + 1];
        var bindErrors = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (CaseMapRegistration map in maps)
        {
            if (map.TryBind(policy, out object? mapping, out ImmutableArray<Diagnostic> diagnostics))
            {
                bound[map.Index] = mapping;
            }
            else
            {
                bindErrors.AddRange(diagnostics.Where(d => d.IsError));
            }
        }

        if (bindErrors.Count > 0)
        {
            errors = bindErrors.ToImmutable();
            policy = null;
            return false;
        }

        mappings = bound;
        return true;
    }

    private static void AddFailures(ImmutableArray<string>.Builder failures, ImmutableArray<Diagnostic> errors, string? readFailure)
    {
        if (readFailure is not null)
        {
            failures.Add(readFailure);
        }

        foreach (Diagnostic error in errors)
        {
            failures.Add(error.ToString());
        }
    }

    private static string Known(string[] names) =>
        names.Length == 0 ? " (no policy is registered)" : $"; the policies are: {string.Join(", ", names)}";

    private sealed record Loaded(
        ImmutableArray<string> Failures,
        ImmutableArray<PolicySlot> Slots,
        FrozenDictionary<string, PolicySlot> ByName,
        PolicySlot? Default,
        RecoveryRulesOptions Options);
}
