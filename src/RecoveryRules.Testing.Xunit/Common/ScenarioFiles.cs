using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace RecoveryRules.Testing;

/// <summary>
/// Where the scenario file of a <c>PolicyScenarios</c> attribute is, loading it once per process, and
/// the rows it gives: one per scenario, or one failing row that lists why the file does not load
/// (docs/auditing.md, "A test kit for xUnit and FluentAssertions"). Shared by the xUnit v2 and v3 packages.
/// </summary>
internal static class ScenarioFiles
{
    // Discovery and each row's deserialization ask for the same file: it is read and compiled once per
    // process and version of the file (a file saved again between discovery and the run is read again).
    private static readonly ConcurrentDictionary<(string Path, DateTime Written), Lazy<ScenarioSuiteLoadResult>> Loaded = new();

    /// <summary>The rows of a scenario file named as the attribute names it (relative to the test assembly's folder, or absolute).</summary>
    public static IReadOnlyList<PolicyScenario> Rows(string? given, MethodInfo testMethod)
    {
        given ??= string.Empty;
        if (string.IsNullOrWhiteSpace(given))
        {
            return [PolicyScenario.Failed(given, given, "PolicyScenarios names no scenario file: give the path of a *.tests.yaml file, relative to the test assembly's folder or absolute.")];
        }

        string path;
        try
        {
            path = Path.GetFullPath(given, BaseDirectory(testMethod));
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return [PolicyScenario.Failed(given, given, $"PolicyScenarios names '{given}', which is not a valid path: {exception.Message}")];
        }

        var load = Load(path);
        if (!load.Success)
        {
            return [PolicyScenario.Failed(given, path, LoadFailure(given, path, load))];
        }

        return [.. load.Suite.Scenarios.Select(scenario => PolicyScenario.Of(given, path, scenario))];
    }

    /// <summary>The scenario file at a full path, loaded once per process and version of the file.</summary>
    public static ScenarioSuiteLoadResult Load(string path)
    {
        var key = (path, Written(path));
        return Loaded.GetOrAdd(key, k => new Lazy<ScenarioSuiteLoadResult>(() => ScenarioSuite.Load(k.Path))).Value;
    }

    // When the file was last saved; a path the file system refuses (too long, say) is left to
    // ScenarioSuite.Load, which says why in a diagnostic.
    private static DateTime Written(string path)
    {
        try
        {
            return File.GetLastWriteTimeUtc(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return DateTime.MinValue;
        }
    }

    /// <summary>
    /// Why a scenario file gives no scenarios: a first line naming the file, then each of its diagnostics
    /// as compilers print them (<c>path(line,col): error RR0503: …</c>), and, when the file is missing,
    /// how to copy scenario files beside the test assembly.
    /// </summary>
    public static string LoadFailure(string given, string path, ScenarioSuiteLoadResult load)
    {
        var text = new StringBuilder();
        text.Append("The scenario file '").Append(given).Append("' does not load, so none of its scenarios ran (").Append(path).Append("):");
        foreach (var diagnostic in load.Diagnostics)
        {
            text.Append('\n').Append("  ").Append(diagnostic);
        }

        if (!File.Exists(path))
        {
            text.Append('\n').Append("A relative path is read from the test assembly's folder: copy the scenario and policy files there, as in ")
                .Append("<None Include=\"policies/**\" CopyToOutputDirectory=\"PreserveNewest\" />.");
        }

        return text.ToString();
    }

    // The folder of the assembly that declares the test: where its build copied the scenario files.
    private static string BaseDirectory(MethodInfo testMethod)
    {
        var location = testMethod.DeclaringType?.Assembly.Location;
        var folder = string.IsNullOrEmpty(location) ? null : Path.GetDirectoryName(location);
        return string.IsNullOrEmpty(folder) ? AppContext.BaseDirectory : folder;
    }
}
