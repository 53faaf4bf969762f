namespace RecoveryRules.Hosting.Loading;

/// <summary>
/// What the builder collected, one instance per service collection (a second <c>AddRecoveryRules</c> adds to it).
/// Read once, when the engine is first needed.
/// </summary>
internal sealed class RecoveryRulesRegistration
{
    private readonly List<PolicySource> _policies = [];
    private readonly Dictionary<string, ShadowRegistration> _shadows = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<CaseMapRegistration> _maps = [];

    public IReadOnlyList<PolicySource> Policies => _policies;

    public IReadOnlyDictionary<string, ShadowRegistration> Shadows => _shadows;

    public IReadOnlyList<CaseMapRegistration> Maps => _maps;

    public string? DefaultPolicy { get; set; }

    public PolicyWatchOptions? Watch { get; set; }

    public void AddPolicy(PolicySource source) => AddPolicies([source]);

    /// <summary>Adds every source or none: a name used twice (ignoring case) throws before anything is added.</summary>
    public void AddPolicies(IReadOnlyList<PolicySource> sources)
    {
        var seen = _policies.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (PolicySource source in sources)
        {
            if (seen.TryGetValue(source.Name, out PolicySource? other))
            {
                throw new ArgumentException(
                    $"Two policies are named '{source.Name}': '{other.Path}' and '{source.Path}' (policy names ignore case). " +
                    "Give one of them another name: AddPolicyFile(path, name).", nameof(sources));
            }

            seen.Add(source.Name, source);
        }

        _policies.AddRange(sources);
    }

    public void AddShadow(string policyName, PolicySource candidate, double share)
    {
        if (_shadows.TryGetValue(policyName, out ShadowRegistration? other))
        {
            throw new ArgumentException(
                $"The policy '{policyName}' already has the shadow candidate '{other.Candidate.Path}'; '{candidate.Path}' cannot be a second one.",
                nameof(policyName));
        }

        _shadows.Add(policyName, new ShadowRegistration(candidate, share));
    }

    public void AddMap(CaseMapRegistration map)
    {
        if (_maps.Any(m => m.SourceType == map.SourceType))
        {
            throw new ArgumentException(
                $"MapCase<{map.SourceType.Name}> is called twice: a type has one mapping.", nameof(map));
        }

        _maps.Add(map);
    }
}

/// <summary>A shadow candidate of a policy.</summary>
/// <param name="Candidate">The candidate file.</param>
/// <param name="Share">The share of cases it sees.</param>
internal sealed record ShadowRegistration(PolicySource Candidate, double Share);
