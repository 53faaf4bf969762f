using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RecoveryRules.NRules.Tests;

/// <summary>examples/Crm.NRules runs, and its README shows exactly what it prints.</summary>
public sealed partial class ExampleTests
{
    [Fact]
    public async Task The_example_prints_what_its_readme_shows()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        string root = RepositoryRoot();
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string dll = Path.Combine(root, "examples", "Crm.NRules", "bin", configuration, "net10.0", "Crm.NRules.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync(cancel);
        string output = (await process.StandardOutput.ReadToEndAsync(cancel)).ReplaceLineEndings("\n");
        await process.WaitForExitAsync(cancel);

        process.ExitCode.Should().Be(0, await error);
        string readme = File.ReadAllText(Path.Combine(root, "examples", "Crm.NRules", "README.md")).ReplaceLineEndings("\n");
        Match shown = OutputBlock().Match(readme);
        shown.Success.Should().BeTrue("the README shows the output in a plain ``` block");
        output.Should().Be(shown.Groups["output"].Value);
        output.Should().Contain("retention task: cust-7 (c-3) within 24h");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RecoveryRules.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("RecoveryRules.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("^```\n(?<output>policy rule:.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex OutputBlock();
}
