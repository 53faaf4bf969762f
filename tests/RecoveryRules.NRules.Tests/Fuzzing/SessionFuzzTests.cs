using System.Globalization;
using CsCheck;
using NRules;
using RecoveryRules.NRules.Tests.Support;
using RecoveryRules.Yaml;

namespace RecoveryRules.NRules.Tests.Fuzzing;

/// <summary>
/// The public entry points with generated and mutated input (docs/nrules.md, "Tests"): random sequences of
/// insert, update and retract of complaints with arbitrary text values never make <c>Fire</c> throw, and leave
/// exactly one outcome per complaint in the session, equal to the mapping's own result; mutated policy text either
/// fails to compile or bind with diagnostics, or gives a rule that does the same.
/// </summary>
public sealed class SessionFuzzTests
{
    private const string EnvironmentVariable = "RECOVERYRULES_FUZZ_ITERATIONS";

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable(EnvironmentVariable), NumberStyles.None, CultureInfo.InvariantCulture, out long iterations) && iterations > 0
            ? iterations
            : 200;

    private static readonly Gen<string?> Text = Gen.OneOf(
        Gen.Const((string?)null), Gen.String.Select(s => (string?)s), Gen.Const((string?)"critical"), Gen.Const((string?)"\ud800"), Gen.Const((string?)"gold"),
        Gen.Const((string?)" critical "), Gen.Const((string?)new string('x', 5000)), Gen.Const((string?)"CRITICAL"));

    private static readonly Gen<Complaint> Arbitrary = Gen.Select(
            Text, Text, Text, Gen.Long.Select(t => TimeSpan.FromTicks(t % TimeSpan.FromDays(3650).Ticks)),
            Gen.Decimal, Gen.OneOf(Gen.Const((decimal?)null), Gen.Decimal.Select(d => (decimal?)d)), Gen.Int[0, 3])
        .Select((severity, channel, tier, delay, value, order, customer) => new Complaint
        {
            Id = "c-" + Guid.NewGuid().ToString("N")[..8],
            CustomerId = "cust-" + customer,
            Severity = severity,
            Channel = channel,
            Tier = tier,
            Delay = delay,
            LifetimeValue = value,
            OrderValue = order,
            FailureType = tier,
        });

    private static readonly Gen<Complaint> Facts = Gen.Frequency((1, Arbitrary), (2, Complaints.One));

    /// <summary>An operation: 0 insert a new complaint, 1 update one with another's values, 2 retract one.</summary>
    private static readonly Gen<(int Kind, int Target, Complaint Values)[]> Operations =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1000], Facts).Array[1, 30];

    [Fact]
    public void Random_inserts_updates_and_retracts_leave_one_outcome_per_fact_equal_to_the_mapping_result() =>
        Operations.Sample(operations => Run(Crm.WithHistory.Value, operations, withHistory: true), iter: Iterations, threads: 1);

    [Fact]
    public void Random_operations_without_a_derived_fact_leave_one_outcome_per_fact() =>
        Operations.Sample(operations => Run(Crm.Plain.Value, operations, withHistory: false), iter: Iterations, threads: 1);

    private static readonly string Seed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "retail.policy.yaml"));

    private static readonly Gen<string> MutatedPolicies =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 100_000], Gen.Int[0, 100_000]).Array[1, 4]
            .Select(mutations => mutations.Aggregate(Seed, (text, m) => Mutate(text, m.Item1, m.Item2, m.Item3)));

    [Fact]
    public void Mutated_policy_text_fails_with_diagnostics_or_gives_a_working_rule() =>
        MutatedPolicies.Sample(CheckPolicy, iter: Iterations / 4 + 1, threads: 1);

    [Theory]
    [MemberData(nameof(RegressionPolicies))]
    public void Policies_that_once_broke_the_rule_still_work(string file) =>
        CheckPolicy(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Fuzzing", file)));

    public static TheoryData<string> RegressionPolicies() =>
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Data", "Fuzzing"), "*.yaml").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    private static void CheckPolicy(string yaml)
    {
        PolicyCompilationResult compiled = PolicyYaml.Compile(yaml, "fuzzed.policy.yaml");
        if (compiled.Policy is not { } policy)
        {
            compiled.Diagnostics.Should().Contain(d => d.IsError);
            return;
        }
        if (!Crm.Map.TryBind(policy, out CaseMapping<Complaint>? mapping, out var diagnostics))
        {
            diagnostics.Should().Contain(d => d.IsError);
            FluentActions.Invoking(() => policy.ToNRulesRule(Crm.Map)).Should().Throw<PolicyCompilationException>()
                .Which.Diagnostics.Should().BeEquivalentTo(diagnostics);
            return;
        }
        ISessionFactory factory = Crm.Compile(policy.ToNRulesRule(Crm.Map));
        ISession session = factory.CreateSession();
        Complaint[] complaints = [Crm.Complaint("c-1"), Crm.Complaint("c-2", severity: "minor"), Crm.Complaint("c-3", severity: "critcal")];
        session.InsertAll(complaints);
        session.Fire(TestContext.Current.CancellationToken);
        var outcomes = session.Query<RecoveryOutcome<Complaint>>().ToDictionary(o => o.Fact);
        outcomes.Keys.Should().BeEquivalentTo(complaints);
        foreach (Complaint complaint in complaints)
        {
            CaseResult expected = mapping.EvaluateResult(complaint);
            outcomes[complaint].IsDecision.Should().Be(expected.IsDecision);
            outcomes[complaint].Error.Should().Be(expected.Error);
            outcomes[complaint].Policy.Should().Be(policy.Identity);
        }
    }

    private static void Run(ISessionFactory factory, (int Kind, int Target, Complaint Values)[] operations, bool withHistory)
    {
        ISession session = factory.CreateSession();
        var inSession = new List<Complaint>();
        foreach ((int kind, int target, Complaint values) in operations)
        {
            if (kind == 0 || inSession.Count == 0)
            {
                session.Insert(values);
                inSession.Add(values);
            }
            else if (kind == 1)
            {
                Complaint complaint = inSession[target % inSession.Count];
                complaint.Severity = values.Severity;
                complaint.Channel = values.Channel;
                complaint.Tier = values.Tier;
                complaint.Delay = values.Delay;
                complaint.LifetimeValue = values.LifetimeValue;
                complaint.OrderValue = values.OrderValue;
                complaint.FailureType = values.FailureType;
                complaint.Proactive = values.Proactive;
                session.Update(complaint);
            }
            else
            {
                Complaint complaint = inSession[target % inSession.Count];
                session.Retract(complaint);
                inSession.Remove(complaint);
            }
            session.Fire(TestContext.Current.CancellationToken);
        }

        var outcomes = session.Query<RecoveryOutcome<Complaint>>().ToList();
        outcomes.Select(o => o.Fact).Should().BeEquivalentTo(inSession, o => o.ComparingByMembers<Complaint>().Including(c => c.Id));
        outcomes.Select(o => o.Fact).Should().OnlyHaveUniqueItems();
        CaseMapping<Complaint> mapping = Crm.Map.Bind(Crm.Policy);
        foreach (RecoveryOutcome<Complaint> outcome in outcomes)
        {
            CaseResult alone = mapping.EvaluateResult(outcome.Fact);
            outcome.IsDecision.Should().Be(alone.IsDecision, "the complaint {0} is {1}", outcome.Fact.Id, alone.ToJson());
            if (!withHistory)
            {
                outcome.Error.Should().Be(alone.Error);
                outcome.Decision?.Compensation.Should().Be(alone.Decision!.Compensation);
            }
        }
        session.Query<CorrectionTask>().Should().HaveCount(outcomes.Count(o => !o.IsDecision));
    }

    private static string Mutate(string text, int kind, int position, int length)
    {
        if (text.Length == 0)
        {
            return "x";
        }
        int at = position % text.Length;
        int count = Math.Min(length % 40, text.Length - at);
        return kind switch
        {
            0 => text.Remove(at, count),
            1 => text.Insert(at, text.Substring((at + length) % text.Length, Math.Min(count, text.Length - (at + length) % text.Length))),
            2 => text[..at] + text[at..].Replace("critical", "critcal", StringComparison.Ordinal),
            _ => text.Insert(at, kind % 2 == 0 ? ": " : "\n  - "),
        };
    }
}
