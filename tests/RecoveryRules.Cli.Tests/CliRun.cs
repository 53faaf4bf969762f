using System.Text;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Tests;

/// <summary>What one run of the command printed, and its exit code.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The stdout lines, without the final empty one.</summary>
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.None) is var lines && lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : Stdout.Split('\n');

    /// <summary>The stderr lines, without empty ones.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToArray();

    /// <summary>Runs <c>recoveryrules</c> in-process with the given arguments and standard input.</summary>
    public static async Task<CliRun> RunAsync(string[] args, string stdin = "", BatchOptions? batchOptions = null)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var output = new MemoryStream();
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await CommandLine.InvokeAsync(args, input, output, error, batchOptions);
        return new CliRun(exitCode, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(args, string.Empty);
}

/// <summary>The files under Data/, by absolute path.</summary>
internal static class TestData
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Data", name);

    public static string Retail => Path("retail.policy.yaml");

    public static string ReadAllText(string name) => File.ReadAllText(Path(name));
}
