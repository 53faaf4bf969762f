using BenchmarkDotNet.Attributes;

namespace RecoveryRules.Benchmarks;

/// <summary>A CRM's own ticket type, as a host would have it: nested account and order, its own enums.</summary>
public sealed class CrmTicket
{
    public required string Number { get; init; }
    public Severity Priority { get; init; }
    public Channel Source { get; init; }
    public TimeSpan WaitingTime { get; init; }
    public required CrmAccount Account { get; init; }
    public required CrmOrder Order { get; init; }
    public int RepeatFailures { get; init; }
    public FailureType Failure { get; init; }
    public bool Proactive { get; init; }
}

/// <summary>The ticket's customer account.</summary>
public sealed record CrmAccount(Tier Tier, decimal LifetimeValue);

/// <summary>The ticket's order.</summary>
public sealed record CrmOrder(decimal Total);

/// <summary>
/// Typed case mapping (docs/embedding.md, "Typed case mapping"): a CRM ticket mapped and evaluated with a
/// <see cref="CaseMapping{TSource}"/> against evaluating the same case pre-built (the baseline: the target is
/// within 1.3× of it, allocating only the decision), and against building the case with
/// <see cref="RecoveryCaseBuilder"/> and reading it from JSON. The three retail cases of examples/retail/cases.jsonl.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CaseMappingBenchmarks
{
    private RecoveryPolicy _policy = null!;
    private RecoveryCase _case = null!;
    private CaseMapping<CrmTicket> _mapping = null!;
    private CrmTicket _ticket = null!;
    private string _json = null!;

    /// <summary>c-1042 (critical), c-1043 (major, on time), c-1045 (no rule matches: otherwise).</summary>
    [Params(RetailFixtures.Critical, RetailFixtures.MajorOnTime, RetailFixtures.Otherwise)]
    public string Case { get; set; } = RetailFixtures.Critical;

    /// <summary>The map of docs/embedding.md, "Typed case mapping".</summary>
    public static CaseMap<CrmTicket> Map { get; } = CaseMap<CrmTicket>.Create(m => m
        .Id(t => t.Number)
        .Severity(t => t.Priority)
        .Channel(t => t.Source)
        .Delay(t => t.WaitingTime)
        .Customer(t => t.Account.Tier, t => t.Account.LifetimeValue)
        .Fact("orderValue", t => t.Order.Total)
        .Fact("repeatFailures", t => t.RepeatFailures)
        .Fact("failureType", t => t.Failure)
        .Fact("proactive", t => t.Proactive));

    [GlobalSetup]
    public void Setup()
    {
        _policy = RetailFixtures.LoadPolicy();
        RetailCase typed;
        (_json, typed) = RetailFixtures.Get(Case);
        _case = _policy.ReadCase(_json);
        _mapping = Map.Bind(_policy);
        _ticket = new CrmTicket
        {
            Number = typed.Id!,
            Priority = typed.Severity,
            Source = typed.Channel,
            WaitingTime = typed.Delay,
            Account = new CrmAccount(typed.Tier, typed.CustomerValue),
            Order = new CrmOrder(typed.OrderValue),
            RepeatFailures = (int)typed.RepeatFailures,
            Failure = typed.FailureType,
            Proactive = typed.Proactive,
        };

        // The mapped ticket must decide as the pre-built case, or the comparison means nothing.
        if (RetailFixtures.Comparable(_mapping.Evaluate(_ticket)) != RetailFixtures.Comparable(_policy.Evaluate(_case)))
        {
            throw new InvalidOperationException("The mapped ticket decides differently from the JSON case.");
        }
    }

    [Benchmark(Baseline = true)]
    public Decision PreBuiltCase() => _policy.Evaluate(_case);

    [Benchmark]
    public Decision MappedTicket() => _mapping.Evaluate(_ticket);

    [Benchmark]
    public Decision BuilderAndEvaluate() => _policy.Evaluate(_policy.CreateCase(_ticket.Number)
        .With("severity", Member(_ticket.Priority))
        .With("channel", Member(_ticket.Source))
        .With("delay", _ticket.WaitingTime)
        .With("customer.tier", Member(_ticket.Account.Tier))
        .With("customer.value", _ticket.Account.LifetimeValue)
        .With("orderValue", _ticket.Order.Total)
        .With("repeatFailures", _ticket.RepeatFailures)
        .With("failureType", Member(_ticket.Failure))
        .With("proactive", _ticket.Proactive)
        .Build());

    [Benchmark]
    public CaseResult ReadJsonAndEvaluate() => _policy.EvaluateJson(_json);

    /// <summary>An enum value as its member's name, as a host without a mapping writes it (the members are lower case).</summary>
    private static string Member<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
