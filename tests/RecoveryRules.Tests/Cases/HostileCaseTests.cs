using System.Text;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Tests.Infrastructure;
using static RecoveryRules.Tests.Cases.CaseReadingTests;

namespace RecoveryRules.Tests.Cases;

/// <summary>
/// Hostile cases (text that is not Unicode, durations and sums past the decimal range) are each that
/// case's error naming the field; the Try methods never throw and the throwing ones throw only CaseException.
/// </summary>
public sealed class HostileCaseTests
{
    private static readonly RecoveryPolicy Retail = Policies.Compile(File.ReadAllText(RepositoryRoot.Combine("examples", "retail", "retail.policy.yaml")), "retail.policy.yaml");

    private const string RetailCase = """{"id": "c-1", "severity": "critical", "channel": "phone", "delay": "3h", "orderValue": 80, "failureType": "technical", "proactive": false}""";

    private static RecoveryPolicy TwoAmounts(string mode) =>
        Policies.Compile(File.ReadAllText(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Fuzzing", "Policies", $"two-amounts-{mode}.policy.yaml")), $"two-amounts-{mode}.policy.yaml");

    private static CaseError RejectBytes(RecoveryPolicy policy, byte[] json)
    {
        policy.TryReadCase(json, out var recoveryCase, out var error).Should().BeFalse();
        recoveryCase.Should().BeNull();
        return error!;
    }

    private static byte[] Bytes(string text, string marker, params byte[] replacement)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        at.Should().BeGreaterThanOrEqualTo(0);
        return [.. bytes[..at], .. replacement, .. bytes[(at + marker.Length)..]];
    }

    [Theory]
    [InlineData("\"severity\": \"\\ud800\"", "severity")]
    [InlineData("\"severity\": \"crit\\udc00ical\"", "severity")]
    [InlineData("\"channel\": \"\\udbff\"", "channel")]
    [InlineData("\"delay\": \"3h\\ud800\"", "delay")]
    [InlineData("\"orderValue\": \"80 \\ud800\"", "orderValue")]
    [InlineData("\"id\": \"\\ud800\"", "id")]
    public void A_lone_surrogate_in_a_value_is_a_case_error_naming_the_field(string field, string name)
    {
        var json = RetailCase.Replace($"\"{name}\": ", $"\"ignored-{name}\": ", StringComparison.Ordinal);
        json = json.Replace($", \"ignored-{name}\": " + ExistingValue(name), string.Empty, StringComparison.Ordinal)
            .Replace($"\"ignored-{name}\": " + ExistingValue(name) + ", ", string.Empty, StringComparison.Ordinal);
        json = json.Insert(1, field + ", ");

        var error = Retail.Reject(json);

        error.Id.Should().Be("RR0412", error.Message);
        error.Field.Should().Be(name);
        error.Message.Should().Contain($"'{name}'").And.Contain("value");
    }

    private static string ExistingValue(string name) => name switch
    {
        "severity" => "\"critical\"",
        "channel" => "\"phone\"",
        "delay" => "\"3h\"",
        "orderValue" => "80",
        _ => "\"c-1\"",
    };

    [Fact]
    public void A_lone_surrogate_in_a_text_fact_is_a_case_error_naming_the_field()
    {
        var error = Policy.Reject(Valid("\"customer\": {\"segment\": \"b\\ud800\"}"));

        error.Id.Should().Be("RR0412");
        error.Field.Should().Be("customer.segment");
    }

    [Fact]
    public void A_lone_surrogate_in_occurredAt_is_a_case_error_naming_the_field()
    {
        var error = Retail.Reject(RetailCase.Replace("\"delay\": \"3h\"", "\"occurredAt\": \"2026-11-22T08:00:00\\ud800Z\"", StringComparison.Ordinal));

        error.Id.Should().Be("RR0412");
        error.Field.Should().Be("occurredAt");
    }

    [Theory]
    [InlineData("{\"sev\\ud800\": 1, ", "sev\\ud800")]
    [InlineData("{\"customer\": {\"t\\udfff\": 1}, ", "customer.t\\udfff")]
    public void A_lone_surrogate_in_a_key_is_a_case_error_naming_the_key_as_written(string start, string field)
    {
        var error = Retail.Reject(start + RetailCase[1..]);

        error.Id.Should().Be("RR0412");
        error.Field.Should().Be(field);
        error.Message.Should().Contain("name");
        error.ToJson().Should().Contain("\"field\":\"" + field.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"");
    }

    [Fact]
    public void Invalid_utf8_inside_a_value_is_a_case_error_naming_the_field()
    {
        var error = RejectBytes(Retail, Bytes(RetailCase, "critical", [(byte)'c', (byte)'r', (byte)'i', (byte)'t', 0xFF, (byte)'i', (byte)'c', (byte)'a', (byte)'l']));

        error.Id.Should().Be("RR0412");
        error.Field.Should().Be("severity");
        error.CaseId.Should().Be("c-1");
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0x80 })]
    public void Invalid_utf8_in_a_key_is_a_case_error_naming_the_key_with_a_replacement_character(byte[] bad)
    {
        var error = RejectBytes(Retail, Bytes(RetailCase, "proactive", [(byte)'p', .. bad]));

        error.Id.Should().Be("RR0412");
        error.Field.Should().StartWith("p\uFFFD");
        error.ToJson().Should().Contain("RR0412");
    }

    [Fact]
    public void A_dotnet_string_with_a_lone_surrogate_is_a_case_error_not_a_silent_replacement_character()
    {
        var json = RetailCase.Replace("\"proactive\": false", "\"proactive\": false, \"customer\": {\"tier\": \"gold\ud800\"}", StringComparison.Ordinal);

        Retail.TryReadCase(json, out _, out var error).Should().BeFalse();

        error!.Id.Should().Be("RR0412");
        error.Field.Should().Be("customer.tier");
        FluentActions.Invoking(() => Retail.ReadCase(json)).Should().Throw<CaseException>().Which.Error.Id.Should().Be("RR0412");
    }

    [Theory]
    [InlineData("1000000000000000000000000w")]
    [InlineData("999999999999999999999999w")]
    [InlineData("79228162514264337593543950336s")]
    [InlineData("1w79228162514264337593543950335s")]
    [InlineData("P999999999999999999999999W")]
    [InlineData("PT99999999999999999999999999H")]
    public void A_duration_past_the_decimal_range_is_its_own_case_error(string delay)
    {
        var error = Retail.Reject(RetailCase.Replace("\"3h\"", $"\"{delay}\"", StringComparison.Ordinal));

        error.Id.Should().Be("RR0413", error.Message);
        error.Field.Should().Be("delay");
        error.Message.Should().Contain(delay);
    }

    [Theory]
    [InlineData("1e999w")]
    [InlineData("99999999999999999999999")]
    [InlineData("99999999999999999999999w3")]
    [InlineData("P1W99999999999999999999999999D1")]
    public void A_malformed_duration_with_huge_digits_stays_malformed(string delay)
    {
        Retail.Reject(RetailCase.Replace("\"3h\"", $"\"{delay}\"", StringComparison.Ordinal)).Id.Should().Be("RR0404");
    }

    [Fact]
    public void The_largest_duration_that_fits_is_read()
    {
        var decision = Retail.Decide(RetailCase.Replace("\"3h\"", "\"79228162514264337593543950335s\"", StringComparison.Ordinal), EvaluationOptions.WithExplanation);

        decision.Escalation!.Rule.Should().Be("otherwise");
        decision.Explanation!.Facts.Should().Contain(new KeyValuePair<string, string>("delay", RecoveryRules.Parsing.Durations.ToCompact(79228162514264337593543950335m)));
    }

    [Theory]
    [InlineData("sum")]
    [InlineData("max")]
    [InlineData("first")]
    public void Amounts_that_each_fit_but_sum_past_the_decimal_range_are_a_case_error(string mode)
    {
        var policy = TwoAmounts(mode);
        const string json = """{"id": "big", "severity": "critical", "channel": "phone", "delay": "30m", "orderValue": 5e28}""";

        foreach (var options in new[] { EvaluationOptions.Default, EvaluationOptions.WithExplanation })
        {
            var result = policy.EvaluateJson(json, options);

            result.IsDecision.Should().BeFalse();
            result.Error!.Id.Should().Be("RR0423");
            result.Error.CaseId.Should().Be("big");
            result.Error.Message.Should().Be("The sum of the compensation amounts is too large to compute for this case");
            var recoveryCase = policy.ReadCase(json);
            FluentActions.Invoking(() => policy.Evaluate(recoveryCase, options)).Should().Throw<CaseException>().Which.Error.Id.Should().Be("RR0423");
        }
    }

    [Fact]
    public void Two_rules_whose_totals_together_pass_the_decimal_range_are_a_case_error()
    {
        var result = TwoAmounts("sum").EvaluateJson("""{"severity": "minor", "channel": "phone", "delay": "3h", "orderValue": 79228162514264337593543950335}""");

        result.Error.Should().BeNull("one rule with one amount fits");
        TwoAmounts("sum").EvaluateJson("""{"severity": "major", "channel": "phone", "delay": "3h", "orderValue": 3e28}""").Error!.Id.Should().Be("RR0423");
    }

    [Fact]
    public void The_largest_amounts_that_fit_are_decided_capped_with_their_limit_and_explained()
    {
        var policy = TwoAmounts("max");
        var decision = policy.Decide("""{"severity": "critical", "channel": "phone", "delay": "3h", "orderValue": 3e28}""", EvaluationOptions.WithExplanation);

        decision.Compensation.Capped.Should().BeTrue();
        decision.Compensation.Total.Should().Be(3e28m);
        decision.Empowerment!.Limit.Should().Be(3e28m);
        decision.ToJson().Should().Contain("\"limit\":30000000000000000000000000000");
    }

    [Fact]
    public void Builder_values_with_lone_surrogates_are_case_errors_naming_the_field()
    {
        Retail.CreateCase("c-1").With("severity", "\ud800").With("channel", "phone").With("delay", TimeSpan.FromHours(3))
            .With("orderValue", 80m).With("failureType", "technical").With("proactive", false)
            .TryBuild(out _, out var valueError).Should().BeFalse();
        valueError!.Id.Should().Be("RR0412");
        valueError.Field.Should().Be("severity");

        Retail.CreateCase("c-1").With("sev\udc00", "critical").TryBuild(out _, out var nameError).Should().BeFalse();
        nameError!.Id.Should().Be("RR0412");

        Retail.CreateCase("\ud800").With("severity", "critical").TryBuild(out _, out var idError).Should().BeFalse();
        idError!.Field.Should().Be("id");

        FluentActions.Invoking(() => Retail.CreateCase("c-1").With("severity", "x\ud800").Build()).Should().Throw<CaseException>();
    }

    [Fact]
    public void Builder_values_at_the_extremes_never_throw_anything_but_case_exceptions()
    {
        var built = Retail.CreateCase("c-1").With("severity", "critical").With("channel", "phone").With("delay", TimeSpan.MaxValue)
            .With("orderValue", decimal.MaxValue).With("failureType", "technical").With("proactive", false).Build();

        Retail.TryEvaluate(built, out var decision, out var error, EvaluationOptions.WithExplanation);
        (decision, error).Should().Match<(Decision?, CaseError?)>(outcome => (outcome.Item1 == null) != (outcome.Item2 == null));

        var negative = Retail.CreateCase("c-1").With("delay", TimeSpan.MinValue).With("orderValue", decimal.MinValue).With("severity", new string('\0', 3));
        negative.TryBuild(out _, out var negativeError).Should().BeFalse();
        negativeError!.Id.Should().StartWith("RR04");
    }

    [Fact]
    public void A_case_of_another_policy_is_still_a_programmer_error()
    {
        var recoveryCase = Retail.ReadCase(RetailCase);

        FluentActions.Invoking(() => Policy.TryEvaluate(recoveryCase, out _, out _)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void An_unexpected_exception_while_reading_is_the_cases_internal_error_naming_the_exception()
    {
        System.Text.Json.JsonElement disposed;
        using (var document = System.Text.Json.JsonDocument.Parse(RetailCase))
        {
            disposed = document.RootElement;
        }

        Retail.TryReadCase(disposed, out var recoveryCase, out var error).Should().BeFalse();

        recoveryCase.Should().BeNull();
        error!.Id.Should().Be("RR0429");
        error.Message.Should().StartWith("RecoveryRules failed while reading this case: System.ObjectDisposedException: ");
        error.ToJson().Should().Contain("\"id\":\"RR0429\"");
    }
}
