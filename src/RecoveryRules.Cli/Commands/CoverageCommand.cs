using System.CommandLine;
using System.Globalization;
using RecoveryRules.Analysis;
using RecoveryRules.Cli.Output;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Commands;

/// <summary>
/// <c>recoveryrules coverage POLICY [--format text|html] [--output FILE] [--channel NAME]</c>: the
/// policy's decision matrix (severity × tier, per channel) of escalation targets and compensation
/// ranges, as a terminal table or a self-contained HTML page for policy reviews (docs/cli.md,
/// "coverage"; docs/policy-review.md).
/// </summary>
internal static class CoverageCommand
{
    public static Command Create(StandardStreams streams)
    {
        var policy = new Argument<string>("POLICY")
        {
            Description = "The policy file (*.policy.yaml).",
        };
        var format = new Option<string>("--format")
        {
            Description = "text (the default): a table per channel for the terminal; html: a self-contained page with a heat map, for policy reviews.",
            HelpName = "text|html",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "html");
        var output = new Option<string>("--output", "-o")
        {
            Description = "Write the matrix to this file instead of standard output.",
            HelpName = "FILE",
        };
        var channel = new Option<string>("--channel")
        {
            Description = "Only this channel's matrix.",
            HelpName = "NAME",
        };

        var command = new Command(
            "coverage",
            "Print the policy's decision matrix: for each channel, severity and customer tier, the escalation target with its shortest SLA, "
            + "the range of compensation totals, the rules that decide it, and whether some cases fall to no rule. "
            + "Exit code 0 when the matrix is written, 1 when the policy has errors (its diagnostics on standard error), "
            + "2 on bad usage, an unknown channel, an output file that cannot be written, or a policy too large to enumerate.")
        {
            policy,
            format,
            output,
            channel,
        };
        UsageErrors.RejectOptionLikeFiles(policy, command);

        command.SetAction(parseResult => Run(
            new CoverageRequest(parseResult.GetValue(policy)!, parseResult.GetValue(format) == "html", parseResult.GetValue(output), parseResult.GetValue(channel)),
            streams));
        return command;
    }

    /// <summary>Writes the matrix of one policy.</summary>
    /// <returns>The exit code.</returns>
    public static int Run(CoverageRequest request, StandardStreams streams)
    {
        var compiled = PolicyYaml.CompileFile(request.PolicyPath);
        if (compiled.Policy is not { } policy)
        {
            DiagnosticLines.Write(streams.Error, compiled.Diagnostics, request.PolicyPath);
            var errors = compiled.Diagnostics.Count(d => d.IsError);
            streams.ReportError($"the policy {request.PolicyPath} has {errors} error{(errors == 1 ? string.Empty : "s")}; no matrix was made.");
            return ExitCodes.Findings;
        }

        DiagnosticLines.Write(streams.Error, compiled.Diagnostics, request.PolicyPath, DiagnosticSeverity.Warning);

        var matrix = DecisionMatrix.Create(policy);
        if (request.Channel is { } name && !matrix.Channels.Contains(name))
        {
            streams.ReportError($"the policy {request.PolicyPath} has no channel '{name}'; its channels are {string.Join(", ", matrix.Channels)}.");
            return ExitCodes.Unusable;
        }

        if (!matrix.IsComplete)
        {
            var size = string.Create(
                CultureInfo.InvariantCulture,
                $"takes {matrix.RequiredCells:N0} cases and at least {matrix.RequiredWork:N0} rule evaluations, more than the {DecisionMatrix.MaxCells:N0} cases or {DecisionMatrix.MaxWork:N0} evaluations it enumerates");
            streams.ReportError($"the decision matrix of {request.PolicyPath} {size}; no matrix was made. "
                + "Each fact the rules read multiplies the cases (a number by twice the thresholds it is compared with, plus one).");
            return ExitCodes.Unusable;
        }

        if (request.OutputPath is { } path)
        {
            using var file = new StreamWriter(path, append: false, StandardStreams.Utf8) { NewLine = "\n" };
            Write(file, matrix, request);
        }
        else
        {
            Write(streams.Out, matrix, request);
        }

        return ExitCodes.Success;
    }

    private static void Write(TextWriter writer, DecisionMatrix matrix, CoverageRequest request)
    {
        if (request.Html)
        {
            CoverageMatrixHtml.Write(writer, matrix, request.Channel);
        }
        else
        {
            CoverageMatrixText.Write(writer, matrix, request.Channel);
        }
    }
}

/// <summary>A <c>coverage</c> command line: the policy, HTML or text, where to write, which channel.</summary>
internal sealed record CoverageRequest(string PolicyPath, bool Html, string? OutputPath, string? Channel);
