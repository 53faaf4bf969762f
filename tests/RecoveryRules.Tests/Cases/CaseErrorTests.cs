using RecoveryRules.Tests.Evaluation;
using static RecoveryRules.Tests.Cases.CaseReadingTests;

namespace RecoveryRules.Tests.Cases;

/// <summary>§1, §4, §9 Cases: each way a case can be wrong gives its own id and a message that names the field.</summary>
public sealed class CaseErrorTests
{
    private static CaseError Reject(string json, string id, string field)
    {
        var error = Policy.Reject(json);
        error.Id.Should().Be(id, error.Message);
        error.Message.Should().Contain($"'{field}'");
        error.Field.Should().Be(field);
        return error;
    }

    [Theory]
    [InlineData("orderValue")]
    [InlineData("severity")]
    [InlineData("channel")]
    [InlineData("proactive")]
    public void Missing_required_fact_is_reported_by_name(string fact)
    {
        Reject(ValidWithout(fact), "RR0401", fact).CaseId.Should().Be("c-1");
    }

    [Fact]
    public void Null_for_a_required_fact_counts_as_absent()
    {
        Reject(ValidWith("orderValue", "null"), "RR0401", "orderValue");
    }

    [Fact]
    public void Undeclared_field_is_an_error_with_a_suggestion()
    {
        var error = Reject(Valid("\"ordervalue\": 40"), "RR0402", "ordervalue");

        error.Message.Should().Contain("did you mean 'orderValue'").And.Contain("'cases'");
    }

    [Fact]
    public void Undeclared_nested_field_is_named_dotted_with_a_suggestion()
    {
        var error = Reject(Valid("\"customer\": {\"teir\": \"gold\"}"), "RR0402", "customer.teir");

        error.Message.Should().Contain("did you mean 'customer.tier'");
    }

    [Fact]
    public void Undeclared_field_without_a_close_name_has_no_suggestion()
    {
        Reject(Valid("\"weather\": \"rain\""), "RR0402", "weather").Message.Should().NotContain("did you mean");
    }

    [Theory]
    [InlineData("severity", "\"critcal\"", "severity", "critical")]
    [InlineData("severity", "\"Critical\"", "severity", "critical")]
    [InlineData("channel", "\"fax\"", "channel", null)]
    [InlineData("customer", "{\"tier\": \"golden\"}", "customer.tier", "gold")]
    [InlineData("failureType", "\"technicl\"", "failureType", "technical")]
    public void Unknown_member_is_an_error_listing_the_members(string member, string value, string field, string? suggestion)
    {
        var error = Reject(ValidWith(member, value), "RR0403", field);

        error.Message.Should().Contain("Members:");
        if (suggestion is not null)
        {
            error.Message.Should().Contain($"did you mean '{suggestion}'");
        }
    }

    [Fact]
    public void Malformed_duration_is_reported_by_name()
    {
        Reject(ValidWith("delay", "\"2 hours\""), "RR0404", "delay").Message.Should().Contain("2 hours");
    }

    [Theory]
    [InlineData("\"80\"")]
    [InlineData("\"80.00\"")]
    [InlineData("\"80USD\"")]
    [InlineData("\"USD 80\"")]
    [InlineData("\"80  USD\"")]
    [InlineData("\"eighty USD\"")]
    [InlineData("\"80,5 USD\"")]
    [InlineData("\"\"")]
    public void Malformed_money_including_a_bare_numeric_string_is_reported_by_name(string orderValue)
    {
        Reject(ValidWith("orderValue", orderValue), "RR0405", "orderValue");
    }

    [Fact]
    public void Money_in_another_currency_is_reported_with_both_currencies()
    {
        var error = Reject(ValidWith("orderValue", "\"80 EUR\""), "RR0406", "orderValue");

        error.Message.Should().Contain("EUR").And.Contain("USD");
    }

    [Theory]
    [InlineData("proactive", "\"yes\"")]
    [InlineData("proactive", "1")]
    [InlineData("proactive", "\"true\"")]
    [InlineData("repeatFailures", "\"3\"")]
    [InlineData("delay", "3")]
    [InlineData("severity", "3")]
    [InlineData("orderValue", "true")]
    [InlineData("orderValue", "[40]")]
    [InlineData("customer", "\"gold\"")]
    [InlineData("customer.segment", "7")]
    public void Value_of_the_wrong_json_type_is_reported_by_name(string field, string value)
    {
        Reject(ValidWith(field, value), "RR0407", field);
    }

    [Fact]
    public void Field_given_nested_and_dotted_is_an_error()
    {
        Reject(Valid("\"customer\": {\"tier\": \"gold\"}, \"customer.tier\": \"gold\""), "RR0408", "customer.tier");
    }

    [Fact]
    public void Field_given_twice_is_an_error()
    {
        Reject(Valid("\"repeatFailures\": 1, \"repeatFailures\": 1"), "RR0408", "repeatFailures");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("{\"severity\": }")]
    [InlineData("[{\"severity\": \"major\"}]")]
    [InlineData("42")]
    [InlineData("\"case\"")]
    [InlineData("null")]
    [InlineData("{\"severity\": \"major\"} {}")]
    public void Invalid_json_or_not_an_object_is_a_malformed_case(string json)
    {
        var error = Policy.Reject(json);

        error.Id.Should().Be("RR0400");
        error.CaseId.Should().BeNull();
        error.ToJson().Should().StartWith("{\"case\":null,\"error\":{\"id\":\"RR0400\",\"message\":");
    }

    [Fact]
    public void Error_keeps_the_case_id_when_it_could_be_read()
    {
        var error = Reject(Valid("\"ordervalue\": 40"), "RR0402", "ordervalue");

        error.CaseId.Should().Be("c-1");
        error.ToJson().Should().StartWith("{\"case\":\"c-1\",\"error\":{\"id\":\"RR0402\",\"message\":\"The case field 'ordervalue'");
    }

    [Fact]
    public void Throwing_twins_carry_the_same_error()
    {
        var act = () => Policy.ReadCase(Valid("\"ordervalue\": 40"));

        act.Should().Throw<CaseException>().Which.Error.Id.Should().Be("RR0402");
    }

    [Fact]
    public void Case_read_by_another_policy_is_refused()
    {
        var other = Policies.LoadFrom("Cases", "cases.policy.yaml");
        var recoveryCase = Policy.ReadCase(Valid());

        var act = () => other.Evaluate(recoveryCase);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Batch_reports_each_bad_case_in_its_place_and_decides_the_others()
    {
        string[] lines =
        [
            Valid().Replace("c-1", "b-1", StringComparison.Ordinal),
            Valid("\"ordervalue\": 40").Replace("c-1", "b-2", StringComparison.Ordinal),
            "{not json",
            ValidWith("orderValue", "\"80 EUR\"").Replace("c-1", "b-4", StringComparison.Ordinal),
            Valid().Replace("c-1", "b-5", StringComparison.Ordinal),
        ];

        var output = lines.Select(line => Policy.EvaluateJson(line).ToJson()).ToArray();

        output.Should().HaveCount(5);
        output[0].Should().StartWith("{\"case\":\"b-1\",\"policy\":");
        output[1].Should().StartWith("{\"case\":\"b-2\",\"error\":{\"id\":\"RR0402\"");
        output[2].Should().StartWith("{\"case\":null,\"error\":{\"id\":\"RR0400\"");
        output[3].Should().StartWith("{\"case\":\"b-4\",\"error\":{\"id\":\"RR0406\"");
        output[4].Should().StartWith("{\"case\":\"b-5\",\"policy\":");
        output[4].Should().Be(output[0].Replace("b-1", "b-5", StringComparison.Ordinal), "a bad case never disturbs the next");
        output.Should().OnlyContain(line => !line.Contains('\n', StringComparison.Ordinal));
    }
}
