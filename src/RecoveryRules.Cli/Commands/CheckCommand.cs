using System.CommandLine;
using RecoveryRules.Cli.Output;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Commands;

/// <summary>
/// <c>recoveryrules check FILE…</c>: compiles each policy and prints every diagnostic of every file,
/// then one summary line. Exit 1 when any file has an error, or, with <c>--warnaserror</c>, a warning.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(StandardStreams streams)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "The policy files (*.policy.yaml) to check. Diagnostics name each file as given here.",
            Arity = ArgumentArity.OneOrMore,
        };

        var warningsAsErrors = new Option<bool>("--warnaserror")
        {
            Description = "Fail (exit code 1) when any warning remains after severity configuration, as when it were an error; for CI.",
        };

        var command = new Command(
            "check",
            "Load and analyse policies without evaluating anything. Prints each diagnostic as "
            + "'path(line,col): error|warning|info RRnnnn: message' and ends with a summary line. "
            + "Exit code 0 when no file has an error, 1 when any does (or, with --warnaserror, any has a warning), 2 on bad usage.")
        {
            files,
            warningsAsErrors,
        };
        UsageErrors.RejectOptionLikeFiles(files, command);

        command.SetAction(parseResult => Run(parseResult.GetValue(files) ?? [], streams.Out, parseResult.GetValue(warningsAsErrors)));
        return command;
    }

    private static readonly RecoveryPolicyOptions Analyzed = new() { Analyze = true };

    /// <summary>Checks the files in order, printing to <paramref name="output"/>.</summary>
    /// <returns>The exit code.</returns>
    public static int Run(IReadOnlyList<string> files, TextWriter output, bool warningsAsErrors = false)
    {
        int errors = 0, warnings = 0, infos = 0;
        foreach (var file in files)
        {
            // `check` is where a policy author wants every finding: the analyzers run (docs/cli.md, "check").
            var result = PolicyYaml.CompileFile(file, policyOptions: Analyzed);
            DiagnosticLines.Write(output, result.Diagnostics, file);
            foreach (var diagnostic in result.Diagnostics)
            {
                switch (diagnostic.Severity)
                {
                    case DiagnosticSeverity.Error: errors++; break;
                    case DiagnosticSeverity.Warning: warnings++; break;
                    default: infos++; break;
                }
            }
        }

        // Warnings are counted after severity configuration (docs/cli.md, "check"): a suppressed or `none` one is gone.
        var warningsFail = warningsAsErrors && warnings > 0;
        output.WriteLine(DiagnosticLines.Summary(files.Count, errors, warnings, infos)
            + (warningsFail ? "; --warnaserror: the warnings fail the check" : string.Empty));
        return errors > 0 || warningsFail ? ExitCodes.Findings : ExitCodes.Success;
    }
}
