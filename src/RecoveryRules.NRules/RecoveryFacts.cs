namespace RecoveryRules.NRules;

/// <summary>
/// A host fact and the fact the host derived for it in the session (a customer's failures this month), as one
/// source for a <see cref="CaseMap{TSource}"/>: <c>m =&gt; m.Severity(x =&gt; x.Fact.Severity).Fact("repeatFailures", x =&gt; x.Derived.Count)</c>.
/// The policy's rule matches both (docs/nrules.md, "Facts the host derives").
/// </summary>
/// <typeparam name="TFact">The host's fact type.</typeparam>
/// <typeparam name="TDerived">The derived fact's type.</typeparam>
/// <param name="Fact">The host fact.</param>
/// <param name="Derived">The fact derived for it.</param>
public sealed record RecoveryFacts<TFact, TDerived>(TFact Fact, TDerived Derived)
    where TFact : class
    where TDerived : class;
