using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Compilation;

/// <summary>
/// Severity configuration (docs/policy-language.md §16): the policy's <c>diagnostics:</c>, a rule's
/// <c>suppress:</c> and <see cref="RecoveryPolicyOptions.DiagnosticSeverities"/>, applied over the
/// collected analyzer diagnostics, most specific first; checked on every load.
/// </summary>
public sealed class SeverityConfigurationTests
{
    // RR1001 (unused define), RR1003 (never matches) and RR1004 (always holds), all warnings by default.
    private const string Findings = """
        policy: p
        version: "1"
        define:
          unused: delay > 1h
        rules:
          - id: never
            when: [severity == critical, severity == minor]
            then: { note: n }
          - id: always
            when: delay >= 0s
            then: { note: n }
        """;

    private static PolicyCompilationResult Compile(string yaml, RecoveryPolicyOptions? options = null) =>
        PolicyYaml.Compile(yaml, "p.policy.yaml", policyOptions: options ?? PolicyAssert.Analyzed);

    private static string With(string top = "", string neverRule = "", string alwaysRule = "") =>
        Findings
            .Replace("    then: { note: n }\n  - id: always", "    then: { note: n }\n" + neverRule + "  - id: always", StringComparison.Ordinal)
            + "\n" + alwaysRule + top;

    private static IEnumerable<string> Shown(PolicyCompilationResult result) =>
        result.Diagnostics.Select(d => $"{d.Id} {d.Severity}");

    [Fact]
    public void Without_configuration_every_analyzer_finding_is_a_warning()
    {
        var result = Compile(Findings);

        Shown(result).Should().Equal("RR1001 Warning", "RR1003 Warning", "RR1004 Warning");
        result.Success.Should().BeTrue();
    }

    [Fact]
    public void The_policys_diagnostics_key_sets_each_severity_and_none_removes_the_diagnostic()
    {
        var result = Compile(With(top: "diagnostics: { RR1001: info, RR1003: error, RR1004: none }\n"));

        Shown(result).Should().Equal("RR1001 Info", "RR1003 Error");
        result.Diagnostics.Single(d => d.Id == "RR1003").ToString().Should().StartWith("p.policy.yaml(6,5): error RR1003: ");
        result.Success.Should().BeFalse("an analyzer diagnostic configured as an error stops the policy from loading");
    }

    [Fact]
    public void A_rule_suppresses_an_id_only_inside_itself()
    {
        var suppressInNever = "    suppress: { RR1004: \"not this rule's finding\" }\n";
        var suppressInAlways = "    suppress: { RR1004: \"matches every case on purpose\" }\n";

        Shown(Compile(With(neverRule: suppressInNever))).Should().Equal("RR1001 Warning", "RR1003 Warning", "RR1004 Warning");
        Shown(Compile(With(alwaysRule: suppressInAlways))).Should().Equal("RR1001 Warning", "RR1003 Warning");
    }

    [Fact]
    public void A_suppression_wins_over_the_policys_severity()
    {
        var result = Compile(With(
            top: "diagnostics: { RR1004: error }\n",
            alwaysRule: "    suppress: { RR1004: matches every case on purpose }\n"));

        Shown(result).Should().Equal("RR1001 Warning", "RR1003 Warning");
        result.Success.Should().BeTrue();
    }

    [Fact]
    public void The_policys_severity_wins_over_the_hosts()
    {
        var host = PolicyAssert.Analyzed with
        {
            DiagnosticSeverities = ImmutableDictionary<string, ConfiguredSeverity>.Empty
                .Add("RR1003", ConfiguredSeverity.Error).Add("RR1004", ConfiguredSeverity.None),
        };

        Shown(Compile(Findings, host)).Should().Equal("RR1001 Warning", "RR1003 Error");
        Shown(Compile(With(top: "diagnostics: { RR1003: info }\n"), host)).Should().Equal("RR1001 Warning", "RR1003 Info");
    }

    [Fact]
    public void Configuration_is_checked_on_a_load_without_the_analysis()
    {
        var diagnostics = PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            diagnostics:
              {|RR0031:RR0201|}: none
              {|RR0030:RR9999|}: error
              {|RR0030:rr1003|}: warning
              RR1003: {|RR0010:eror|}
            rules:
              - id: r
                suppress:
                  {|RR0031:RR0006|}: the key is ours
                  RR1004: {|RR0032:""|}
                  RR1003:{|RR0032:|}
                then: { note: n }
            """, policyOptions: RecoveryPolicyOptions.Default);

        diagnostics.Single(d => d.Id == "RR0031" && d.Location.Line == 3).Message.Should()
            .Be("RR0201 (Unknown name) is reported by the compiler and cannot be given a severity; only the analyzers' diagnostics, RR1000 and up, can");
        diagnostics.Single(d => d.Id == "RR0010").Message.Should().Be("'eror' is not a valid severity (did you mean 'error'?). Expected one of: error, warning, info, none");
        diagnostics.Single(d => d.Message.Contains("'rr1003'", StringComparison.Ordinal)).Message.Should().Contain("(did you mean 'RR1003'?)");
        diagnostics.First(d => d.Id == "RR0032").Message.Should()
            .Be("The rule 'r' suppresses RR1004 without a reason; say why the rule is right as it is, such as 'RR1004: \"otherwise covers it on purpose\"'");
    }

    [Fact]
    public void Severity_values_and_reasons_must_be_text()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            diagnostics:
              RR1003: {|RR0008:[error]|}
            rules:
              - id: r
                suppress: {|RR0008:[RR1004]|}
                then: { note: n }
            """);
    }

    [Fact]
    public void Without_the_analysis_a_severity_for_an_analyzer_id_changes_nothing()
    {
        var result = Compile(With(top: "diagnostics: { RR1003: error }\n"), RecoveryPolicyOptions.Default);

        Shown(result).Should().Equal("RR1001 Warning");
        result.Success.Should().BeTrue("RR1003 comes from the analysis, which only runs when asked");
    }

    [Fact]
    public void Severity_configuration_does_not_change_the_policy_hash()
    {
        var plain = Compile(Findings).Policy!;
        var configured = Compile(With(top: "diagnostics: { RR1001: none }\n", alwaysRule: "    suppress: { RR1004: on purpose }\n")).Policy!;

        configured.Identity.Hash.Should().Be(plain.Identity.Hash);
    }

    [Theory]
    [InlineData("RR0201")]
    [InlineData("RR9999")]
    [InlineData("rr1003")]
    public void The_host_cannot_configure_a_compiler_or_unknown_id(string id)
    {
        var configure = () => new RecoveryPolicyOptions
        {
            DiagnosticSeverities = ImmutableDictionary<string, ConfiguredSeverity>.Empty.Add(id, ConfiguredSeverity.None),
        };

        configure.Should().Throw<ArgumentException>().WithMessage($"DiagnosticSeverities cannot configure '{id}': *");
    }

    [Fact]
    public void The_host_cannot_give_an_undefined_severity()
    {
        var configure = () => new RecoveryPolicyOptions
        {
            DiagnosticSeverities = ImmutableDictionary<string, ConfiguredSeverity>.Empty.Add("RR1003", (ConfiguredSeverity)7),
        };

        configure.Should().Throw<ArgumentException>().WithMessage("*none of error, warning, info, none*");
    }

    [Fact]
    public void A_diagnostic_with_another_severity_prints_it()
    {
        var warning = Compile(Findings).Diagnostics.Single(d => d.Id == "RR1003");

        var error = warning.WithSeverity(DiagnosticSeverity.Error);

        error.IsError.Should().BeTrue();
        error.ToString().Should().Be(warning.ToString().Replace(": warning RR1003:", ": error RR1003:", StringComparison.Ordinal));
        error.Should().NotBe(warning);
        warning.WithSeverity(DiagnosticSeverity.Warning).Should().BeSameAs(warning);
    }
}
