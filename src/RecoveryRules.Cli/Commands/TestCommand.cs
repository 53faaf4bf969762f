using System.CommandLine;
using System.Globalization;
using RecoveryRules.Cli.Output;
using RecoveryRules.Testing;

namespace RecoveryRules.Cli.Commands;

/// <summary>
/// <c>recoveryrules test FILE…</c>: runs scenario files (<c>*.tests.yaml</c>; a folder runs every one
/// under it) and prints one line per failure or error, then <c>N passed, N failed</c>; optionally
/// JUnit XML and coverage (docs/cli.md, "test"; docs/auditing.md, "Scenario tests" and "Coverage").
/// Exit 0 when every scenario passed, 1 when any failed or erred or coverage is below
/// <c>--threshold</c>, 2 when a file or its policy does not load.
/// </summary>
internal static class TestCommand
{
    /// <summary>What a scenario file's name ends with.</summary>
    public const string ScenarioFilePattern = "*.tests.yaml";

    public static Command Create(StandardStreams streams)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "The scenario files (*.tests.yaml) to run; a folder runs every *.tests.yaml under it, in path order. Lines name each file as given here.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "text (the default): one line per failure or error and the summary. junit: JUnit XML (one testsuite per file, one testcase per scenario) "
                + "on standard output, the text report then going to standard error; with --output the XML goes to the file and the text report stays on standard output.",
            HelpName = "text|junit",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "junit");
        var output = new Option<string>("--output", "-o")
        {
            Description = "Write the JUnit XML to FILE (needs --format junit).",
            HelpName = "FILE",
        };
        var coverage = new Option<bool>("--coverage")
        {
            Description = "After the results, print for each policy the rules never fired, the conditions never true and never false, "
                + "the escalation targets and roles never produced, and 'rules fired: N of M (P %)'.",
        };
        var threshold = new Option<string>("--threshold")
        {
            Description = "Exit 1 when any policy has less than N percent of its rules fired by its scenarios (implies --coverage).",
            HelpName = "N",
        };
        var explain = new Option<bool>("--explain")
        {
            Description = "Below each failure or error, print how the policy decided: the decision's explanation.",
        };

        var command = new Command(
            "test",
            "Run scenario files: cases with the decisions expected of them. Prints 'path(line,col): FAIL|ERROR name: field: expected X, got Y; …' "
            + "per failed or erring scenario, at its name, with why each rule expected to fire did not (and each unexpected one did) indented below, "
            + "and ends with 'N passed, N failed' (errors count as failed). "
            + "Exit code 0 when every scenario passed, 1 when any failed or erred (or coverage is below --threshold), 2 when a file or its policy does not load or on bad usage.")
        {
            files,
            format,
            output,
            coverage,
            threshold,
            explain,
        };
        UsageErrors.RejectOptionLikeFiles(files, command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(output) is not null && result.GetValue(format) != "junit")
            {
                result.AddError("--output writes JUnit XML; give it with --format junit.");
            }

            if (result.GetValue(threshold) is { } value && Percentage(value) is null)
            {
                result.AddError($"--threshold is a percentage from 0 to 100, such as 80 or 92.5, not '{value}'.");
            }
        });

        command.SetAction(parseResult => Run(
            new TestRequest(
                parseResult.GetValue(files) ?? [],
                parseResult.GetValue(format) == "junit",
                parseResult.GetValue(output),
                parseResult.GetValue(coverage) || parseResult.GetValue(threshold) is not null,
                parseResult.GetValue(threshold) is { } minimum ? Percentage(minimum) : null,
                parseResult.GetValue(explain)),
            streams));
        return command;
    }

    /// <summary>Runs the files and writes the reports.</summary>
    /// <returns>The exit code.</returns>
    public static int Run(TestRequest request, StandardStreams streams)
    {
        // JUnit on standard output leaves no room for text there: the text report goes to stderr.
        var junitToStdout = request.Junit && request.Output is null;
        var text = junitToStdout ? streams.Error : streams.Out;

        var paths = ScenarioFiles(request.Files);
        var loads = paths.Select(path => (Path: path, Load: ScenarioSuite.Load(path))).ToList();
        var notLoaded = loads.Count(l => !l.Load.Success);
        if (notLoaded > 0)
        {
            // As eval does with a policy that does not load: every diagnostic on stderr, nothing run, exit 2
            // (stdout stays empty). A JUnit file still gets the load errors.
            foreach (var (path, load) in loads)
            {
                DiagnosticLines.Write(streams.Error, load.Diagnostics, path);
            }

            streams.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{notLoaded} scenario file{(notLoaded == 1 ? " does" : "s do")} not load; nothing was run."));
            if (request.Junit && request.Output is { } report)
            {
                WriteJUnit(report, [.. loads.Where(l => !l.Load.Success)], []);
            }

            return ExitCodes.Unusable;
        }

        var results = new List<ScenarioSuiteResult>(paths.Count);
        int passed = 0, failed = 0;
        foreach (var (path, load) in loads)
        {
            DiagnosticLines.Write(text, load.Diagnostics, path);
            var result = load.Suite!.Run();
            results.Add(result);
            passed += result.Passed;
            failed += result.Failed;
            foreach (var scenario in result.Results.Where(r => !r.Passed))
            {
                ScenarioLines.Write(text, scenario, request.Explain);
            }
        }

        var belowThreshold = false;
        if (request.Coverage)
        {
            var coverages = ScenarioCoverage.Measure(results);
            foreach (var policy in coverages)
            {
                CoverageLines.Write(text, policy);
                if (request.Threshold is { } minimum && policy.RulesFiredPercent < minimum)
                {
                    belowThreshold = true;
                    text.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{policy.PolicyPath}: coverage below the threshold: {CoverageLines.Percent(policy.RulesFiredPercent)} of the rules fired, --threshold {minimum.ToString(CultureInfo.InvariantCulture)} %"));
                }
            }
        }

        text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{passed} passed, {failed} failed"));

        if (request.Junit)
        {
            if (request.Output is { } file)
            {
                WriteJUnit(file, loads, results);
            }
            else
            {
                streams.Out.Flush();
                JUnitReport.Write(streams.Output, loads, results);
            }
        }

        return failed > 0 || belowThreshold ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static void WriteJUnit(string file, IReadOnlyList<(string Path, ScenarioSuiteLoadResult Load)> loads, IReadOnlyList<ScenarioSuiteResult> results)
    {
        try
        {
            using var stream = File.Create(file);
            JUnitReport.Write(stream, loads, results);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandFailedException($"cannot write the JUnit report to '{file}': {exception.Message}", ExitCodes.Unusable, exception);
        }
    }

    // A percentage from 0 to 100 (invariant: '92.5'); null when the text is not one.
    private static decimal? Percentage(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value <= 100 ? value : null;

    // The files as given, each folder replaced by the scenario files under it (path order).
    private static List<string> ScenarioFiles(IReadOnlyList<string> arguments)
    {
        var paths = new List<string>();
        foreach (var argument in arguments)
        {
            if (!Directory.Exists(argument))
            {
                paths.Add(argument);
                continue;
            }

            var found = Directory.EnumerateFiles(argument, ScenarioFilePattern, SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (found.Count == 0)
            {
                throw new CommandFailedException($"no scenario files ({ScenarioFilePattern}) under '{argument}'.");
            }

            paths.AddRange(found);
        }

        return paths;
    }
}

/// <summary>What <c>test</c> was asked to do.</summary>
internal sealed record TestRequest(IReadOnlyList<string> Files, bool Junit, string? Output, bool Coverage, decimal? Threshold, bool Explain);
