using NRules;
using NRules.Fluent;
using NRules.RuleModel;
using RecoveryRules.Yaml;

namespace RecoveryRules.NRules.Tests.Support;

/// <summary>The test CRM: the policy (Data/retail.policy.yaml) compiled once, its rule beside the CRM's own rules.</summary>
public static class Crm
{
    public static readonly RecoveryPolicy Policy =
        PolicyYaml.LoadFile(Path.Combine(AppContext.BaseDirectory, "Data", "retail.policy.yaml"));

    /// <summary>A complaint as a case: the retail facts, the derived count left out.</summary>
    public static readonly CaseMap<Complaint> Map = CaseMap<Complaint>.Create(m => m
        .Id(c => c.Id)
        .Severity(c => c.Severity)
        .Channel(c => c.Channel)
        .Delay(c => c.Delay)
        .Customer(c => c.Tier, c => c.LifetimeValue)
        .Fact("orderValue", c => c.OrderValue)
        .Fact("failureType", c => c.FailureType)
        .Fact("proactive", c => c.Proactive));

    /// <summary>A complaint and its failure history as a case: the retail facts and repeatFailures.</summary>
    public static readonly CaseMap<RecoveryFacts<Complaint, FailureHistory>> MapWithHistory =
        CaseMap<RecoveryFacts<Complaint, FailureHistory>>.Create(m => m
            .Id(x => x.Fact.Id)
            .Severity(x => x.Fact.Severity)
            .Channel(x => x.Fact.Channel)
            .Delay(x => x.Fact.Delay)
            .Customer(x => x.Fact.Tier, x => x.Fact.LifetimeValue)
            .Fact("orderValue", x => x.Fact.OrderValue)
            .Fact("failureType", x => x.Fact.FailureType)
            .Fact("proactive", x => x.Fact.Proactive)
            .Fact("repeatFailures", x => x.Derived.FailuresThisMonth));

    /// <summary>The CRM's rules (the fluent ones of <see cref="HostRules"/>) and the policy's rule, compiled.</summary>
    public static ISessionFactory Compile(IRuleDefinition policyRule)
    {
        var repository = new RuleRepository();
        repository.Load(x => x.From(typeof(OpenRetentionTask), typeof(OpenCorrectionTask)));
        var set = new RuleSet("policy");
        set.Add([policyRule]);
        repository.Add(set);
        return repository.Compile();
    }

    /// <summary>With the failure counting rule and the policy rule over complaints and their history.</summary>
    public static ISessionFactory CompileWithHistory(IRuleDefinition policyRule)
    {
        var repository = new RuleRepository();
        repository.Load(x => x.From(typeof(OpenRetentionTask), typeof(OpenCorrectionTask), typeof(CountFailuresThisMonth)));
        var set = new RuleSet("policy");
        set.Add([policyRule]);
        repository.Add(set);
        return repository.Compile();
    }

    public static readonly Lazy<ISessionFactory> Plain = new(() => Compile(Policy.ToNRulesRule(Map)));

    public static readonly Lazy<ISessionFactory> WithHistory = new(() =>
        CompileWithHistory(Policy.ToNRulesRule(MapWithHistory, (complaint, history) => history.Complaint == complaint)));

    public static Complaint Complaint(string id, string severity = "critical", string customer = "cust-1", decimal orderValue = 80m,
        DateTimeOffset? openedAt = null) => new()
    {
        Id = id,
        CustomerId = customer,
        Severity = severity,
        Channel = "phone",
        Delay = TimeSpan.FromHours(3),
        Tier = "gold",
        LifetimeValue = 12000m,
        OrderValue = orderValue,
        FailureType = "operation",
        OpenedAt = openedAt ?? new DateTimeOffset(2026, 11, 5, 10, 0, 0, TimeSpan.Zero),
    };
}
