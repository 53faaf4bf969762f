using System.Text;
using RecoveryRules.Testing.Reading;
using RecoveryRules.Testing.Tests.Infrastructure;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Testing.Tests.Reading;

public sealed class ScenarioLoadingTests
{
    [Fact]
    public void A_scenario_file_loads_with_its_policy_and_scenarios_in_file_order()
    {
        var result = ScenarioSuite.Load(Suites.DataPath("failing.tests.yaml"));

        result.Success.Should().BeTrue();
        result.Diagnostics.Should().BeEmpty();
        result.Suite!.Path.Should().Be(Suites.DataPath("failing.tests.yaml"));
        result.Suite.Scenarios.Select(s => s.Name).Should().StartWith(["wrong total", "wrong parts"]);
        result.Suite.Scenarios.Should().OnlyContain(s => ReferenceEquals(s.Suite, result.Suite));
    }

    [Fact]
    public void A_missing_scenario_file_is_a_diagnostic_not_an_exception()
    {
        var path = Suites.DataPath("nowhere.tests.yaml");

        var result = ScenarioSuite.Load(path);

        result.Success.Should().BeFalse();
        result.Suite.Should().BeNull();
        var diagnostic = result.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be("RR0024");
        diagnostic.Location.Path.Should().Be(path);
        diagnostic.Message.Should().StartWith("The file cannot be read: ");
    }

    [Fact]
    public void A_folder_is_not_a_scenario_file()
    {
        var result = ScenarioSuite.Load(Path.Combine(AppContext.BaseDirectory, "Data"));

        result.Diagnostics.Should().ContainSingle().Which.Message.Should().Be("This is a directory, not a scenario file; name the *.tests.yaml file");
    }

    [Fact]
    public void The_policy_is_found_relative_to_the_scenario_file_and_its_diagnostics_are_part_of_the_result()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Diagnostics", "Data", "RR0501", "broken-policy.tests.yaml");

        var result = ScenarioSuite.Load(path);

        result.Success.Should().BeFalse();
        result.Diagnostics.Select(d => (d.Id, d.Location.Path, d.Location.Line + 1, d.Location.Column + 1)).Should().Equal(
            ("RR0501", path, 1, 9),
            ("RR0201", Path.Combine(Path.GetDirectoryName(path)!, "broken.policy.yaml"), 5, 23));
    }

    [Fact]
    public void Warnings_do_not_keep_a_file_from_loading()
    {
        var result = Suites.LoadText("""
            policy: small.policy.yaml
            cases:
              - name: critical
                given: {severity: critical, channel: email, delay: 1h, orderValue: 80}
                expect: {}
            """);

        result.Success.Should().BeTrue();
        result.Diagnostics.Should().ContainSingle().Which.Id.Should().Be("RR0509");
        result.Suite!.Run().Passed.Should().Be(1);
    }

    [Fact]
    public void A_given_keeps_yaml_meaning_plain_numbers_are_numbers_quoted_ones_and_dates_are_text()
    {
        var json = Given("""
            {n: 12.50, i: 007, plus: +3, point: .5, exp: 1e3, quoted: "80", single: '80', t: true, f: false,
             yes: yes, off: off, nul: null, tilde: ~, empty: , date: 2026-11-22, time: 2026-11-22T10:00:00+00:00,
             list: [1, a], nested: {tier: gold}, text: "line\nbreak \"quoted\""}
            """);

        json.Should().Be("""{"n":12.50,"i":7,"plus":3,"point":0.5,"exp":1e3,"quoted":"80","single":"80","t":true,"f":false,"yes":"yes","off":"off","nul":null,"tilde":null,"empty":null,"date":"2026-11-22","time":"2026-11-22T10:00:00+00:00","list":[1,"a"],"nested":{"tier":"gold"},"text":"line\nbreak \"quoted\""}""");
    }

    [Fact]
    public void A_lone_surrogate_in_a_given_is_escaped_so_the_case_reader_reports_it()
    {
        // YAML refuses the escape itself (RR0001), but text handed to the reader may hold one.
        var mapping = new YamlMappingNode(default, 0);
        mapping.Entries.Add(new YamlMappingEntry(
            new YamlScalarNode(default, 0, 0, "text", YamlDotNet.Core.ScalarStyle.Plain),
            new YamlScalarNode(default, 0, 0, "a\ud800b", YamlDotNet.Core.ScalarStyle.DoubleQuoted)));

        var json = Encoding.UTF8.GetString(GivenJson.Convert(mapping));

        json.Should().Be("""{"text":"a\ud800b"}""");
    }

    [Fact]
    public void A_number_given_where_text_is_expected_is_a_case_error_at_run_time_not_a_load_error()
    {
        var result = Suites.LoadText("""
            policy: small.policy.yaml
            cases:
              - name: severity as a number
                given: {severity: 3, channel: email, delay: 1h, orderValue: 80}
                expect:
                  error: RR0407
            """);

        result.Diagnostics.Should().BeEmpty();
        var run = result.Suite!.Scenarios[0].Run();
        run.Passed.Should().BeTrue(run.Describe());
    }

    [Fact]
    public void Diagnostics_of_a_scenario_file_lie_inside_its_text()
    {
        var text = "policy: small.policy.yaml\ncases:\n  - name: x\n    given: {severity: critical}\n    expect:\n      fired: [nope]\n";

        var result = Suites.LoadText(text);

        DiagnosticLocations.FindOutside(text, result.Diagnostics).Should().BeNull();
        result.Diagnostics.Should().ContainSingle().Which.Id.Should().Be("RR0503");
    }

    private static string Given(string yaml)
    {
        var diagnostics = new RecoveryRules.Diagnostics.DiagnosticBag();
        var node = YamlTreeBuilder.Build("t.yaml", yaml, new SourcePositions(yaml), RecoveryRules.Yaml.PolicyReaderOptions.Default, diagnostics);
        diagnostics.ToSortedArray().Should().BeEmpty();
        return Encoding.UTF8.GetString(GivenJson.Convert(node!));
    }
}
