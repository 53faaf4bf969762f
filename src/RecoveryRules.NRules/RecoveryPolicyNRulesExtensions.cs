using System.Linq.Expressions;
using NRules.RuleModel;
using NRules.RuleModel.Builders;

namespace RecoveryRules.NRules;

/// <summary>
/// Turns a compiled policy into one NRules rule over a host fact type (docs/nrules.md). The rule matches each
/// fact of the type (and, with a derived fact, the derived fact joined to it), evaluates it with the policy, and
/// inserts a <see cref="RecoveryOutcome{TFact}"/> linked to it. The policy's own rules stay inside the policy:
/// the NRules agenda shows the one rule, <see cref="Decision.Fired"/> lists the policy rules that matched.
/// </summary>
public static class RecoveryPolicyNRulesExtensions
{
    private const string FactName = "fact";
    private const string DerivedName = "derived";

    /// <summary>Binds <paramref name="map"/> to <paramref name="policy"/> and makes the policy's NRules rule over <typeparamref name="TFact"/>.</summary>
    /// <typeparam name="TFact">The host's fact type.</typeparam>
    /// <param name="policy">The compiled policy; shared, never copied.</param>
    /// <param name="map">How a fact becomes a case.</param>
    /// <param name="options">Explanations, clock, name and priority.</param>
    /// <returns>The rule definition, for <c>RuleCompiler.Compile</c> or a rule set.</returns>
    /// <exception cref="PolicyCompilationException">The map does not fit the policy; holds every diagnostic (RR0600–RR0609).</exception>
    /// <exception cref="ArgumentException">The rule name is empty or blank.</exception>
    public static IRuleDefinition ToNRulesRule<TFact>(this RecoveryPolicy policy, CaseMap<TFact> map, RecoveryRuleOptions options)
        where TFact : class
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(options);
        return CreateRule(map.Bind(policy), options);
    }

    private static IRuleDefinition CreateRule<TFact>(CaseMapping<TFact> mapping, RecoveryRuleOptions options)
        where TFact : class
    {
        RuleBuilder rule = CreateBuilder(mapping.Policy, options);
        rule.LeftHandSide().Pattern(typeof(TFact), FactName);

        var outcome = new OutcomeAction<TFact, TFact>(mapping, options);
        Expression<Action<IContext, TFact>> action = (context, fact) => outcome.Apply(context, fact, fact);
        rule.RightHandSide().Action(action, ActionTrigger.Activated | ActionTrigger.Reactivated);
        return rule.Build();
    }

    /// <summary>
    /// Binds <paramref name="map"/> to <paramref name="policy"/> and makes the policy's NRules rule over
    /// <typeparamref name="TFact"/> and the fact the host derives for it (docs/nrules.md, "Facts the host derives").
    /// The rule needs both: a fact without its derived fact has no outcome until the derived fact is in the session.
    /// </summary>
    /// <typeparam name="TFact">The host's fact type.</typeparam>
    /// <typeparam name="TDerived">The derived fact's type.</typeparam>
    /// <param name="policy">The compiled policy; shared, never copied.</param>
    /// <param name="map">How the fact and its derived fact become a case.</param>
    /// <param name="join">Which derived fact belongs to which fact (<c>(complaint, history) =&gt; history.Complaint == complaint</c>).</param>
    /// <param name="options">Explanations, clock, name and priority.</param>
    /// <returns>The rule definition, for <c>RuleCompiler.Compile</c> or a rule set.</returns>
    /// <exception cref="PolicyCompilationException">The map does not fit the policy; holds every diagnostic (RR0600–RR0609).</exception>
    /// <exception cref="ArgumentException">The rule name is empty or blank.</exception>
    public static IRuleDefinition ToNRulesRule<TFact, TDerived>(this RecoveryPolicy policy, CaseMap<RecoveryFacts<TFact, TDerived>> map,
        Expression<Func<TFact, TDerived, bool>> join, RecoveryRuleOptions options)
        where TFact : class
        where TDerived : class
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(join);
        ArgumentNullException.ThrowIfNull(options);
        return CreateRule(map.Bind(policy), join, options);
    }

    private static IRuleDefinition CreateRule<TFact, TDerived>(CaseMapping<RecoveryFacts<TFact, TDerived>> mapping,
        Expression<Func<TFact, TDerived, bool>> join, RecoveryRuleOptions options)
        where TFact : class
        where TDerived : class
    {
        RuleBuilder rule = CreateBuilder(mapping.Policy, options);
        GroupBuilder when = rule.LeftHandSide();
        when.Pattern(typeof(TFact), FactName);
        // NRules binds a condition's parameters to the rule's declarations by name: the join's own parameter
        // names are the host's, so they are renamed to the declarations'.
        ParameterExpression fact = Expression.Parameter(typeof(TFact), FactName);
        ParameterExpression derived = Expression.Parameter(typeof(TDerived), DerivedName);
        Expression body = new ParameterRenaming(join.Parameters[0], fact, join.Parameters[1], derived).Visit(join.Body);
        when.Pattern(typeof(TDerived), DerivedName).Condition(Expression.Lambda<Func<TDerived, TFact, bool>>(body, derived, fact));

        var outcome = new OutcomeAction<TFact, RecoveryFacts<TFact, TDerived>>(mapping, options);
        Expression<Action<IContext, TFact, TDerived>> action =
            (context, fact, derived) => outcome.Apply(context, fact, new RecoveryFacts<TFact, TDerived>(fact, derived));
        rule.RightHandSide().Action(action, ActionTrigger.Activated | ActionTrigger.Reactivated);
        return rule.Build();
    }

    /// <summary>The policy's rule over <typeparamref name="TFact"/> as a rule set of its own, for <c>RuleRepository.Add</c>.</summary>
    /// <typeparam name="TFact">The host's fact type.</typeparam>
    /// <param name="policy">The compiled policy; shared, never copied.</param>
    /// <param name="map">How a fact becomes a case.</param>
    /// <param name="options">Explanations, clock, name and priority.</param>
    /// <returns>A rule set named as the rule, holding it alone.</returns>
    /// <exception cref="PolicyCompilationException">The map does not fit the policy; holds every diagnostic (RR0600–RR0609).</exception>
    /// <exception cref="ArgumentException">The rule name is empty or blank.</exception>
    public static IRuleSet ToNRulesRuleSet<TFact>(this RecoveryPolicy policy, CaseMap<TFact> map, RecoveryRuleOptions options)
        where TFact : class =>
        ToRuleSet(policy.ToNRulesRule(map, options));

    /// <summary>
    /// The policy's rule over <typeparamref name="TFact"/> and its derived fact as a rule set of its own, for
    /// <c>RuleRepository.Add</c>.
    /// </summary>
    /// <typeparam name="TFact">The host's fact type.</typeparam>
    /// <typeparam name="TDerived">The derived fact's type.</typeparam>
    /// <param name="policy">The compiled policy; shared, never copied.</param>
    /// <param name="map">How the fact and its derived fact become a case.</param>
    /// <param name="join">Which derived fact belongs to which fact.</param>
    /// <param name="options">Explanations, clock, name and priority.</param>
    /// <returns>A rule set named as the rule, holding it alone.</returns>
    /// <exception cref="PolicyCompilationException">The map does not fit the policy; holds every diagnostic (RR0600–RR0609).</exception>
    /// <exception cref="ArgumentException">The rule name is empty or blank.</exception>
    public static IRuleSet ToNRulesRuleSet<TFact, TDerived>(this RecoveryPolicy policy, CaseMap<RecoveryFacts<TFact, TDerived>> map,
        Expression<Func<TFact, TDerived, bool>> join, RecoveryRuleOptions options)
        where TFact : class
        where TDerived : class =>
        ToRuleSet(policy.ToNRulesRule(map, join, options));

    /// <summary>Binds <paramref name="map"/> to <paramref name="policy"/> and makes the policy's NRules rule over <typeparamref name="TFact"/>, with <see cref="RecoveryRuleOptions.Default"/>.</summary>
    /// <typeparam name="TFact">The host's fact type.</typeparam>
    /// <param name="policy">The compiled policy; shared, never copied.</param>
    /// <param name="map">How a fact becomes a case.</param>
    /// <returns>The rule definition, for <c>RuleCompiler.Compile</c> or a rule set.</returns>
    /// <exception cref="PolicyCompilationException">The map does not fit the policy; holds every diagnostic (RR0600–RR0609).</exception>
    public static IRuleDefinition ToNRulesRule<TFact>(this RecoveryPolicy policy, CaseMap<TFact> map)
        where TFact : class =>
        policy.ToNRulesRule(map, RecoveryRuleOptions.Default);

    /// <summary>
    /// Binds <paramref name="map"/> to <paramref name="policy"/> and makes the policy's NRules rule over
    /// <typeparamref name="TFact"/> and the fact the host derives for it, with <see cref="RecoveryRuleOptions.Default"/>.
    /// </summary>
    /// <typeparam name="TFact">The host's fact type.</typeparam>
    /// <typeparam name="TDerived">The derived fact's type.</typeparam>
    /// <param name="policy">The compiled policy; shared, never copied.</param>
    /// <param name="map">How the fact and its derived fact become a case.</param>
    /// <param name="join">Which derived fact belongs to which fact (<c>(complaint, history) =&gt; history.Complaint == complaint</c>).</param>
    /// <returns>The rule definition, for <c>RuleCompiler.Compile</c> or a rule set.</returns>
    /// <exception cref="PolicyCompilationException">The map does not fit the policy; holds every diagnostic (RR0600–RR0609).</exception>
    public static IRuleDefinition ToNRulesRule<TFact, TDerived>(this RecoveryPolicy policy, CaseMap<RecoveryFacts<TFact, TDerived>> map,
        Expression<Func<TFact, TDerived, bool>> join)
        where TFact : class
        where TDerived : class =>
        policy.ToNRulesRule(map, join, RecoveryRuleOptions.Default);

    /// <summary>The policy's rule over <typeparamref name="TFact"/> (<see cref="RecoveryRuleOptions.Default"/>) as a rule set of its own, for <c>RuleRepository.Add</c>.</summary>
    /// <typeparam name="TFact">The host's fact type.</typeparam>
    /// <param name="policy">The compiled policy; shared, never copied.</param>
    /// <param name="map">How a fact becomes a case.</param>
    /// <returns>A rule set named as the rule, holding it alone.</returns>
    /// <exception cref="PolicyCompilationException">The map does not fit the policy; holds every diagnostic (RR0600–RR0609).</exception>
    public static IRuleSet ToNRulesRuleSet<TFact>(this RecoveryPolicy policy, CaseMap<TFact> map)
        where TFact : class =>
        ToRuleSet(policy.ToNRulesRule(map, RecoveryRuleOptions.Default));

    /// <summary>The policy's rule over <typeparamref name="TFact"/> and its derived fact (<see cref="RecoveryRuleOptions.Default"/>) as a rule set of its own, for <c>RuleRepository.Add</c>.</summary>
    /// <typeparam name="TFact">The host's fact type.</typeparam>
    /// <typeparam name="TDerived">The derived fact's type.</typeparam>
    /// <param name="policy">The compiled policy; shared, never copied.</param>
    /// <param name="map">How the fact and its derived fact become a case.</param>
    /// <param name="join">Which derived fact belongs to which fact.</param>
    /// <returns>A rule set named as the rule, holding it alone.</returns>
    /// <exception cref="PolicyCompilationException">The map does not fit the policy; holds every diagnostic (RR0600–RR0609).</exception>
    public static IRuleSet ToNRulesRuleSet<TFact, TDerived>(this RecoveryPolicy policy, CaseMap<RecoveryFacts<TFact, TDerived>> map,
        Expression<Func<TFact, TDerived, bool>> join)
        where TFact : class
        where TDerived : class =>
        ToRuleSet(policy.ToNRulesRule(map, join, RecoveryRuleOptions.Default));

    /// <summary>The rule name for a policy: <c>recoveryrules:&lt;policy id&gt;@&lt;version&gt;</c>.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The name, such as <c>recoveryrules:retail-recovery@2026.11</c>.</returns>
    public static string NRulesRuleName(this RecoveryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return $"recoveryrules:{policy.Identity.Id}@{policy.Identity.Version}";
    }

    private static RuleBuilder CreateBuilder(RecoveryPolicy policy, RecoveryRuleOptions options)
    {
        if (options.RuleName is { } name && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("The rule name is empty; leave RuleName null for recoveryrules:<policy id>@<version>.", nameof(options));
        }
        var rule = new RuleBuilder();
        rule.Name(options.RuleName ?? policy.NRulesRuleName());
        rule.Description(policy.Description ?? string.Empty);
        rule.Priority(options.Priority);
        rule.Tag(RecoveryRuleProperties.Tag);
        rule.Property(RecoveryRuleProperties.PolicyId, policy.Identity.Id);
        rule.Property(RecoveryRuleProperties.PolicyVersion, policy.Identity.Version);
        rule.Property(RecoveryRuleProperties.PolicyHash, policy.Identity.Hash);
        return rule;
    }

    private static RuleSet ToRuleSet(IRuleDefinition rule)
    {
        var set = new RuleSet(rule.Name);
        set.Add([rule]);
        return set;
    }

    /// <summary>Replaces a lambda's two parameters in its body.</summary>
    private sealed class ParameterRenaming(ParameterExpression first, ParameterExpression firstBy, ParameterExpression second, ParameterExpression secondBy)
        : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == first ? firstBy : node == second ? secondBy : base.VisitParameter(node);
    }
}
