using System.CommandLine;
using RecoveryRules.Cli.Output;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Commands;

/// <summary>
/// <c>recoveryrules check FILE…</c>: compiles each policy and prints every diagnostic of every file,
/// then one summary line; or, with <c>--format sarif|json</c>, a SARIF 2.1.0 log or a JSON report
/// (docs/cli.md, "check"). Exit 1 when any file has an error, or, with <c>--warnaserror</c>, a warning.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The formats of <c>--format</c>.</summary>
    public static readonly string[] Formats = ["text", "sarif", "json"];

    public static Command Create(StandardStreams streams)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "The policy files (*.policy.yaml) to check. Diagnostics name each file as given here.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "text (the default): 'path(line,col): severity RRnnnn: message' lines and a summary. "
                + "sarif: a SARIF 2.1.0 log, for code scanning and editors. json: one JSON document for scripts (docs/cli.md). "
                + "With --output the report goes to the file and the text lines stay on standard output.",
            HelpName = "text|sarif|json",
            DefaultValueFactory = _ => "text",
        };
        format.CompletionSources.Add(Formats);
        format.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !Formats.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"'{value}' is not a format of '{CommandLine.ToolName} check'{Suggestions.DidYouMean(value, Formats)}. --format is one of: {string.Join(", ", Formats)}.");
            }
        });
        var output = new Option<string>("--output", "-o")
        {
            Description = "Write the report to FILE instead of standard output: whole, or not at all (on failure FILE is left as it was).",
            HelpName = "FILE",
        };
        var warningsAsErrors = new Option<bool>("--warnaserror")
        {
            Description = "Fail (exit code 1) when any warning remains after severity configuration, as when it were an error; for CI.",
        };

        var command = new Command(
            "check",
            "Load and analyse policies without evaluating anything. Prints each diagnostic as "
            + "'path(line,col): error|warning|info RRnnnn: message' and ends with a summary line, or writes SARIF or JSON (--format). "
            + "Exit code 0 when no file has an error, 1 when any does (or, with --warnaserror, any has a warning), "
            + "2 on bad usage or when the report cannot be written.")
        {
            files,
            format,
            output,
            warningsAsErrors,
        };
        UsageErrors.RejectOptionLikeFiles(files, command);

        command.SetAction(parseResult => Run(
            parseResult.GetValue(files) ?? [],
            parseResult.GetValue(format) ?? "text",
            parseResult.GetValue(output),
            streams,
            parseResult.GetValue(warningsAsErrors)));
        return command;
    }

    private static readonly RecoveryPolicyOptions Analyzed = new() { Analyze = true };

    /// <summary>Checks the files in order and writes the report in the format asked.</summary>
    /// <returns>The exit code.</returns>
    public static int Run(IReadOnlyList<string> files, string format, string? outputFile, StandardStreams streams, bool warningsAsErrors = false)
    {
        var checkedFiles = new List<CheckedFile>(files.Count);
        foreach (var file in files)
        {
            // `check` is where a policy author wants every finding: the analyzers run (docs/cli.md, "check").
            var result = PolicyYaml.CompileFile(file, policyOptions: Analyzed);
            checkedFiles.Add(new CheckedFile(file, result.Diagnostics));
        }

        var report = new CheckReport(checkedFiles);
        // Warnings are counted after severity configuration (docs/cli.md, "check"): a suppressed or `none` one is gone.
        var warningsFail = warningsAsErrors && report.Warnings > 0;
        var exitCode = report.Errors > 0 || warningsFail ? ExitCodes.Findings : ExitCodes.Success;

        Action<Stream>? writeReport = format switch
        {
            "sarif" => stream => SarifReport.Write(stream, report, exitCode, Environment.CurrentDirectory),
            "json" => stream => CheckJsonReport.Write(stream, report, exitCode),
            _ => null,
        };

        if (outputFile is not null)
        {
            // The report goes to the file, whole or not at all; the text lines stay on standard output (sarif, json).
            ReportFile.Write(outputFile, format + " report", writeReport ?? (stream => WriteText(stream, report, warningsFail)));
            if (writeReport is not null)
            {
                WriteText(streams.Out, report, warningsFail);
            }
        }
        else if (writeReport is not null)
        {
            streams.Out.Flush();
            writeReport(streams.Output);
        }
        else
        {
            WriteText(streams.Out, report, warningsFail);
        }

        return exitCode;
    }

    private static void WriteText(Stream stream, CheckReport report, bool warningsFail)
    {
        using var writer = new StreamWriter(stream, StandardStreams.Utf8, leaveOpen: true) { NewLine = "\n" };
        WriteText(writer, report, warningsFail);
    }

    private static void WriteText(TextWriter output, CheckReport report, bool warningsFail)
    {
        foreach (var file in report.Files)
        {
            DiagnosticLines.Write(output, file.Diagnostics, file.Path);
        }

        output.WriteLine(DiagnosticLines.Summary(report.Files.Count, report.Errors, report.Warnings, report.Infos)
            + (warningsFail ? "; --warnaserror: the warnings fail the check" : string.Empty));
    }
}
