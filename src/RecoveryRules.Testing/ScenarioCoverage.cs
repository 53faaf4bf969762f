using System.Collections.Immutable;
using RecoveryRules.Text;

namespace RecoveryRules.Testing;

/// <summary>
/// What the scenarios of one policy exercised (docs/auditing.md, "Coverage"): the rules that never
/// fired, the conditions never true and never false (a condition evaluated in no scenario counts as
/// both), and the escalation targets and roles the policy names but no scenario's decision produced.
/// </summary>
public sealed class ScenarioCoverage
{
    private ScenarioCoverage(
        string policyPath,
        PolicyIdentity policy,
        int scenarios,
        ImmutableArray<string> rules,
        ImmutableArray<string> rulesNeverFired,
        ImmutableArray<PolicyCondition> conditions,
        ImmutableArray<PolicyCondition> conditionsNeverTrue,
        ImmutableArray<PolicyCondition> conditionsNeverFalse,
        ImmutableArray<string> escalationTargetsNeverProduced,
        ImmutableArray<string> rolesNeverProduced)
    {
        PolicyPath = policyPath;
        Policy = policy;
        Scenarios = scenarios;
        Rules = rules;
        RulesNeverFired = rulesNeverFired;
        Conditions = conditions;
        ConditionsNeverTrue = conditionsNeverTrue;
        ConditionsNeverFalse = conditionsNeverFalse;
        EscalationTargetsNeverProduced = escalationTargetsNeverProduced;
        RolesNeverProduced = rolesNeverProduced;
    }

    /// <summary>The policy's path, as the first suite that tests it names it.</summary>
    public string PolicyPath { get; }

    /// <summary>The policy's id, version and hash.</summary>
    public PolicyIdentity Policy { get; }

    /// <summary>How many scenarios ran against the policy (in every suite that tests it).</summary>
    public int Scenarios { get; }

    /// <summary>Every rule of the policy, in file order.</summary>
    public ImmutableArray<string> Rules { get; }

    /// <summary>The rules that fired in no scenario, in file order.</summary>
    public ImmutableArray<string> RulesNeverFired { get; }

    /// <summary>How many rules fired in at least one scenario.</summary>
    public int RulesFired => Rules.Length - RulesNeverFired.Length;

    /// <summary>The share of rules that fired, in percent (100 for a policy without rules); not rounded.</summary>
    public decimal RulesFiredPercent => Rules.IsEmpty ? 100m : RulesFired * 100m / Rules.Length;

    /// <summary>Every condition of every rule, in file order.</summary>
    public ImmutableArray<PolicyCondition> Conditions { get; }

    /// <summary>The conditions true in no scenario (including those evaluated in none).</summary>
    public ImmutableArray<PolicyCondition> ConditionsNeverTrue { get; }

    /// <summary>The conditions false in no scenario (including those evaluated in none).</summary>
    public ImmutableArray<PolicyCondition> ConditionsNeverFalse { get; }

    /// <summary>The escalation targets the policy's rules or <c>otherwise</c> name that no decision escalated to, in scale order.</summary>
    public ImmutableArray<string> EscalationTargetsNeverProduced { get; }

    /// <summary>The roles the policy's rules or <c>otherwise</c> empower that no decision gave, in scale order.</summary>
    public ImmutableArray<string> RolesNeverProduced { get; }

    /// <summary>Measures coverage per policy over the results of one or more suites; suites that test the same policy file count together.</summary>
    /// <param name="results">The results of running suites.</param>
    /// <returns>One coverage per policy file, in the order the policies first appear.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> is <c>null</c>.</exception>
    public static ImmutableArray<ScenarioCoverage> Measure(IEnumerable<ScenarioSuiteResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var groups = new List<(string Key, List<ScenarioSuiteResult> Results)>();
        foreach (var result in results)
        {
            ArgumentNullException.ThrowIfNull(result, nameof(results));
            var key = System.IO.Path.GetFullPath(result.Suite.PolicyPath) + "|" + result.Suite.Policy.Identity.Hash;
            var group = groups.Find(g => g.Key == key);
            if (group.Results is null)
            {
                groups.Add((key, [result]));
            }
            else
            {
                group.Results.Add(result);
            }
        }

        return [.. groups.Select(g => Measure(g.Results))];
    }

    private static ScenarioCoverage Measure(List<ScenarioSuiteResult> results)
    {
        var suite = results[0].Suite;
        var bound = suite.Policy.Bound;
        var decisions = results.SelectMany(r => r.Results).Select(r => r.Decision).OfType<Decision>().ToList();

        var fired = decisions.SelectMany(d => d.Fired).ToHashSet(StringComparer.Ordinal);
        var rules = suite.Policy.RuleIds;

        var conditions = new List<PolicyCondition>();
        var seenTrue = new HashSet<(string, int)>();
        var seenFalse = new HashSet<(string, int)>();
        foreach (var rule in bound.Rules.OrderBy(r => r.Index))
        {
            for (var i = 0; i < rule.Conditions.Length; i++)
            {
                conditions.Add(new PolicyCondition(rule.Id, i, rule.Conditions[i].Text, rule.Conditions[i].Location));
            }
        }

        foreach (var explained in decisions.Select(d => d.Explanation).OfType<DecisionExplanation>().SelectMany(e => e.Rules))
        {
            for (var i = 0; i < explained.Conditions.Length; i++)
            {
                switch (explained.Conditions[i].Value)
                {
                    case true: seenTrue.Add((explained.Rule, i)); break;
                    case false: seenFalse.Add((explained.Rule, i)); break;
                }
            }
        }

        var decided = bound.Rules.Select(r => r.Decision).Append(bound.Otherwise).OfType<Binding.BoundDecision>().ToList();
        var targets = decided.Select(d => d.Escalation?.Target).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var roles = decided.Select(d => d.Empowerment?.Role).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var producedTargets = decisions.Select(d => d.Escalation?.To).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var producedRoles = decisions.Select(d => d.Empowerment?.Role).OfType<string>().ToHashSet(StringComparer.Ordinal);

        return new ScenarioCoverage(
            suite.PolicyPath,
            suite.Policy.Identity,
            results.Sum(r => r.Results.Length),
            rules,
            [.. rules.Where(r => !fired.Contains(r))],
            [.. conditions],
            [.. conditions.Where(c => !seenTrue.Contains((c.Rule, c.Index)))],
            [.. conditions.Where(c => !seenFalse.Contains((c.Rule, c.Index)))],
            [.. bound.Escalation.Members.Where(m => targets.Contains(m) && !producedTargets.Contains(m))],
            [.. bound.Role.Members.Where(m => roles.Contains(m) && !producedRoles.Contains(m))]);
    }
}

/// <summary>One condition of a rule's <c>when</c>.</summary>
/// <param name="Rule">The rule's id.</param>
/// <param name="Index">The condition's zero-based index in the rule's <c>when</c> list (0 for a single expression).</param>
/// <param name="Text">The condition as written.</param>
/// <param name="Location">Where it is written in the policy file.</param>
public sealed record PolicyCondition(string Rule, int Index, string Text, SourceLocation Location);
