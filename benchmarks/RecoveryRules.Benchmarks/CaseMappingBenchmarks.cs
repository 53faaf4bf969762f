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

    /// <summary>The ticket a CRM would hold for a retail case of the fixtures.</summary>
    public static CrmTicket From(RetailCase typed) => new()
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
        _ticket = CrmTicket.From(typed);

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

/// <summary>
/// Where a typed case mapping's fixed cost goes (docs/performance.md, "Typed case mapping"): the thread's slots
/// rented and released alone, the compiled map's fill alone, and the evaluation of slots already filled, as a
/// pre-built case is evaluated (the thread's frame pointed at them) and as the mapping does (on the slots' own frame).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CaseMappingPartsBenchmarks
{
    private RecoveryPolicy _policy = null!;
    private CaseReader _reader = null!;
    private CompiledCaseMap<CrmTicket> _compiled = null!;
    private Func<CompiledCaseMap<CrmTicket>, CrmTicket, CaseReader.State, CaseError?> _fill = null!;
    private CaseReader.State _filled = null!;
    private CrmTicket _ticket = null!;

    /// <summary>c-1045 (no rule matches: otherwise), where the fixed cost weighs most.</summary>
    [Params(RetailFixtures.Otherwise)]
    public string Case { get; set; } = RetailFixtures.Otherwise;

    [GlobalSetup]
    public void Setup()
    {
        _policy = RetailFixtures.LoadPolicy();
        _reader = _policy.Reader;
        var (_, typed) = RetailFixtures.Get(Case);
        var mapping = CaseMappingBenchmarks.Map.Bind(_policy);
        _compiled = (CompiledCaseMap<CrmTicket>)typeof(CaseMapping<CrmTicket>)
            .GetField("_compiled", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(mapping)!;
        _fill = static (compiled, ticket, state) => compiled.FillSlots(ticket, state);
        _ticket = CrmTicket.From(typed);
        var names = new[] { "severity", "channel", "delay", "customer.tier", "customer.value", "orderValue", "repeatFailures", "failureType", "proactive" };
        _slots = names.Select(n => _reader.Facts.First(f => f.Name == n).Slot).ToArray();
        _filled = _reader.ForCase();
        var mapped = _reader.ForMapping();
        if (_fill(_compiled, _ticket, _filled) is not null || _fill(_compiled, _ticket, mapped) is not null)
        {
            throw new InvalidOperationException("The ticket does not map.");
        }

        mapped.Release();
        _mappedFrame = mapped.Frame!;
        _mappedId = mapped.Id;
    }

    private Emit.CaseFrame _mappedFrame = null!;
    private string? _mappedId;

    [Benchmark]
    public bool RentAndRelease()
    {
        var state = _reader.ForMapping();
        state.Release();
        return state.InUse;
    }

    [Benchmark]
    public CaseError? RentFillRelease()
    {
        var state = _reader.ForMapping();
        var error = _fill(_compiled, _ticket, state);
        state.Release();
        return error;
    }

    private int[] _slots = null!;

    /// <summary>The same writes in C#, without the checks (nor which facts were given, which the fill no longer writes on its hot path): the floor of this design.</summary>
    [Benchmark]
    public int HandWrittenFill()
    {
        var state = _reader.ForMapping();
        var t = _ticket;
        var s = _slots;
        state.Id = t.Number;
        state.Ordinals[s[0]] = (int)t.Priority;
        state.Ordinals[s[1]] = (int)t.Source;
        state.Decimals[s[2]] = t.WaitingTime.Ticks / TimeSpan.TicksPerSecond;
        state.Ordinals[s[3]] = (int)t.Account.Tier;
        state.Decimals[s[4]] = t.Account.LifetimeValue;
        state.Decimals[s[5]] = t.Order.Total;
        state.Decimals[s[6]] = t.RepeatFailures;
        state.Ordinals[s[7]] = (int)t.Failure;
        state.Booleans[s[8]] = t.Proactive;
        state.Release();
        return s.Length;
    }

    /// <summary>Slots already filled, evaluated as a pre-built case is: the thread's frame taken, pointed at them and released.</summary>
    [Benchmark]
    public Decision? EvaluateFilledSlots()
    {
        _policy.Evaluator.TryEvaluate(_filled.Id, _filled.Decimals, _filled.Ordinals, _filled.Booleans, _filled.Texts, _filled.OccurredAt, false, null, out var decision, out _);
        return decision;
    }

    /// <summary>Slots already filled, evaluated as the mapping does: on the frame whose slots they are (no second frame).</summary>
    [Benchmark]
    public Decision? EvaluateMappedFrame()
    {
        _policy.Evaluator.TryEvaluateFilled(_mappedFrame, _mappedId, null, false, null, out var decision, out _);
        _mappedFrame.ReleaseDefines();
        return decision;
    }
}
