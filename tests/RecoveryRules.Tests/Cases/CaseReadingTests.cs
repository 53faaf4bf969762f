using System.Text.Json.Nodes;
using RecoveryRules.Tests.Evaluation;

namespace RecoveryRules.Tests.Cases;

/// <summary>§4 and §9 Cases: what a valid case may look like, and the defaults a case gets.</summary>
public sealed class CaseReadingTests
{
    internal static readonly RecoveryPolicy Policy = Policies.LoadFrom("Cases", "cases.policy.yaml");

    /// <summary>A valid case but for <c>proactive</c>, plus the given members.</summary>
    internal static string Minimal(string more = "") =>
        "{\"id\": \"c-1\", \"severity\": \"major\", \"channel\": \"chat\", \"delay\": \"2h\", \"orderValue\": 40"
        + (more.Length == 0 ? string.Empty : ", " + more) + "}";

    /// <summary>A valid case, plus the given members (which must not repeat one of its own).</summary>
    internal static string Valid(string more = "") => Minimal("\"proactive\": false" + (more.Length == 0 ? string.Empty : ", " + more));

    /// <summary>The valid case with one top-level member set to <paramref name="rawJson"/>.</summary>
    internal static string ValidWith(string field, string rawJson)
    {
        var node = JsonNode.Parse(Valid())!.AsObject();
        node[field] = JsonNode.Parse(rawJson);
        return node.ToJsonString();
    }

    /// <summary>The valid case without one top-level member.</summary>
    internal static string ValidWithout(string field)
    {
        var node = JsonNode.Parse(Valid())!.AsObject();
        node.Remove(field).Should().BeTrue();
        return node.ToJsonString();
    }

    [Fact]
    public void Absent_facts_with_defaults_get_them_lowest_tier_zero_value_and_declared_defaults()
    {
        var decision = Policy.Decide(Valid());

        decision.Compensation.Items.Select(i => (i.Kind, i.Amount)).Should().Equal(
            ("customer-value", (decimal?)0m), ("repeat-failures", 2m), ("order-value", 40m));
        decision.Fired.Should().Equal("echo", "lowest-tier", "default-failure-type", "retail-segment");
    }

    [Fact]
    public void Given_facts_override_the_defaults()
    {
        var decision = Policy.Decide(Valid("\"customer\": {\"tier\": \"gold\", \"value\": 1200, \"segment\": \"b2b\"}, \"repeatFailures\": 0, \"failureType\": \"technical\""));

        decision.Amounts().Should().Equal(1200m, 0m, 40m);
        decision.Fired.Should().Equal("echo");
    }

    [Fact]
    public void Lowest_tier_default_follows_a_redefined_tier_scale()
    {
        var policy = Policies.LoadFrom("Cases", "own-tiers.policy.yaml");

        policy.Decide(Policies.Case()).Fired.Should().Equal("bronze");
    }

    [Fact]
    public void Null_counts_as_absent_so_the_default_applies()
    {
        var decision = Policy.Decide(Valid("\"customer\": {\"tier\": null, \"value\": null}, \"repeatFailures\": null, \"failureType\": null"));

        decision.Amounts().Should().Equal(0m, 2m, 40m);
        decision.Fired.Should().Equal("echo", "lowest-tier", "default-failure-type", "retail-segment");
    }

    [Fact]
    public void Null_id_gives_a_decision_for_case_null()
    {
        Policy.Decide(ValidWith("id", "null")).CaseId.Should().BeNull();
    }

    [Fact]
    public void Nested_and_dotted_fields_are_both_accepted()
    {
        var nested = Policy.Decide(Valid("\"customer\": {\"tier\": \"gold\", \"value\": 5}"));
        var dotted = Policy.Decide(Valid("\"customer.tier\": \"gold\", \"customer.value\": 5"));
        var mixed = Policy.Decide(Valid("\"customer\": {\"tier\": \"gold\"}, \"customer.value\": 5"));

        dotted.ToJson().Should().Be(nested.ToJson());
        mixed.ToJson().Should().Be(nested.ToJson());
    }

    [Theory]
    [InlineData("80.5", 80.5)]
    [InlineData("\"80.5 USD\"", 80.5)]
    [InlineData("\"80 USD\"", 80)]
    [InlineData("0", 0)]
    [InlineData("1e2", 100)]
    public void Money_is_a_json_number_or_an_amount_and_code_string(string orderValue, double expected)
    {
        var decision = Policy.Decide(ValidWith("orderValue", orderValue));

        decision.Compensation.Items.Single(i => i.Kind == "order-value").Amount.Should().Be((decimal)expected);
    }

    [Fact]
    public void Numeric_case_id_is_kept_as_its_text()
    {
        Policy.Decide(ValidWith("id", "1042")).ToJson().Should().StartWith("{\"case\":\"1042\",");
    }
}
