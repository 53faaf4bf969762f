using System.Globalization;
using Crm.NRules;
using NRules;
using NRules.Fluent;
using RecoveryRules;
using RecoveryRules.NRules;
using RecoveryRules.Yaml;

// A CRM that runs NRules already: two rules of its own (Rules.cs) and the retail policy as a third rule
// (docs/nrules.md). The policy is compiled once; its rule and the session factory are shared by every session.
RecoveryPolicy policy = PolicyYaml.LoadFile(Path.Combine(AppContext.BaseDirectory, "retail.policy.yaml"));

// A complaint and the failure history the CRM derives for it, as one case of the policy.
var map = CaseMap<RecoveryFacts<Complaint, FailureHistory>>.Create(m => m
    .Id(x => x.Fact.Id)
    .Severity(x => x.Fact.Severity)
    .Channel(x => x.Fact.Channel)
    .Delay(x => x.Fact.Delay)
    .Customer(x => x.Fact.Tier, x => x.Fact.LifetimeValue)
    .Fact("orderValue", x => x.Fact.OrderValue)
    .Fact("failureType", x => x.Fact.FailureType)
    .Fact("proactive", x => false)
    .Fact("repeatFailures", x => x.Derived.FailuresThisMonth));

var repository = new RuleRepository();
repository.Load(x => x.From(typeof(CountFailuresThisMonth), typeof(OpenRetentionTask)));
repository.Add(policy.ToNRulesRuleSet(map, (complaint, history) => history.Complaint == complaint));
ISessionFactory factory = repository.Compile();

ISession session = factory.CreateSession();
var fired = new List<string>();
session.Events.RuleFiredEvent += (_, e) => fired.Add(e.Rule.Name.Replace("Crm.NRules.", "", StringComparison.Ordinal));

// NRules' agenda and events see one rule for the policy; its name and properties say which policy decides.
var policyRule = repository.GetRuleSets().SelectMany(set => set.Rules).Single(r => r.Tags.Contains(RecoveryRuleProperties.Tag));
Console.WriteLine($"policy rule: {policyRule.Name}, hash {policyRule.Properties[RecoveryRuleProperties.PolicyHash]}");

Complaint Complaint(string id, string severity, int day, decimal orderValue) => new()
{
    Id = id, CustomerId = "cust-7", Severity = severity, Channel = "phone", Delay = TimeSpan.FromHours(3),
    Tier = "gold", LifetimeValue = 12_000m, OrderValue = orderValue, FailureType = "operation",
    OpenedAt = new DateTimeOffset(2026, 11, day, 10, 0, 0, TimeSpan.Zero),
};

void Show(string step)
{
    Console.WriteLine($"-- {step}");
    Console.WriteLine("  fired: " + string.Join(", ", fired.CountBy(name => name).Select(r => $"{r.Key} x{r.Value}")));
    fired.Clear();
    foreach (RecoveryOutcome<Complaint> outcome in session.Query<RecoveryOutcome<Complaint>>().AsEnumerable().OrderBy(o => o.Fact.Id, StringComparer.Ordinal))
    {
        Decision decision = outcome.Decision!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {outcome.Fact.Id}: {decision.Compensation.Total} {decision.Compensation.Currency}, escalate to {decision.Escalation?.To ?? "nobody"}, fired [{string.Join(", ", decision.Fired)}]"));
    }
    foreach (RetentionTask task in session.Query<RetentionTask>().AsEnumerable().OrderBy(t => t.ComplaintId, StringComparer.Ordinal))
    {
        Console.WriteLine($"  retention task: {task.CustomerId} ({task.ComplaintId}) within {task.Within?.TotalHours}h");
    }
}

Complaint first = Complaint("c-1", "major", day: 3, orderValue: 40m);
Complaint second = Complaint("c-2", "critical", day: 12, orderValue: 80m);
Complaint third = Complaint("c-3", "minor", day: 20, orderValue: 25m);

session.InsertAll([first, second]);
session.Fire();
Show("two complaints this month");

session.Insert(third);
session.Fire();
Show("a third complaint: the policy escalates every one to retention, the CRM opens retention tasks");

third.Severity = "major";
session.Update(third);
session.Fire();
Show("c-3 updated to major: its outcome is re-evaluated");

session.Retract(second);
session.Fire();
Show("c-2 withdrawn: its outcome goes, the others fall back below three failures, the retention tasks go");
