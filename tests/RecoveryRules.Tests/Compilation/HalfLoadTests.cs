using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Compilation;

/// <summary>A policy with errors never half-loads: no policy, and every diagnostic at once.</summary>
public sealed class HalfLoadTests
{
    [Fact]
    public void Policy_with_errors_gives_no_policy_and_every_diagnostic()
    {
        var result = PolicyYaml.Compile(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Compilation", "Data", "several-errors.policy.yaml")), "several-errors.policy.yaml");

        result.Policy.Should().BeNull();
        result.Success.Should().BeFalse();
        result.Diagnostics.Where(d => d.IsError).Select(d => d.Id).Should().BeEquivalentTo(["RR0201", "RR0203", "RR0205", "RR0011", "RR0211"]);
        result.Diagnostics.Select(d => d.Location.Span.Start.Line).Should().BeInAscendingOrder("diagnostics are sorted by position");
    }

    [Fact]
    public void GetPolicyOrThrow_carries_every_diagnostic()
    {
        var result = PolicyYaml.Compile(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Compilation", "Data", "several-errors.policy.yaml")));

        var act = () => result.GetPolicyOrThrow();

        act.Should().Throw<PolicyCompilationException>().Which.Diagnostics.Should().Equal(result.Diagnostics);
    }

    [Fact]
    public void Policy_with_only_warnings_loads()
    {
        var result = PolicyYaml.Compile(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Compilation", "Data", "warnings-only.policy.yaml")));

        result.Success.Should().BeTrue();
        result.Diagnostics.Should().ContainSingle().Which.Id.Should().Be("RR1001");
    }
}
