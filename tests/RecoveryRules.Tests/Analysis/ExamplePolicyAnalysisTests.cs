using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Analysis;

/// <summary>
/// No analyzer (docs/diagnostics.md RR1001–RR1014) fires on any example policy under examples/:
/// they are the policies people copy from, and they are analyzed as <c>recoveryrules check</c> does.
/// </summary>
public sealed class ExamplePolicyAnalysisTests
{
    public static TheoryData<string> Examples { get; } =
    [
        .. Directory.EnumerateFiles(RepositoryRoot.Combine("examples"), "*.policy.yaml", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(RepositoryRoot.Combine("examples"), path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void The_examples_include_every_industry_policy() =>
        Examples.Select(row => row.Data).Should().Contain(["airline/airline.policy.yaml", "hotel/hotel.policy.yaml", "insurance/insurance.policy.yaml", "retail/retail.policy.yaml", "telecom/telecom.policy.yaml"]);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_policy_gets_no_analyzer_diagnostic(string example)
    {
        var path = RepositoryRoot.Combine("examples", example);
        var result = PolicyYaml.Compile(File.ReadAllText(path), example, null, PolicyAssert.Analyzed);

        result.Success.Should().BeTrue();
        result.Diagnostics.Select(d => d.ToString()).Should().BeEmpty($"examples/{example} is a policy people copy from");
    }
}
