using System.Globalization;

namespace RecoveryRules.Build.Tests;

/// <summary>
/// Packs RecoveryRules.Build once, into a folder feed with a version of its own, and builds the sample projects
/// (Samples/) against it, all at once: each sample is copied out of the repository (away from its Directory.*.props
/// and central package versions) beside a nuget.config that takes RecoveryRules* from the feed only and anything
/// else from the machine's sources, and restores into a packages folder of its own (no package of the same version
/// cached from elsewhere can stand in).
/// </summary>
public sealed class SampleBuilds : IAsyncLifetime
{
    private readonly Dictionary<string, Task<DotnetRun>> _builds = new(StringComparer.Ordinal);

    public string Root { get; } = Directory.CreateTempSubdirectory("recoveryrules-build-").FullName;

    public string Version { get; } = string.Create(CultureInfo.InvariantCulture, $"0.0.0-buildtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{System.Environment.ProcessId}");

    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    /// <summary>The first build of each sample, by the name given to <see cref="Build"/>.</summary>
    public Task<DotnetRun> this[string name] => _builds[name];

    /// <summary>Where a sample was copied to.</summary>
    public string Sample(string name) => Path.Combine(Root, name);

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        var feed = Path.Combine(Root, "feed");
        Environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };

        // Nothing above the samples' folder may reach into their builds.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />");

        var sources = DotnetProcess.RunAsync(Root, Environment, cancel, "nuget", "list", "source", "--format", "Short");
        var pack = await DotnetProcess.RunAsync(Root, Environment, cancel,
            "pack", Path.Combine(Repository.Root, "src", "RecoveryRules.Build", "RecoveryRules.Build.csproj"),
            "-c", Repository.Configuration, "--no-build", "-o", feed, "--nologo", "-v:q", "--disable-build-servers", $"-p:MinVerVersionOverride={Version}");
        if (pack.ExitCode != 0 || !File.Exists(Path.Combine(feed, $"RecoveryRules.Build.{Version}.nupkg")))
        {
            throw new InvalidOperationException($"dotnet pack of RecoveryRules.Build failed ({pack.ExitCode}):\n{pack.Output}");
        }

        var machineSources = (await sources).Lines
            .Select(line => line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 2 && parts[0] == "E")
            .Select(parts => parts[1])
            .ToList();
        File.WriteAllText(Path.Combine(Root, "nuget.config"), NugetConfig(feed, machineSources));

        Copy("Broken", "Broken");
        Copy("Broken", "BrokenOptedOut");
        Copy("Clean", "Clean");
        Directory.CreateDirectory(Path.Combine(Sample("Clean"), "rules"));
        foreach (var example in new[] { "retail", "hotel" })
        {
            File.Copy(Path.Combine(Repository.Root, "examples", example, example + ".policy.yaml"), Path.Combine(Sample("Clean"), "rules", example + ".policy.yaml"));
        }

        Copy("WarningsOnly", "WarningsOnly");
        Copy("WarningsOnly", "WarningsAsErrors");

        Build("Broken", "Broken");
        Build("BrokenOptedOut", "Broken", "-p:RecoveryRulesCheck=false");
        Build("Clean", "Clean");
        Build("WarningsOnly", "WarningsOnly");
        Build("WarningsAsErrors", "WarningsOnly", "-p:RecoveryRulesTreatWarningsAsErrors=true");
        await Task.WhenAll(_builds.Values);
    }

    /// <summary>Builds a sample copied before (restore included), quietly.</summary>
    public Task<DotnetRun> BuildAgain(string name, string project, params string[] properties) =>
        DotnetProcess.RunAsync(Sample(name), Environment, TestContext.Current.CancellationToken,
            ["build", project + ".csproj", "--nologo", "-v:q", "--disable-build-servers", $"-p:RecoveryRulesBuildVersion={Version}", .. properties]);

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server that outlived its build may still hold a file; the folder is a temporary one.
        }

        return ValueTask.CompletedTask;
    }

    private void Build(string name, string project, params string[] properties) => _builds[name] = BuildAgain(name, project, properties);

    private void Copy(string sample, string name)
    {
        var from = Path.Combine(AppContext.BaseDirectory, "Samples", sample);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Sample(name), Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    // RecoveryRules* from the feed only; anything else from the machine's own sources.
    private static string NugetConfig(string feed, IReadOnlyList<string> sources) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="packed" value="{System.Security.SecurityElement.Escape(feed)}" />
        {string.Concat(sources.Select((source, i) => $"    <add key=\"source{i}\" value=\"{System.Security.SecurityElement.Escape(source)}\" />\n"))}  </packageSources>
          <packageSourceMapping>
            <packageSource key="packed"><package pattern="RecoveryRules*" /></packageSource>
        {string.Concat(sources.Select((_, i) => $"    <packageSource key=\"source{i}\"><package pattern=\"*\" /></packageSource>\n"))}  </packageSourceMapping>
        </configuration>
        """;
}

/// <summary>Where the repository is, from the tests' output folder (tests/RecoveryRules.Build.Tests/bin/CONFIGURATION/net10.0).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RecoveryRules.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RecoveryRules.sln above {AppContext.BaseDirectory}.");
    }
}
