using System.Text;
using System.Text.Json.Nodes;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Records;

/// <summary><see cref="DecisionRecord.TryParse"/>: records are read as values, from this version or another implementation; what is not a record says why.</summary>
public sealed class DecisionRecordParsingTests
{
    private static readonly RecoveryPolicy Retail = Load("retail.policy.yaml");

    private static readonly string Golden = ReadData("Records", "c-1042.record.jsonl").TrimEnd('\n');

    private static string Problem(string line)
    {
        DecisionRecord.TryParse(Encoding.UTF8.GetBytes(line), out var record, out var problem).Should().BeFalse();
        record.Should().BeNull();
        return problem!;
    }

    private static DecisionRecord Parse(string line)
    {
        DecisionRecord.TryParse(Encoding.UTF8.GetBytes(line), out var record, out var problem).Should().BeTrue(problem);
        return record!;
    }

    [Fact]
    public void A_record_of_another_implementation_reads_as_values_and_replays_identically()
    {
        var lines = File.ReadAllLines(DataPath("Records", "other-implementation.jsonl"));

        var first = Parse(lines[0]);
        var decision = first.Result.Decision!;
        decision.Compensation.Total.Should().Be(80m);
        decision.Compensation.Items.Single().Amount.Should().Be(80m);
        decision.Escalation!.Within.Should().Be(TimeSpan.FromHours(1));
        decision.Empowerment!.Limit.Should().Be(200m);
        first.EvaluatedAt.Should().Be(new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.FromHours(1)));
        DecisionComparison.Compare(first.Result, first.Replay(Retail)).Should().BeEmpty();

        var second = Parse(lines[1]);
        second.Result.Decision!.Empowerment.Should().BeNull("an absent member that may be null is null");
        second.Result.Decision.Escalation!.Within.Should().Be(TimeSpan.FromHours(48));
        DecisionComparison.Compare(second.Result, second.Replay(Retail)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("given")]
    [InlineData("policy")]
    [InlineData("policy.id")]
    [InlineData("policy.version")]
    [InlineData("policy.hash")]
    [InlineData("evaluatedAt")]
    [InlineData("compensation")]
    [InlineData("compensation.total")]
    [InlineData("compensation.currency")]
    [InlineData("compensation.capped")]
    [InlineData("compensation.items")]
    [InlineData("escalation.to")]
    [InlineData("escalation.rule")]
    [InlineData("empowerment.role")]
    [InlineData("empowerment.actions")]
    [InlineData("empowerment.rules")]
    [InlineData("notes")]
    [InlineData("fired")]
    public void A_missing_member_is_a_problem_that_names_it(string path)
    {
        var line = JsonNode.Parse(Golden)!.AsObject();
        var parent = line;
        var steps = path.Split('.');
        foreach (var step in steps[..^1])
        {
            parent = parent[step]!.AsObject();
        }

        parent.Remove(steps[^1]);

        Problem(line.ToJsonString()).Should().Be($"not a record: the member '{path}' is missing");
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("rule")]
    public void A_missing_member_of_an_item_names_the_item(string member)
    {
        var line = JsonNode.Parse(Golden)!.AsObject();
        line["compensation"]!["items"]![0]!.AsObject().Remove(member);

        Problem(line.ToJsonString()).Should().Be($"not a record: the member 'compensation.items[0].{member}' is missing");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("message")]
    public void A_missing_member_of_an_error_names_it(string member)
    {
        var line = JsonNode.Parse("{\"case\":\"x\",\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"sha256:0\"},\"error\":{\"id\":\"RR0400\",\"message\":\"m\"},\"evaluatedAt\":\"2026-11-22T10:00:00Z\",\"given\":\"x\"}")!.AsObject();
        line["error"]!.AsObject().Remove(member);

        Problem(line.ToJsonString()).Should().Be($"not a record: the member 'error.{member}' is missing");
    }

    [Theory]
    [InlineData("\"total\":80.00", "\"total\":\"80.00\"", "not a record: 'compensation.total' is a string, not a number")]
    [InlineData("\"total\":80.00", "\"total\":1e400", "not a record: 'compensation.total' is the number 1e400, beyond the decimal range")]
    [InlineData("\"capped\":false", "\"capped\":0", "not a record: 'compensation.capped' is the number 0, not true or false")]
    [InlineData("\"within\":\"PT1H\"", "\"within\":\"an hour\"", "not a record: 'escalation.within' is \"an hour\", not a duration such as \"PT1H\" or \"1h\"")]
    [InlineData("\"evaluatedAt\":\"2026-11-22T10:00:00+00:00\"", "\"evaluatedAt\":\"2026-11-22T10:00:00\"", "not a record: 'evaluatedAt' is \"2026-11-22T10:00:00\", not an ISO 8601 timestamp with an offset")]
    [InlineData("\"fired\":[\"critical-high-value\"]", "\"fired\":[\"critical-high-value\",7]", "not a record: 'fired[1]' is the number 7, not a string")]
    [InlineData("\"fired\":[\"critical-high-value\"]", "\"fired\":\"critical-high-value\"", "not a record: 'fired' is a string, not a list of strings")]
    [InlineData("\"escalation\":{", "\"escalation\":[],\"x\":{", "not a record: 'escalation' is a list, not an object")]
    [InlineData("\"case\":\"c-1042\"", "\"case\":true", "not a record: 'case' is the boolean true, not a string or null")]
    [InlineData("\"notes\":[\"Call the customer back personally.\"]", "\"notes\":[\"\\ud800\"]", "not a record: 'notes[0]' is not valid Unicode text")]
    [InlineData("\"notes\":", "\"not\\ud800es\":", "not a record: a member's name is not valid Unicode text")]
    public void A_member_of_the_wrong_kind_is_a_problem_that_names_it(string from, string to, string problem)
    {
        Golden.Should().Contain(from);

        Problem(Golden.Replace(from, to, StringComparison.Ordinal)).Should().Be(problem);
    }

    [Fact]
    public void Values_are_read_in_every_form_the_format_allows()
    {
        var line = Golden
            .Replace("\"case\":\"c-1042\"", "\"case\":1042", StringComparison.Ordinal)
            .Replace("\"within\":\"PT1H\"", "\"within\":\"60m\"", StringComparison.Ordinal)
            .Replace("\"limit\":200.00", "\"limit\":null", StringComparison.Ordinal)
            .Replace("\"amount\":80.00", "\"amount\":80,\"note\":null", StringComparison.Ordinal);

        var decision = Parse(line).Result.Decision!;

        decision.CaseId.Should().Be("1042");
        decision.Escalation!.Within.Should().Be(TimeSpan.FromHours(1));
        decision.Empowerment!.Limit.Should().BeNull();
        decision.Compensation.Items.Single().Should().Be(new CompensationItem("refund", 80m, "critical-high-value", null));
    }

    [Fact]
    public void A_line_cut_short_is_not_a_whole_record()
    {
        for (var length = 1; length < Golden.Length; length += 7)
        {
            Problem(Golden[..length]).Should().Be("not a whole record (the line ends before its JSON object does)", "cut after {0} characters", length);
        }
    }

    [Theory]
    [InlineData("", "not a record (the line holds no JSON)")]
    [InlineData("  \r", "not a record (the line holds no JSON)")]
    [InlineData("[1, 2]", "not a record: the line holds a list, not an object")]
    [InlineData("\"record\"", "not a record: the line holds a string, not an object")]
    [InlineData("{\"case\": x}", "not a record (invalid JSON at byte 10: 'x' is an invalid start of a value)")]
    [InlineData("{\"a\": 1} {\"b\": 2}", "not a record (invalid JSON at byte 10: '{' is invalid after a single JSON value. Expected end of data)")]
    [InlineData("{\"a\": 1}}", "not a record (invalid JSON at byte 9: '}' is invalid after a single JSON value. Expected end of data)")]
    public void A_line_that_is_not_a_record_says_why(string line, string problem)
    {
        Problem(line).Should().Be(problem);
    }

    [Fact]
    public void Unknown_members_are_ignored()
    {
        var record = Parse(Golden[..^1] + ",\"explanation\":{\"whatever\":[1,2,{}]},\"line\":7,\"zz\":null}");

        record.Result.Decision!.Fired.Should().Equal("critical-high-value");
    }

    [Fact]
    public void A_byte_order_mark_and_a_trailing_newline_are_allowed()
    {
        Parse("\uFEFF" + Golden + "\r\n").CaseId.Should().Be("c-1042");
    }
}
