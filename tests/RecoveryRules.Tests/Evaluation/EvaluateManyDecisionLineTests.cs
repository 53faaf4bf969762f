using System.Buffers;
using System.Collections.Immutable;
using System.Text;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>The batch path's decision line (<c>DecisionJson.TryWriteLine</c>, docs/performance.md "Batch throughput") is the bytes of <see cref="Decision.ToJson"/>.</summary>
public sealed class EvaluateManyDecisionLineTests
{
    private static readonly PolicyIdentity Policy = new("retail-recovery", "2026.11", "sha256:abc\"def");

    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, 120, TimeSpan.FromHours(2));

    public static TheoryData<string> Shapes => [.. Decisions().Keys];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_decision_line_is_its_json_and_a_newline(string shape)
    {
        var decision = Decisions()[shape];
        var output = new ArrayBufferWriter<byte>(16);

        DecisionJson.TryWriteLine(output, decision).Should().BeTrue();

        Encoding.UTF8.GetString(output.WrittenSpan).Should().Be(decision.ToJson() + "\n");
    }

    [Theory]
    [InlineData("c-\"1")]
    [InlineData("c-é")]
    [InlineData("c\n1")]
    public void A_case_id_that_needs_escaping_is_left_to_the_json_writer(string caseId)
    {
        var output = new ArrayBufferWriter<byte>(16);

        DecisionJson.TryWriteLine(output, Decisions()["no escalation"] with { CaseId = caseId }).Should().BeFalse();

        output.WrittenCount.Should().Be(0);
    }

    private static Dictionary<string, Decision> Decisions()
    {
        var items = ImmutableArray.Create(
            new CompensationItem("refund", 12.50m, "late-delivery", null),
            new CompensationItem("voucher", null, "goodwill", "Sorry \"again\" — 10%"),
            new CompensationItem("credit", -0.0m, "odd", "x"));
        var plain = new Decision
        {
            CaseId = "c-1",
            Policy = Policy,
            Compensation = new CompensationDecision(0.00m, "USD", false, []),
            EvaluatedAt = At,
        };
        return new Dictionary<string, Decision>
        {
            ["no escalation"] = plain,
            ["no case id"] = plain with { CaseId = null },
            ["everything"] = plain with
            {
                Compensation = new CompensationDecision(62.5000m, "EUR", true, items),
                Escalation = new EscalationDecision("team-lead", TimeSpan.FromHours(36), "otherwise"),
                Empowerment = new EmpowermentDecision("agent", 25.00m, ["refund", "voucher"], ["a", "b"]),
                Notes = ["first", "<second> & 'third'"],
                Fired = ["late-delivery", "goodwill"],
            },
            ["nulls inside"] = plain with
            {
                Escalation = new EscalationDecision("manager", null, "critical"),
                Empowerment = new EmpowermentDecision("lead", null, [], []),
                EvaluatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            },
        };
    }
}
