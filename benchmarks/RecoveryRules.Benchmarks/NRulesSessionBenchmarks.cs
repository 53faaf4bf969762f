using BenchmarkDotNet.Attributes;
using NRules;
using NRules.RuleModel;
using RecoveryRules.NRules;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// The retail policy as one rule inside an NRules session (src/RecoveryRules.NRules, docs/nrules.md): insert a CRM
/// ticket, fire, query its <see cref="RecoveryOutcome{TFact}"/>, against <c>policy.Evaluate</c> of the same case
/// pre-built (the baseline) and the typed mapping alone. Two ways a CRM holds a session: a new session per case,
/// and one long-lived session that each case enters and leaves (insert, fire, query, retract); the query enumerates
/// <c>session.Query&lt;T&gt;()</c> (<c>AsEnumerable()</c>), and once more as an <c>IQueryable</c>. The three retail
/// cases of examples/retail/cases.jsonl (docs/performance.md, "NRules sessions").
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class NRulesSessionBenchmarks
{
    private RecoveryPolicy _policy = null!;
    private RecoveryCase _case = null!;
    private CaseMapping<CrmTicket> _mapping = null!;
    private CrmTicket _ticket = null!;
    private ISessionFactory _factory = null!;
    private ISession _session = null!;

    /// <summary>c-1042 (critical), c-1043 (major, on time), c-1045 (no rule matches: otherwise).</summary>
    [Params(RetailFixtures.Critical, RetailFixtures.MajorOnTime, RetailFixtures.Otherwise)]
    public string Case { get; set; } = RetailFixtures.Critical;

    [GlobalSetup]
    public void Setup()
    {
        _policy = RetailFixtures.LoadPolicy();
        (string json, RetailCase typed) = RetailFixtures.Get(Case);
        _case = _policy.ReadCase(json);
        _mapping = CaseMappingBenchmarks.Map.Bind(_policy);
        _ticket = CrmTicket.From(typed);
        IRuleDefinition rule = _policy.ToNRulesRule(CaseMappingBenchmarks.Map);
        _factory = new RuleCompiler().Compile([rule]);
        _session = _factory.CreateSession();

        // The decision inside NRules must be the policy's, or the comparison means nothing.
        if (RetailFixtures.Comparable(SessionPerCase()) != RetailFixtures.Comparable(_policy.Evaluate(_case))
            || RetailFixtures.Comparable(LongLivedSession()) != RetailFixtures.Comparable(_policy.Evaluate(_case)))
        {
            throw new InvalidOperationException("The decision inside the NRules session differs from policy.Evaluate.");
        }
    }

    [Benchmark(Baseline = true)]
    public Decision PolicyEvaluate() => _policy.Evaluate(_case);

    [Benchmark]
    public Decision MappedTicket() => _mapping.Evaluate(_ticket);

    /// <summary>A new session from the compiled rule, the ticket inserted, fired and its outcome queried.</summary>
    [Benchmark]
    public Decision SessionPerCase()
    {
        ISession session = _factory.CreateSession();
        session.Insert(_ticket);
        session.Fire();
        return session.Query<RecoveryOutcome<CrmTicket>>().AsEnumerable().Single().Decision!;
    }

    /// <summary>One session for every case: the ticket inserted, fired, its outcome queried, then retracted.</summary>
    [Benchmark]
    public Decision LongLivedSession()
    {
        _session.Insert(_ticket);
        _session.Fire();
        Decision decision = _session.Query<RecoveryOutcome<CrmTicket>>().AsEnumerable().Single().Decision!;
        _session.Retract(_ticket);
        return decision;
    }

    /// <summary>
    /// <see cref="LongLivedSession"/> with the query as NRules' <c>IQueryable</c> (<c>Query&lt;T&gt;().Single()</c>):
    /// LINQ operators on it go through <c>EnumerableQuery</c>, which compiles an expression tree on every call.
    /// </summary>
    [Benchmark]
    public Decision LongLivedSessionQueryable()
    {
        _session.Insert(_ticket);
        _session.Fire();
        Decision decision = _session.Query<RecoveryOutcome<CrmTicket>>().Single().Decision!;
        _session.Retract(_ticket);
        return decision;
    }
}
