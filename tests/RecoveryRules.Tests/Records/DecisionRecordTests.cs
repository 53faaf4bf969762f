using System.Text;
using System.Text.Json;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Records;

/// <summary>docs/auditing.md, "Decision records": what a record holds, how it is made, and that it replays.</summary>
public sealed class DecisionRecordTests
{
    private static readonly RecoveryPolicy Retail = Load("retail.policy.yaml");

    /// <summary>The example case of docs/policy-language.md §4, pretty-printed over three lines as examples/retail holds it.</summary>
    private static readonly string CaseC1042 = ReadData("Records", "case-c-1042.json");

    private static readonly DateTimeOffset Earlier = new(2026, 11, 22, 9, 0, 0, TimeSpan.FromHours(1));

    private static string Line(DecisionRecord record) => record.ToJson();

    [Fact]
    public void A_record_is_the_decision_with_the_case_as_given_compacted()
    {
        var recoveryCase = Retail.ReadCase(CaseC1042);
        var decision = Retail.Evaluate(recoveryCase);

        var record = DecisionRecord.Create(recoveryCase, new CaseResult(decision, null));

        Line(record).Should().Be(ReadData("Records", "c-1042.record.jsonl").TrimEnd('\n'));
        Line(record).Should().StartWith(decision.ToJson()[..^1] + ",\"given\":");
        record.CaseId.Should().Be("c-1042");
        record.Policy.Should().Be(Retail.Identity);
        record.EvaluatedAt.Should().Be(Now);
        record.Given.GetProperty("customer").GetProperty("tier").GetString().Should().Be("gold");
    }

    [Fact]
    public void The_given_keeps_every_name_string_and_number_as_written()
    {
        const string json = "{ \"id\" : \"c-7\",\n \"severity\": \"\\u0063ritical\", \"channel\": \"phone\", \"delay\": \"PT3H\",\r\n"
            + "  \"customer\": { \"tier\": \"gold\" }, \"customer.value\": 1.2e4, \"orderValue\": \"80.00 USD\", \"failureType\": \"technical\", \"proactive\": false, \"repeatFailures\": null }";
        var recoveryCase = Retail.ReadCase(json);

        var record = DecisionRecord.Create(recoveryCase, new CaseResult(Retail.Evaluate(recoveryCase), null));

        Given(record).Should().Be("{\"id\":\"c-7\",\"severity\":\"\\u0063ritical\",\"channel\":\"phone\",\"delay\":\"PT3H\","
            + "\"customer\":{\"tier\":\"gold\"},\"customer.value\":1.2e4,\"orderValue\":\"80.00 USD\",\"failureType\":\"technical\",\"proactive\":false,\"repeatFailures\":null}");
    }

    [Fact]
    public void A_string_given_keeps_its_spaces()
    {
        var recoveryCase = Retail.ReadCase("{\"id\": \"a  b\\\" }\", \"severity\": \"minor\", \"channel\": \"chat\", \"delay\": \"1h\", \"orderValue\": 5, \"failureType\": \"technical\", \"proactive\": true}");

        Given(DecisionRecord.Create(recoveryCase, new CaseResult(Retail.Evaluate(recoveryCase), null)))
            .Should().StartWith("{\"id\":\"a  b\\\" }\",\"severity\":");
    }

    [Fact]
    public void A_case_built_in_code_records_the_facts_it_was_given()
    {
        var recoveryCase = Retail.CreateCase("b-1")
            .With("severity", "critical")
            .With("channel", "phone")
            .With("delay", TimeSpan.FromMinutes(90))
            .With("customer.tier", "gold")
            .With("orderValue", 80.50m)
            .With("failureType", "technical")
            .With("proactive", false)
            .Build();

        var record = DecisionRecord.Create(recoveryCase, new CaseResult(Retail.Evaluate(recoveryCase), null));

        Given(record).Should().Be("{\"id\":\"b-1\",\"severity\":\"critical\",\"channel\":\"phone\",\"delay\":\"PT1H30M\",\"customer.tier\":\"gold\","
            + "\"orderValue\":80.50,\"failureType\":\"technical\",\"proactive\":false}");
        DecisionComparison.Compare(record.Result, record.Replay(Retail)).Should().BeEmpty();
    }

    [Fact]
    public void A_case_built_in_code_with_occurredAt_records_it_with_its_offset()
    {
        var recoveryCase = Retail.CreateCase()
            .With("severity", "minor").With("channel", "chat").With("orderValue", 10m).With("failureType", "operation").With("proactive", false)
            .OccurredAt(new DateTimeOffset(2026, 11, 22, 8, 15, 0, TimeSpan.FromHours(-3)))
            .Build();

        var record = DecisionRecord.Evaluate(recoveryCase, new EvaluationOptions { Now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero) });

        Given(record).Should().Contain("\"occurredAt\":\"2026-11-22T08:15:00-03:00\"");
        record.Result.IsDecision.Should().BeTrue("08:15-03:00 is 11:15 UTC, before noon UTC");
        DecisionComparison.Compare(record.Result, record.Replay(Retail)).Should().BeEmpty();
    }

    [Fact]
    public void A_case_error_record_carries_the_policy_and_the_moment_of_evaluation()
    {
        var recoveryCase = Retail.ReadCase("{\"id\": \"late\", \"severity\": \"minor\", \"channel\": \"chat\", \"occurredAt\": \"2026-11-22T09:30:00+01:00\", \"orderValue\": 5, \"failureType\": \"technical\", \"proactive\": true}");

        var record = DecisionRecord.Evaluate(recoveryCase, new EvaluationOptions { Now = Earlier });

        record.Result.Error!.Id.Should().Be("RR0410");
        Line(record).Should().Be(
            "{\"case\":\"late\",\"policy\":{\"id\":\"retail-recovery\",\"version\":\"2026.11\",\"hash\":\"" + Retail.Identity.Hash + "\"},"
            + "\"error\":{\"id\":\"RR0410\",\"message\":\"'occurredAt' is 2026-11-22T09:30:00+01:00, after the engine's clock (2026-11-22T09:00:00+01:00); a failure cannot have happened in the future\",\"field\":\"occurredAt\"},"
            + "\"evaluatedAt\":\"2026-11-22T09:00:00+01:00\","
            + "\"given\":{\"id\":\"late\",\"severity\":\"minor\",\"channel\":\"chat\",\"occurredAt\":\"2026-11-22T09:30:00+01:00\",\"orderValue\":5,\"failureType\":\"technical\",\"proactive\":true}}");
        DecisionComparison.Compare(record.Result, record.Replay(Retail)).Should().BeEmpty();
    }

    [Fact]
    public void A_case_error_recorded_without_a_moment_takes_the_policy_clock()
    {
        var recoveryCase = Retail.ReadCase("{\"severity\": \"minor\", \"channel\": \"chat\", \"occurredAt\": \"2026-11-22T10:30:00Z\", \"orderValue\": 5, \"failureType\": \"technical\", \"proactive\": true}");
        Retail.TryEvaluate(recoveryCase, out _, out var error).Should().BeFalse();

        var record = DecisionRecord.Create(recoveryCase, new CaseResult(null, error));

        record.EvaluatedAt.Should().Be(Now);
        record.Policy.Should().Be(Retail.Identity);
        record.CaseId.Should().BeNull();
        Line(record).Should().StartWith("{\"case\":null,\"policy\":{\"id\":\"retail-recovery\"");
    }

    [Theory]
    [InlineData("{\"id\": \"x\", \"severity\": ", "\"{\\\"id\\\": \\\"x\\\", \\\"severity\\\": \"")]
    [InlineData("[1, 2]", "\"[1, 2]\"")]
    [InlineData("not json", "\"not json\"")]
    [InlineData("{\"a\": 1} {\"b\": 2}", "\"{\\\"a\\\": 1} {\\\"b\\\": 2}\"")]
    [InlineData("\"critical\"", "\"\\\"critical\\\"\"")]
    public void Input_that_is_not_one_json_object_is_recorded_as_its_text_and_replays_to_the_same_error(string input, string given)
    {
        var result = Retail.EvaluateJson(input);
        result.IsDecision.Should().BeFalse();

        var record = DecisionRecord.FromInput(Encoding.UTF8.GetBytes(input), result, Retail.Identity, Now);

        Given(record).Should().Be(given);
        record.Replay(Retail).Should().Be(result);
    }

    [Fact]
    public void A_json_object_the_policy_rejects_is_recorded_as_an_object()
    {
        const string input = "{\"id\": \"u\", \"severity\": \"urgent\"}";
        var result = Retail.EvaluateJson(input);

        var record = DecisionRecord.FromInput(Encoding.UTF8.GetBytes("\uFEFF" + input), result, Retail.Identity, Now);

        Given(record).Should().Be("{\"id\":\"u\",\"severity\":\"urgent\"}");
        record.Replay(Retail).Should().Be(result);
    }

    [Fact]
    public void A_given_that_is_not_valid_utf8_is_kept_with_replacement_characters_so_the_line_stays_json()
    {
        byte[] input = [.. "{\"id\": \"a"u8, 0xFF, .. "\", \"severity\": \"minor\"}"u8];
        var result = Retail.EvaluateJson(Encoding.UTF8.GetString(input));

        var record = DecisionRecord.FromInput(input, result, Retail.Identity, Now);

        Given(record).Should().Be("{\"id\":\"a\uFFFD\",\"severity\":\"minor\"}");
        DecisionRecord.TryParse(Encoding.UTF8.GetBytes(record.ToJson()), out _, out var problem).Should().BeTrue(problem);
    }

    [Fact]
    public void With_an_explanation_the_record_carries_it_and_reading_it_back_ignores_it()
    {
        var recoveryCase = Retail.ReadCase(CaseC1042);

        var record = DecisionRecord.Evaluate(recoveryCase, EvaluationOptions.WithExplanation);

        using (var document = JsonDocument.Parse(record.ToJson()))
        {
            document.RootElement.GetProperty("explanation").GetProperty("rules").GetArrayLength().Should().Be(Retail.RuleIds.Length);
            document.RootElement.EnumerateObject().Select(p => p.Name).Should().EndWith(["evaluatedAt", "explanation", "given"]);
        }

        DecisionRecord.TryParse(Encoding.UTF8.GetBytes(record.ToJson()), out var read, out var problem).Should().BeTrue(problem);
        read!.Result.Decision!.Explanation.Should().BeNull();
        read.Result.Decision.Should().Be(record.Result.Decision! with { Explanation = null });
        DecisionComparison.Compare(read.Result, read.Replay(Retail)).Should().BeEmpty();
    }

    [Fact]
    public void A_record_read_back_holds_the_same_values()
    {
        var record = DecisionRecord.Evaluate(Retail.ReadCase(CaseC1042), new EvaluationOptions { Now = Earlier });

        DecisionRecord.TryParse(Encoding.UTF8.GetBytes(record.ToJson() + "\n"), out var read, out var problem).Should().BeTrue(problem);

        read!.Result.Should().Be(record.Result);
        read.Policy.Should().Be(record.Policy);
        read.EvaluatedAt.Should().Be(Earlier);
        read.EvaluatedAt.Offset.Should().Be(Earlier.Offset);
        read.ToJson().Should().Be(record.ToJson());
    }

    [Fact]
    public void Replay_evaluates_at_the_recorded_moment_whatever_the_policy_clock_says()
    {
        var recoveryCase = Retail.ReadCase("{\"id\": \"o\", \"severity\": \"major\", \"channel\": \"chat\", \"occurredAt\": \"2026-11-20T09:00:00Z\", \"orderValue\": 40, \"failureType\": \"technical\", \"proactive\": false}");
        var record = DecisionRecord.Evaluate(recoveryCase, new EvaluationOptions { Now = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero) });
        var later = Retail.Evaluate(recoveryCase);
        DecisionComparison.Compare(record.Result, new CaseResult(later, null)).Should().NotBeEmpty("two days later the delay makes the case late");

        var replayed = record.Replay(Retail, EvaluationOptions.WithExplanation);

        replayed.Decision!.EvaluatedAt.Should().Be(record.EvaluatedAt);
        replayed.Decision.Explanation.Should().NotBeNull();
        DecisionComparison.Compare(record.Result, replayed).Should().BeEmpty();
    }

    [Fact]
    public void A_record_of_a_json_element_given_by_the_caller()
    {
        using var document = JsonDocument.Parse("{\"id\": \"e\",  \"severity\": \"minor\"}");
        var result = Retail.EvaluateJson(document.RootElement.GetRawText());

        var record = DecisionRecord.Create(document.RootElement, result, Retail.Identity, Now);

        Given(record).Should().Be("{\"id\":\"e\",\"severity\":\"minor\"}");
        record.Given.GetProperty("id").GetString().Should().Be("e");
    }

    [Fact]
    public void Create_refuses_a_decision_made_at_another_moment_or_by_another_policy()
    {
        var recoveryCase = Retail.ReadCase(CaseC1042);
        var result = new CaseResult(Retail.Evaluate(recoveryCase), null);
        using var document = JsonDocument.Parse(CaseC1042);

        var atAnotherMoment = () => DecisionRecord.Create(recoveryCase, result, Earlier);
        var byAnotherPolicy = () => DecisionRecord.Create(document.RootElement, result, Retail.Identity with { Version = "2027.1" }, Now);
        var neither = () => DecisionRecord.Create(recoveryCase, new CaseResult(null, null));
        var undefined = () => DecisionRecord.Create(default(JsonElement), result, Retail.Identity, Now);

        atAnotherMoment.Should().Throw<ArgumentException>().WithParameterName("evaluatedAt")
            .WithMessage("The decision was made at 2026-11-22T10:00:00+00:00, not at 2026-11-22T09:00:00+01:00.*");
        byAnotherPolicy.Should().Throw<ArgumentException>().WithParameterName("policy");
        neither.Should().Throw<ArgumentException>().WithParameterName("result");
        undefined.Should().Throw<ArgumentException>().WithParameterName("given");
    }

    [Fact]
    public void The_same_instant_with_another_offset_is_the_decision_s_moment_and_the_record_keeps_the_decision_s_offset()
    {
        var recoveryCase = Retail.ReadCase(CaseC1042);
        var result = new CaseResult(Retail.Evaluate(recoveryCase), null);

        var record = DecisionRecord.Create(recoveryCase, result, Now.ToOffset(TimeSpan.FromHours(5)));

        record.EvaluatedAt.Offset.Should().Be(TimeSpan.Zero);
    }

    private static string Given(DecisionRecord record)
    {
        using var document = JsonDocument.Parse(record.ToJson());
        return document.RootElement.GetProperty("given").GetRawText();
    }
}
