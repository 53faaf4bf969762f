using System.Text;
using CsCheck;

namespace RecoveryRules.Cli.Tests.Fuzzing;

/// <summary>
/// The command line itself is an entry point: any arguments and any standard input end with a
/// documented exit code (0, 1 or 2) and one-line messages, never an internal error (3) or a stack
/// trace; a usage error (2) leaves stdout empty. docs/fuzzing.md, "The command line".
/// </summary>
public sealed class CommandLineFuzzTests
{
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("RECOVERYRULES_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 300;

    // Real commands, options and files, their near misses, and hostile words.
    private static readonly string[] Words =
    [
        "check", "eval", "chek", "evl", "test", "replay", "coverage", "--channel", "--policy", "-p", "--case", "--cases", "--explain", "--help", "-h", "-?",
        "--version", "--polcy", "--format", "sarif", "json", "-", "--", "-x", "---", "", " ", "\0", "\ud800", "é", "😀",
        TestData.Retail, TestData.Path("case-c-1042.json"), TestData.Path("cases-with-bad-line.jsonl"), TestData.Path("bad.policy.yaml"),
        TestData.Path("warning.policy.yaml"), TestData.Path("cases-pretty.json"), TestData.Path("no-such-file.yaml"),
        AppContext.BaseDirectory, "/dev/null", new string('a', 5000), "[suggest]", "[diagram]", "@response.rsp",
    ];

    private static readonly string[] Inputs =
    [
        "", "\n", "{", "}", "[]", "null", "\uFEFF", "\0\0\0", "{\"id\": \"\\ud800\"}\n",
        TestData.ReadAllText("case-c-1042.json"), TestData.ReadAllText("cases-with-bad-line.jsonl"), TestData.ReadAllText("cases-pretty.json"),
    ];

    [Fact]
    public void Any_command_line_ends_with_a_documented_exit_code_and_no_internal_error()
    {
        Gen.Select(Gen.Int[0, Words.Length - 1].Array[0, 7], Gen.Int[0, Inputs.Length - 1])
            .Sample(
                pick =>
                {
                    var args = pick.Item1.Select(i => Words[i]).ToArray();
                    var run = CliRun.RunAsync(args, Inputs[pick.Item2]).GetAwaiter().GetResult();

                    run.ExitCode.Should().BeOneOf([0, 1, 2], Describe(args, run));
                    run.Stderr.Should().NotContain("internal error").And.NotContain("   at ", Describe(args, run));
                    // A replay that ran prints its findings even when a line was not a record (exit 2; docs/cli.md, "replay").
                    var replayRan = args.FirstOrDefault() == "replay" && !run.Stderr.Contains("for usage.", StringComparison.Ordinal);
                    if (run.ExitCode == 2 && !args.Contains("--help") && !args.Contains("-h") && !args.Contains("-?") && !replayRan)
                    {
                        run.Stdout.Should().BeEmpty(Describe(args, run));
                    }
                },
                iter: Iterations,
                threads: 1);
    }

    private static string Describe(string[] args, CliRun run) =>
        new StringBuilder("recoveryrules ").AppendJoin(' ', args.Select(a => $"[{a}]")).Append(" → exit ").Append(run.ExitCode)
            .Append(", stderr: ").Append(run.Stderr).ToString();
}
