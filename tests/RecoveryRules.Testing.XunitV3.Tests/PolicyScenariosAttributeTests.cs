using System.Reflection;
using Xunit.Sdk;

namespace RecoveryRules.Testing.XunitV3.Tests;

public sealed class PolicyScenariosAttributeTests
{
    private const string WrongName = "A standard customer's critical outage is wrongly expected to be refunded";

    private static readonly MethodInfo Theory = typeof(PolicyScenariosAttributeTests).GetMethod(nameof(A_theory), BindingFlags.NonPublic | BindingFlags.Static)!;

    [Fact]
    public async Task Each_scenario_of_the_file_is_a_row_of_its_own_in_file_order()
    {
        var rows = await Rows("policies/retail.tests.yaml");

        rows.Select(r => r.Scenario.Name).Should().Equal(
            "VIP critical outage gets a full refund",
            "Major failure on time gets a tenth of the order as credit",
            "A severity the policy does not know is a case error");
        rows.Select(r => r.Scenario.ToString()).Should().Equal(rows.Select(r => r.Scenario.Name));
        rows.Should().AllSatisfy(r => r.Row.TestDisplayName.Should().Be(nameof(A_theory)));
        rows.Should().AllSatisfy(r => r.Scenario.Path.Should().Be(Path.Combine(AppContext.BaseDirectory, "policies", "retail.tests.yaml")));
    }

    [Fact]
    public async Task Rows_are_known_at_discovery_and_serializable_so_each_is_its_own_test_case()
    {
        var attribute = new PolicyScenariosAttribute("policies/retail.tests.yaml");
        var rows = await Rows("policies/retail.tests.yaml");

        attribute.SupportsDiscoveryEnumeration().Should().BeTrue();
        rows.Should().AllSatisfy(r => SerializationHelper.Instance.IsSerializable(r.Scenario).Should().BeTrue());
    }

    [Fact]
    public async Task A_row_deserialized_in_another_process_runs_the_same_scenario()
    {
        var row = (await Rows("policies/wrong.tests.yaml")).Single(r => r.Scenario.Name == WrongName).Scenario;

        var copy = SerializationHelper.Instance.Deserialize<PolicyScenario>(SerializationHelper.Instance.Serialize(row))!;

        copy.Name.Should().Be(WrongName);
        copy.ToString().Should().Be(WrongName);
        copy.Path.Should().Be(row.Path);
        copy.Scenario!.Name.Should().Be(WrongName);
        copy.Invoking(c => c.Verify()).Should().Throw<ScenarioFailedException>().WithMessage($"*FAIL {WrongName}: compensation.total*");
    }

    [Fact]
    public async Task A_passing_scenario_verifies()
    {
        var row = (await Rows("policies/wrong.tests.yaml")).Single(r => r.Scenario.Name == "VIP critical outage gets a full refund").Scenario;

        row.Invoking(r => r.Verify()).Should().NotThrow();
    }

    [Fact]
    public async Task A_wrong_expectation_fails_with_the_scenario_name_the_differing_field_and_why()
    {
        var row = (await Rows("policies/wrong.tests.yaml")).Single(r => r.Scenario.Name == WrongName).Scenario;

        var failure = row.Invoking(r => r.Verify()).Should().Throw<ScenarioFailedException>().Which;

        var file = Path.Combine(AppContext.BaseDirectory, "policies", "wrong.tests.yaml");
        failure.Message.Should().StartWith($"{file}(14,11): FAIL {WrongName}: ");
        failure.Message.Should().Contain("compensation.total: expected 80.00 USD, got 0.00 USD");
        failure.Message.Should().Contain("fired: expected [critical-high-value], got []");
        failure.Message.Should().Contain("critical-high-value: ").And.Contain(" was false");
        failure.Message.Should().Be(row.Scenario!.Run().Describe());
        failure.Result!.Mismatches.Select(m => m.Field).Should().Equal("compensation.total", "fired");
    }

    [Fact]
    public async Task A_file_that_does_not_load_gives_one_failing_row_that_lists_its_diagnostics()
    {
        var rows = await Rows("policies/broken.tests.yaml");

        var row = rows.Should().ContainSingle().Which;
        row.Scenario.Name.Should().Be("policies/broken.tests.yaml does not load");
        row.Scenario.ToString().Should().Be("policies/broken.tests.yaml does not load");
        row.Scenario.Scenario.Should().BeNull();
        var file = Path.Combine(AppContext.BaseDirectory, "policies", "broken.tests.yaml");
        var message = row.Scenario.Invoking(r => r.Verify()).Should().Throw<ScenarioFailedException>().Which.Message;
        message.Should().StartWith($"The scenario file 'policies/broken.tests.yaml' does not load, so none of its scenarios ran ({file}):\n");
        message.Should().Contain($"\n  {file}(9,15): error RR0503: 'critical-high-valu' is not a rule of policy 'retail-recovery'");
        message.Should().NotContain("CopyToOutputDirectory");
    }

    [Fact]
    public async Task The_failing_row_of_a_file_that_does_not_load_survives_serialization()
    {
        var row = (await Rows("policies/broken.tests.yaml")).Single().Scenario;

        var copy = SerializationHelper.Instance.Deserialize<PolicyScenario>(SerializationHelper.Instance.Serialize(row))!;

        copy.Name.Should().Be("policies/broken.tests.yaml does not load");
        copy.Invoking(c => c.Verify()).Should().Throw<ScenarioFailedException>().WithMessage("*(9,15): error RR0503: *");
    }

    [Fact]
    public async Task A_missing_file_gives_one_failing_row_that_says_how_to_copy_scenario_files()
    {
        var row = (await Rows("policies/missing.tests.yaml")).Should().ContainSingle().Which;

        row.Scenario.Name.Should().Be("policies/missing.tests.yaml does not load");
        var message = row.Scenario.Invoking(r => r.Verify()).Should().Throw<ScenarioFailedException>().Which.Message;
        message.Should().Contain(Path.Combine(AppContext.BaseDirectory, "policies", "missing.tests.yaml") + "(1,1): error RR");
        message.Should().EndWith("<None Include=\"policies/**\" CopyToOutputDirectory=\"PreserveNewest\" />.");
    }

    [Fact]
    public async Task An_absolute_path_is_read_as_it_is()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "policies", "retail.tests.yaml");

        var rows = await Rows(file);

        rows.Should().HaveCount(3);
        rows.Should().AllSatisfy(r => r.Scenario.Path.Should().Be(file));
    }

    [Fact]
    public async Task A_path_the_file_system_refuses_gives_one_failing_row()
    {
        // Found by fuzzing: a name longer than a file system allows made reading its date throw.
        var path = "policies/" + new string('a', 300) + ".tests.yaml";

        var row = (await Rows(path)).Should().ContainSingle().Which;

        row.Scenario.Name.Should().Be(path + " does not load");
        row.Scenario.Invoking(r => r.Verify()).Should().Throw<ScenarioFailedException>()
            .WithMessage($"The scenario file '{path}' does not load, so none of its scenarios ran (*):\n  *{path}(1,1): error RR0024: The file cannot be read: *");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task No_path_gives_one_failing_row_that_says_so(string path)
    {
        var row = (await Rows(path)).Should().ContainSingle().Which;

        row.Scenario.Invoking(r => r.Verify()).Should().Throw<ScenarioFailedException>()
            .WithMessage("PolicyScenarios names no scenario file: give the path of a *.tests.yaml file*");
    }

    [Fact]
    public async Task The_row_display_name_is_the_theory_display_name_when_it_has_one()
    {
        var method = typeof(RetailScenarioTests).GetMethod(nameof(RetailScenarioTests.Named_theory))!;

        var rows = await new PolicyScenariosAttribute("policies/retail.tests.yaml").GetData(method, new DisposalTracker());

        rows.Should().AllSatisfy(r => r.TestDisplayName.Should().Be("Retail policy"));
    }

    private static async Task<List<(ITheoryDataRow Row, PolicyScenario Scenario)>> Rows(string path)
    {
        var rows = await new PolicyScenariosAttribute(path).GetData(Theory, new DisposalTracker());
        return [.. rows.Select(r => (r, r.GetData().Should().ContainSingle().Which.Should().BeOfType<PolicyScenario>().Which))];
    }

#pragma warning disable xUnit1013 // not a test: the method the attribute is asked about
    private static void A_theory(PolicyScenario scenario) => scenario.Verify();
#pragma warning restore xUnit1013
}
