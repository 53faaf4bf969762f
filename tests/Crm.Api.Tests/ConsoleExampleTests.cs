using System.Diagnostics;
using System.Text.RegularExpressions;
using static Crm.Api.Tests.Http;

namespace Crm.Api.Tests;

/// <summary>examples/Crm.Console: the README's embedding sample, verbatim, and it runs.</summary>
public sealed partial class ConsoleExampleTests
{
    [Fact]
    public void The_readme_embedding_sample_is_the_console_example_verbatim()
    {
        string root = Repository.Root;
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        string console = File.ReadAllText(Path.Combine(root, "examples", "Crm.Console", "Program.cs")).ReplaceLineEndings("\n");

        // As eng/test-packages.sh takes it: the first csharp block after the "## Embedding" heading.
        string embedding = readme[readme.IndexOf("\n## Embedding\n", StringComparison.Ordinal)..];
        Match sample = FirstCSharpBlock().Match(embedding);

        sample.Success.Should().BeTrue();
        sample.Groups["code"].Value.Should().Be(console);
    }

    [Fact]
    public async Task The_console_example_prints_the_decision()
    {
        string dll = Path.Combine(Repository.Root, "examples", "Crm.Console", "bin", Repository.Configuration, "net10.0", "Crm.Console.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync(Cancel);
        string[] output = (await process.StandardOutput.ReadToEndAsync(Cancel)).ReplaceLineEndings("\n").Split('\n');
        await process.WaitForExitAsync(Cancel);

        process.ExitCode.Should().Be(0, await error);
        output[0].Should().Be("80.00");
        output[1].Should().Be("duty-manager");
        output[2].Should().StartWith("""{"case":"c-1042","policy":{"id":"retail-recovery","version":"2026.11","hash":"sha256:""");
    }

    [GeneratedRegex("^```csharp\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FirstCSharpBlock();
}

/// <summary>Where the repository is, from the tests' output folder (tests/Crm.Api.Tests/bin/CONFIGURATION/net10.0).</summary>
public static class Repository
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
