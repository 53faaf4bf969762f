using System.Globalization;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>§1 and §9: exact decimal arithmetic, rounding half away from zero once per amount, minor units, and money case errors.</summary>
public sealed class MoneyTests
{
    private static readonly RecoveryPolicy Usd = Load("money-usd.policy.yaml");

    private static string Scenario(string scenario, string orderValue, string more = "") =>
        Case($"\"scenario\": \"{scenario}\", \"orderValue\": {orderValue}" + (more.Length == 0 ? string.Empty : ", " + more));

    [Theory]
    [InlineData("2.675", "2.68")]
    [InlineData("2.665", "2.67")]
    [InlineData("0.005", "0.01")]
    [InlineData("2.6749", "2.67")]
    [InlineData("80", "80.00")]
    [InlineData("\"80 USD\"", "80.00")]
    [InlineData("\"2.675 USD\"", "2.68")]
    public void Usd_amount_rounds_half_away_from_zero_to_two_decimals(string orderValue, string json)
    {
        var decision = Usd.Decide(Scenario("value", orderValue));

        decision.Raw("compensation", "items", "0", "amount").Should().Be(json);
        decision.Raw("compensation", "total").Should().Be(json);
        decision.Compensation.Total.Should().Be(decimal.Parse(json, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2.5", "3")]
    [InlineData("1.5", "2")]
    [InlineData("1234.4", "1234")]
    [InlineData("\"80 JPY\"", "80")]
    public void Jpy_amount_rounds_half_away_from_zero_to_whole_yen(string orderValue, string json)
    {
        var decision = Load("money-jpy.policy.yaml").Decide(Case($"\"orderValue\": {orderValue}"));

        decision.Raw("compensation", "items", "0", "amount").Should().Be(json);
        decision.Raw("compensation", "currency").Should().Be("\"JPY\"");
    }

    [Theory]
    [InlineData("1.0005", "1.001", "0.500")]
    [InlineData("2", "2.000", "1.000")]
    [InlineData("0.0015", "0.002", "0.001")]
    public void Kwd_amount_and_limit_round_half_away_from_zero_to_three_decimals(string orderValue, string amount, string limit)
    {
        var decision = Load("money-kwd.policy.yaml").Decide(Case($"\"orderValue\": {orderValue}"));

        decision.Raw("compensation", "items", "0", "amount").Should().Be(amount);
        decision.Raw("empowerment", "limit").Should().Be(limit);
    }

    [Fact]
    public void Total_is_the_sum_of_the_rounded_items()
    {
        var decision = Usd.Decide(Scenario("thirds", "1"));

        decision.Amounts().Should().Equal(0.33m, 0.33m);
        decision.Raw("compensation", "total").Should().Be("0.66", "0.33 + 0.33, not round(1/3 + 1/3) = 0.67");
    }

    [Fact]
    public void Amount_is_rounded_once_at_the_end_not_at_each_step()
    {
        Usd.Decide(Scenario("whole-thirds", "10")).Raw("compensation", "total").Should().Be("10.00", "10 / 3 * 3 in exact decimal, not 3.33 * 3");
    }

    [Fact]
    public void Negative_amount_is_a_case_error_that_names_the_item_and_rule()
    {
        var error = Usd.Reject(Scenario("minus-hundred", "80"));

        error.Id.Should().Be("RR0421");
        error.Message.Should().Contain("'refund'").And.Contain("minus-hundred").And.Contain("-20.00");
        error.CaseId.Should().Be("t");
    }

    [Fact]
    public void Negative_amount_that_rounds_to_zero_is_zero_not_an_error_and_never_prints_minus_zero()
    {
        var decision = Usd.Decide(Scenario("minus-hundred", "99.996"));

        decision.Raw("compensation", "items", "0", "amount").Should().Be("0.00");
        decision.Raw("compensation", "total").Should().Be("0.00");
    }

    [Fact]
    public void Negative_amount_given_by_the_case_is_a_case_error()
    {
        Usd.Reject(Scenario("value", "-5")).Id.Should().Be("RR0421");
    }

    [Fact]
    public void Clamp_with_low_bound_above_high_bound_is_a_case_error()
    {
        var error = Usd.Reject(Scenario("clamped", "50", "\"low\": 60, \"high\": 40"));

        error.Id.Should().Be("RR0422");
        error.Message.Should().Contain("60").And.Contain("40");
    }

    [Theory]
    [InlineData("50", "10", "90", "50.00")]
    [InlineData("5", "10", "90", "10.00")]
    [InlineData("95", "10", "90", "90.00")]
    [InlineData("50", "40", "40", "40.00")]
    public void Clamp_limits_the_value_to_its_bounds(string orderValue, string low, string high, string amount)
    {
        Usd.Decide(Scenario("clamped", orderValue, $"\"low\": {low}, \"high\": {high}")).Raw("compensation", "total").Should().Be(amount);
    }

    [Fact]
    public void Division_by_zero_for_the_case_is_a_case_error_that_names_the_amount()
    {
        var error = Usd.Reject(Scenario("per-item", "50", "\"count\": 0"));

        error.Id.Should().Be("RR0420");
        error.Message.Should().Contain("'refund'").And.Contain("per-item");
        error.ToJson().Should().StartWith("{\"case\":\"t\",\"error\":{\"id\":\"RR0420\",\"message\":");
    }

    [Fact]
    public void Arithmetic_overflow_is_a_case_error_not_an_exception()
    {
        var error = Usd.Reject(Scenario("per-item", "70000000000000000000000000000", "\"count\": 0.1"));

        error.Id.Should().Be("RR0423");
    }
}
