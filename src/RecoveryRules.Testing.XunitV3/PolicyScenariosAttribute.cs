using System.Reflection;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace RecoveryRules.Testing;

/// <summary>
/// The data of an xunit.v3 theory: every scenario of a scenario file (<c>*.tests.yaml</c>), each its
/// own test case named by the scenario: <c>Retail(scenario: VIP critical outage gets a full refund)</c>
/// (the theory's <c>DisplayName</c>, else its method's name, then the scenario's name as the argument).
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

    /// <summary>
    /// One row per scenario, in file order, each holding a <see cref="PolicyScenario"/> and displayed as
    /// <c>Method(scenario: name)</c>; one failing row when the file does not load.
    /// </summary>
    /// <param name="testMethod">The theory.</param>
    /// <param name="disposalTracker">Unused: the rows hold nothing to dispose.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="testMethod"/> is <c>null</c>.</exception>
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        // xunit.v3 appends the arguments to a row's display name, and the argument is the scenario's
        // name: the base is the theory's DisplayName or its method's name, as in xUnit v2 with
        // methodDisplay=method, so the scenario's name shows once: Retail(scenario: VIP critical outage…).
        var name = TestDisplayName ?? testMethod.GetCustomAttribute<FactAttribute>()?.DisplayName ?? testMethod.Name;
        IReadOnlyCollection<ITheoryDataRow> rows =
            [.. ScenarioFiles.Rows(Path, testMethod).Select(row => new TheoryDataRow<PolicyScenario>(row) { TestDisplayName = name })];
        return new(rows);
    }

    /// <summary>Rows are known at discovery (each is serializable), so each scenario is its own test case.</summary>
    /// <returns><c>true</c>.</returns>
    public override bool SupportsDiscoveryEnumeration() => true;
}
