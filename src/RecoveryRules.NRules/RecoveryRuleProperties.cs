namespace RecoveryRules.NRules;

/// <summary>
/// The names of the properties the policy's rule carries (<c>IRuleDefinition.Properties</c>), so that NRules'
/// events, agenda and diagnostics tell which policy decided (docs/nrules.md, "Auditing").
/// </summary>
public static class RecoveryRuleProperties
{
    /// <summary>The policy's id (<c>retail-recovery</c>).</summary>
    public const string PolicyId = "recoveryrules.policy.id";

    /// <summary>The policy's version (<c>2026.11</c>).</summary>
    public const string PolicyVersion = "recoveryrules.policy.version";

    /// <summary>The policy's hash, as in every decision (<see cref="PolicyIdentity.Hash"/>).</summary>
    public const string PolicyHash = "recoveryrules.policy.hash";

    /// <summary>The tag every policy rule carries (<c>IRuleDefinition.Tags</c>).</summary>
    public const string Tag = "recoveryrules";
}
