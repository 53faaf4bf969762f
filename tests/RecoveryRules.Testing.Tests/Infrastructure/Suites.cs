namespace RecoveryRules.Testing.Tests.Infrastructure;

/// <summary>Loads the scenario files under Data/.</summary>
internal static class Suites
{
    public static string DataPath(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>Loads a file that must load, and fails with its diagnostics otherwise.</summary>
    public static ScenarioSuite Load(string name)
    {
        var result = ScenarioSuite.Load(DataPath(name));
        result.Diagnostics.Select(d => d.ToString()).Should().BeEmpty($"{name} loads without diagnostics");
        return result.Suite!;
    }

    public static ScenarioResult Run(string file, string scenario) =>
        Load(file).Scenarios.Single(s => s.Name == scenario).Run();

    /// <summary>Loads scenario text written beside the small policy of Data/ (reported as <paramref name="name"/>).</summary>
    public static ScenarioSuiteLoadResult LoadText(string text, string name = "t.tests.yaml") =>
        RecoveryRules.Testing.Reading.ScenarioFileReader.Read(name, text, Path.Combine(AppContext.BaseDirectory, "Data"), RecoveryPolicyOptions.Default);
}
