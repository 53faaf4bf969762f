using System.Buffers;
using System.Text;
using CsCheck;
using RecoveryRules.Evaluation;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// The decision line's first pass without branches (docs/design.md §32) against the reference: the escalation's, the SLA's and
/// the role's rule chosen as the largest of keys made once per rule, the lists of empowering, noted and compensating rules
/// collected on the stack, and a rule's first two amounts summed masked (any more in a loop), compared with
/// <see cref="Decision.ToJson"/> of the decision <see cref="RecoveryPolicy.TryEvaluate"/> gives. The generated policies make
/// those choices tie often (few targets, SLAs and roles over many rules that fire together), give rules up to five
/// computed amounts, and notes long enough for runs past two blocks; every combining mode, caps, <c>otherwise</c>, and
/// currencies of 0, 2 and 3 decimals. A probe checks that the lists and the wide sums were used.
/// </summary>
public sealed class DecisionLineFirstPassTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, 120, TimeSpan.FromHours(2));

    private static readonly Condition Always = new("orderValue >= 0", _ => true);

    private static readonly Gen<string?> ItemNotes = Gen.OneOf<string?>(
        null, null, "Sorry", "A note long enough that the run it ends takes more than two blocks of thirty-two bytes to copy, whole");

    private static readonly Gen<GeneratedItem> Items = Gen.Frequency(
        (5, Gen.Select(Gen.OneOf("refund", "credit", "voucher"), PolicyGenerators.Amounts, ItemNotes, (kind, amount, note) => new GeneratedItem(kind, amount, note))),
        (1, Gen.Select(Gen.OneOf("apology", "upgrade"), ItemNotes, (kind, note) => new GeneratedItem(kind, null, note))));

    /// <summary>Two targets and three SLAs (one of them none): ties on both, which the rule's order breaks.</summary>
    private static readonly Gen<GeneratedEscalation> Escalations = Gen.Select(
        Gen.OneOf("supervisor", "retention"),
        Gen.OneOf<(string?, TimeSpan?)>((null, null), ("1h", TimeSpan.FromHours(1)), ("PT60M", TimeSpan.FromHours(1)), ("30m", TimeSpan.FromMinutes(30))),
        (to, within) => new GeneratedEscalation(to, within.Item1, within.Item2));

    /// <summary>Two roles, equal limits now and then.</summary>
    private static readonly Gen<GeneratedEmpowerment> Empowerments = Gen.Select(
        Gen.OneOf("team-lead", "supervisor"),
        Gen.Frequency((1, Gen.Const((Amount?)null)), (1, Gen.Const((Amount?)new Amount("25", _ => 25m))), (2, PolicyGenerators.Amounts.Select(a => (Amount?)a))),
        Gen.OneOf("refund", "replace", "credit", "call-back").Array[0, 3].Select(actions => actions.Distinct().ToArray()),
        (role, limit, actions) => new GeneratedEmpowerment(role, limit, actions));

    private static readonly Gen<GeneratedDecision> Decisions = Gen.Select(
        Items.Array[0, 5], Escalations.Null(0.5), Empowerments.Null(0.5), Gen.OneOf<string?>(null, null, "Note A", "Note B"),
        (items, escalate, empower, note) => new GeneratedDecision(items, escalate, empower, note));

    private static readonly Gen<GeneratedPolicy> Policies = Gen.Select(
        Gen.OneOf("sum", "sum", "max", "first"),
        Gen.OneOf("highest", "first"),
        Gen.OneOf("highest", "first"),
        Gen.Frequency((2, Gen.Const((Amount?)null)), (1, PolicyGenerators.Amounts.Select(a => (Amount?)a))),
        Gen.Select(Gen.Frequency((3, Gen.Const(Always)), (2, PolicyGenerators.Atom)), Decisions.Where(d => !d.IsEmpty)).Array[10, 40],
        Decisions.Null(0.6),
        (compensation, escalation, empowerment, cap, rules, otherwise) => new GeneratedPolicy(compensation, escalation, empowerment, cap,
            [.. rules.Select((rule, i) => new GeneratedRule($"r-{i:D2}", null, false, [rule.Item1], rule.Item2))], otherwise));

    [Theory]
    [InlineData("USD", 1U)]
    [InlineData("JPY", 2U)]
    [InlineData("BHD", 3U)]
    public void Generated_policies_whose_choices_tie_write_each_line_as_its_decision_json(string currency, uint seed)
    {
        var probe = new DecisionLine.LinePaths();
        DecisionLine.Probe = probe;
        var written = 0;
        var longRuns = 0;
        try
        {
            var random = new PCG(seed, 32);
            for (var p = 0; p < 40; p++)
            {
                var generated = Policies.Generate(random, null, out _);
                var yaml = generated.ToYaml().Replace("facts:", $"currency: {currency}\nfacts:", StringComparison.Ordinal);
                var policy = PolicyYaml.Compile(yaml, "first-pass.policy.yaml").GetPolicyOrThrow();
                longRuns += yaml.Contains("A note long enough", StringComparison.Ordinal) ? 1 : 0;
                foreach (var generatedCase in PolicyGenerators.Cases.Array[40, 40].Generate(random, null, out _))
                {
                    written += PlainLineComparison.Compare(policy, generatedCase.ToJson(), Now) == PlainLine.Written ? 1 : 0;
                }
            }
        }
        finally
        {
            DecisionLine.Probe = null;
        }

        // Not vacuous: the direct path wrote the lines, and its lists and wide sums held something.
        written.Should().BeGreaterThan(1000);
        probe.Lines.Should().Be(written);
        probe.SeveralEmpowering.Should().BePositive("lines with several empowering rules list them from the first pass");
        probe.SeveralNoted.Should().BePositive("lines with several notes list them from the first pass");
        probe.SeveralWithItems.Should().BePositive("sums of several rules' items list them from the first pass");
        if (currency == "USD")
        {
            // Sum mode in a currency of two decimals writes the items while it sums them (docs/design.md §36), not the masked reads.
            probe.ItemsWhileSumming.Should().BePositive("sum-mode lines in USD are written while summing");
        }
        else
        {
            probe.WideSums.Should().BePositive("rules with more than two amounts are summed past the two masked reads");
            probe.ItemsWhileSumming.Should().Be(0, "only a currency of two decimals writes the items while summing");
        }
        probe.Exact.Should().BePositive("sums are added in minor units");
        longRuns.Should().BePositive("some item runs are longer than two blocks");
    }

    [Theory]
    [InlineData("highest", "highest")]
    [InlineData("first", "first")]
    [InlineData("highest", "first")]
    public void Of_rules_that_tie_the_first_in_consideration_order_decides(string escalation, string empowerment)
    {
        var yaml = $$"""
            policy: ties
            version: "1"
            facts:
              orderValue: money
            combine:
              compensation: sum
              escalation: {{escalation}}
              empowerment: {{empowerment}}
            rules:
              - id: plain
                when: orderValue >= 0
                then:
                  note: No choice here.
              - id: a
                when: orderValue >= 0
                then:
                  escalate: { to: team-lead, within: 2h }
                  empower: { role: frontline, limit: 10, actions: [refund] }
              - id: b
                when: orderValue >= 0
                then:
                  escalate: { to: supervisor, within: 1h }
                  empower: { role: supervisor, limit: 20, actions: [refund, credit] }
              - id: c
                when: orderValue >= 0
                then:
                  escalate: { to: supervisor, within: PT60M }
                  empower: { role: supervisor, limit: 20.00, actions: [credit] }
                  compensate:
                    - refund: orderValue
                    - credit: orderValue
                    - voucher: orderValue
            """;
        var policy = PolicyYaml.Compile(yaml, "ties.policy.yaml").GetPolicyOrThrow();
        var line = Written(policy, """{"id": "t", "severity": "minor", "channel": "email", "delay": "1h", "customer": {"tier": "gold", "value": 1}, "orderValue": 12.5}""");
        if (escalation == "highest")
        {
            line.Should().Contain("\"escalation\":{\"to\":\"supervisor\",\"within\":\"PT1H\",\"rule\":\"b\"}");
        }
        else
        {
            line.Should().Contain("\"escalation\":{\"to\":\"team-lead\",\"within\":\"PT2H\",\"rule\":\"a\"}");
        }

        line.Should().Contain(empowerment == "highest"
            ? "\"empowerment\":{\"role\":\"supervisor\",\"limit\":20.00,\"actions\":[\"refund\",\"credit\"],\"rules\":[\"a\",\"b\",\"c\"]}"
            : "\"empowerment\":{\"role\":\"frontline\",\"limit\":10.00,\"actions\":[\"refund\"],\"rules\":[\"a\"]}");
    }

    /// <summary>Writes one case's line, compared with the reference first; gives the line.</summary>
    private static string Written(RecoveryPolicy policy, string json)
    {
        PlainLineComparison.Compare(policy, json, Now).Should().Be(PlainLine.Written);
        var output = new ArrayBufferWriter<byte>();
        policy.TryWritePlainUtf8Line(Encoding.UTF8.GetBytes(json), Now, output, out _, out _, out _).Should().Be(PlainLine.Written);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
