using System.Diagnostics;

namespace RecoveryRules.Cli.Tests.Input;

/// <summary>
/// The real process, started the way a shell starts it: with standard input closed (<c>&lt;&amp;-</c>) it
/// must say so and exit 2, not wait forever on the pipe the runtime puts on descriptor 0; with a pipe
/// from its parent it reads the cases as usual.
/// </summary>
public sealed class ClosedStandardInputProcessTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "RecoveryRules.Cli.dll");

    [Fact]
    public async Task Eval_started_with_standard_input_closed_says_it_is_not_readable_and_exits_2()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "descriptor 0 is reused for a runtime pipe on Linux");

        var (exitCode, stdout, stderr) = await RunAsync(
            "/bin/sh", ["-c", "exec \"$0\" \"$1\" eval --policy \"$2\" <&-", DotnetHost(), Cli, TestData.Retail], stdin: null);

        exitCode.Should().Be(2, stderr);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith("recoveryrules: error: standard input is not readable");
    }

    [Fact]
    public async Task Eval_with_a_case_file_runs_with_standard_input_closed_and_eval_case_dash_refuses_it()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "descriptor 0 is reused for a runtime pipe on Linux");

        // Standard input is opened and checked at its first read (docs/design.md §27): a command that never reads it runs as usual.
        var (exitCode, stdout, stderr) = await RunAsync(
            "/bin/sh", ["-c", "exec \"$0\" \"$1\" eval --policy \"$2\" --case \"$3\" <&-", DotnetHost(), Cli, TestData.Retail, TestData.Path("case-c-1042.json")], stdin: null);
        exitCode.Should().Be(0, stderr);
        stdout.Should().StartWith("{\"case\":\"c-1042\"");

        (exitCode, stdout, stderr) = await RunAsync(
            "/bin/sh", ["-c", "exec \"$0\" \"$1\" eval --policy \"$2\" --case - <&-", DotnetHost(), Cli, TestData.Retail], stdin: null);
        exitCode.Should().Be(2, stderr);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith("recoveryrules: error: standard input is not readable");
    }

    [Fact]
    public async Task Eval_reads_cases_piped_in_by_its_parent()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the check for a closed standard input runs on Linux");

        var (exitCode, stdout, stderr) = await RunAsync(
            DotnetHost(), [Cli, "eval", "--policy", TestData.Retail], stdin: TestData.ReadAllText("case-c-1042.json"));

        exitCode.Should().Be(0, stderr);
        stdout.Should().StartWith("{\"case\":\"c-1042\"");
    }

    private static string DotnetHost() => Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, string[] arguments, string? stdin)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), timeout.Token);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within a minute");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
