using System.Reflection;
using Xunit.Sdk;

namespace RecoveryRules.Testing;

/// <summary>
/// The data of an xUnit v2 theory: every scenario of a scenario file (<c>*.tests.yaml</c>), each its
/// own test case named by the scenario (<c>Retail(scenario: VIP critical outage gets a full refund)</c>).
/// <code>
/// [Theory, PolicyScenarios("policies/retail.tests.yaml")]
/// public void Retail(PolicyScenario scenario) => scenario.Verify();
/// </code>
/// A file that does not load gives one failing test case whose message lists its diagnostics, never
/// zero tests. docs/auditing.md, "A test kit for xUnit and FluentAssertions".
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class PolicyScenariosAttribute : DataAttribute
{
    /// <summary>Names the scenario file.</summary>
    /// <param name="path">
    /// The scenario file: relative to the folder of the test assembly (copy the files there with
    /// <c>&lt;None Include="policies/**" CopyToOutputDirectory="PreserveNewest" /&gt;</c>), or absolute.
    /// </param>
    public PolicyScenariosAttribute(string path)
    {
        Path = path;
    }

    /// <summary>The scenario file, as given.</summary>
    public string Path { get; }

    /// <summary>One row per scenario, in file order, each holding a <see cref="PolicyScenario"/>; one failing row when the file does not load.</summary>
    /// <param name="testMethod">The theory.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="testMethod"/> is <c>null</c>.</exception>
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        return [.. ScenarioFiles.Rows(Path, testMethod).Select(row => new object[] { row })];
    }
}
