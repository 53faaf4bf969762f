using System.Collections.Immutable;

namespace RecoveryRules.Yaml.Reading;

/// <summary>
/// The keys the reader accepts in each mapping of a policy (docs/policy-language.md §1), in the order
/// its "Expected one of" messages list them. The reader reads with these tables and nothing else, and
/// the schema tests compare schema/recoveryrules.policy.schema.json with them, so the schema cannot
/// drift from what the reader accepts.
/// </summary>
internal static class PolicyKeys
{
    /// <summary>The top level of a policy.</summary>
    public static readonly ImmutableArray<string> Policy =
        ["policy", "version", "description", "currency", "scales", "channels", "facts", "define", "combine", "diagnostics", "rules", "otherwise"];

    /// <summary>A rule.</summary>
    public static readonly ImmutableArray<string> Rule = ["id", "description", "priority", "when", "stop", "suppress", "then"];

    /// <summary>A rule's <c>then</c> and the policy's <c>otherwise</c>.</summary>
    public static readonly ImmutableArray<string> Decision = ["compensate", "escalate", "empower", "note"];

    /// <summary>A compensation item in its mapping form.</summary>
    public static readonly ImmutableArray<string> Item = ["kind", "amount", "note"];

    /// <summary><c>escalate</c> in its mapping form.</summary>
    public static readonly ImmutableArray<string> Escalation = ["to", "within"];

    /// <summary><c>empower</c>.</summary>
    public static readonly ImmutableArray<string> Empowerment = ["role", "limit", "actions"];

    /// <summary>A fact in its mapping form.</summary>
    public static readonly ImmutableArray<string> Fact = ["type", "default", "oneOf"];

    /// <summary><c>combine</c>.</summary>
    public static readonly ImmutableArray<string> Combine = ["compensation", "cap", "escalation", "empowerment"];

    /// <summary>
    /// Every mapping with a fixed set of keys, by the name its diagnostics use. Built on each call (the schema tests
    /// read it): as a static initializer it would be built on every load, in a fresh process at the cost of dozens of
    /// JIT-compiled generic methods (docs/performance.md, "Cold start").
    /// </summary>
    public static ImmutableDictionary<string, ImmutableArray<string>> ByMapping => new Dictionary<string, ImmutableArray<string>>
    {
        ["the policy"] = Policy,
        ["a rule"] = Rule,
        ["then"] = Decision,
        ["otherwise"] = Decision,
        ["combine"] = Combine,
        ["escalate"] = Escalation,
        ["empower"] = Empowerment,
        ["a compensation item"] = Item,
        ["a fact"] = Fact,
    }.ToImmutableDictionary(StringComparer.Ordinal);
}
