using System.CommandLine;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Input;
using RecoveryRules.Cli.Replay;

namespace RecoveryRules.Cli.Commands;

/// <summary>
/// <c>recoveryrules replay (--policy FILE | --policy-dir DIR) [--summary] [--format text|markdown] RECORDS.jsonl…</c>:
/// re-evaluates every decision record at its recorded <c>evaluatedAt</c> and reports each difference, or, with
/// <c>--summary</c>, the impact of a policy change (docs/cli.md, "replay"; docs/auditing.md, "Replay").
/// </summary>
internal static class ReplayCommand
{
    /// <summary>The file name that stands for standard input.</summary>
    private const string StandardInputName = "-";

    public static Command Create(StandardStreams streams, BatchOptions batchOptions)
    {
        var policy = new Option<string>("--policy", "-p")
        {
            Description = "The policy file (*.policy.yaml) to replay every record with. A record made under another policy (its policy.hash differs) "
                + "is replayed all the same and counted as made under another policy.",
            HelpName = "FILE",
        };
        var policyDirectory = new Option<string>("--policy-dir")
        {
            Description = "A folder of policy versions (*.policy.yaml, not searched below): each record is replayed with the version whose hash it recorded, "
                + "which proves that every decision can be reproduced. A record whose hash no file has is reported with its line. Not with --policy.",
            HelpName = "DIR",
        };
        var summary = new Option<bool>("--summary")
        {
            Description = "Print the impact of the policy change instead of each difference: how many decisions change and how (compensation up or down "
                + "with the money moved per currency, escalation, SLA, empowerment, errors, rules newly firing or no longer firing) and the ten largest changes.",
        };
        var format = new Option<string>("--format")
        {
            Description = "text (the default) or markdown: the impact report as Markdown tables, ready to paste into the pull request that changes the policy (implies --summary).",
            HelpName = "text|markdown",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "markdown");
        var records = new Argument<string[]>("RECORDS.jsonl")
        {
            Description = "Decision record files (JSON Lines, as 'eval --record' writes them), replayed in order. '-' reads records from standard input. "
                + "With several files, each output line starts with its file's name.",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new Command(
            "replay",
            "Re-evaluate recorded decisions with a policy, each at its recorded evaluatedAt, and compare every member except evaluatedAt and policy. "
            + "Prints each difference as 'case ID (line N): FIELD: recorded X, replayed Y' and each line that is not a record with its line number, in file order, "
            + "then a summary line 'N replayed, N identical, N changed'. "
            + "Exit code 0 when every record replays identically, 1 when any decision changed, 2 when a policy does not load, a file cannot be read, "
            + "or any line is not a record or has no policy to replay it (2 wins over 1).")
        {
            policy,
            policyDirectory,
            summary,
            format,
            records,
        };
        UsageErrors.RejectOptionLikeFiles(records, command);

        command.Validators.Add(result =>
        {
            var hasPolicy = result.GetResult(policy) is not null;
            var hasDirectory = result.GetResult(policyDirectory) is not null;
            if (hasPolicy && hasDirectory)
            {
                result.AddError("Give --policy or --policy-dir, not both.");
            }
            else if (!hasPolicy && !hasDirectory)
            {
                result.AddError("Give --policy FILE (one policy for every record) or --policy-dir DIR (the version that made each record).");
            }
        });

        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new ReplayRequest(
                parseResult.GetValue(policy),
                parseResult.GetValue(policyDirectory),
                parseResult.GetValue(records) ?? [],
                parseResult.GetValue(summary),
                parseResult.GetValue(format) == "markdown");
            return RunAsync(request, streams, batchOptions, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs a replay.</summary>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(ReplayRequest request, StandardStreams streams, BatchOptions batchOptions, CancellationToken cancellationToken)
    {
        var policies = request.PolicyPath is { } path
            ? ReplayPolicies.LoadFile(path, streams)
            : ReplayPolicies.LoadDirectory(request.PolicyDirectory!, streams);

        var files = request.Files.Select((name, index) => new RecordsFile(name, index + 1)).ToList();
        foreach (var file in files)
        {
            CheckReadable(file.Name);
        }

        var report = request.Summary || request.Markdown;
        var output = new ReplayOutput(Differences: !report, Problems: !request.Markdown);
        var tallies = Enumerable.Range(0, Math.Max(1, batchOptions.Workers)).Select(_ => new ReplayTally()).ToList();
        await streams.FlushOutAsync(cancellationToken).ConfigureAwait(false);
        foreach (var file in files)
        {
            var replayers = tallies.Select(tally => new RecordReplayer(policies, file, files.Count > 1, output, tally, batchOptions.MaxLineBytes)).ToList();
            if (file.Name == StandardInputName)
            {
                await RecordsBatch.RunAsync(LineSource.Open(streams.Input, batchOptions), InputFailure.StandardInput, streams.Output, replayers, batchOptions, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var stream = Open(file.Name);
            await using (stream.ConfigureAwait(false))
            {
                await RecordsBatch.RunAsync(LineSource.Open(stream, batchOptions), file.Name, streams.Output, replayers, batchOptions, cancellationToken).ConfigureAwait(false);
            }
        }

        var total = tallies[0];
        foreach (var tally in tallies.Skip(1))
        {
            total.Merge(tally);
        }

        if (request.Markdown)
        {
            ImpactReport.WriteMarkdown(streams.Out, total, policies, files);
        }
        else if (request.Summary)
        {
            ImpactReport.WriteText(streams.Out, total, policies, files);
        }
        else
        {
            await streams.Out.WriteLineAsync(ImpactReport.SummaryLine(total, policies)).ConfigureAwait(false);
        }

        await streams.FlushOutAsync(cancellationToken).ConfigureAwait(false);
        return total.NotRecords + total.UnknownPolicy > 0 ? ExitCodes.Unusable
            : total.Changed > 0 ? ExitCodes.Findings
            : ExitCodes.Success;
    }

    /// <summary>Fails before anything is replayed when a records file is missing or a folder, so a replay is never cut off half-way by a typo.</summary>
    private static void CheckReadable(string path)
    {
        if (path == StandardInputName)
        {
            return;
        }

        if (Directory.Exists(path))
        {
            throw new CommandFailedException($"cannot read {path}: it is a directory; give a file of decision records.");
        }

        if (!File.Exists(path))
        {
            throw new CommandFailedException($"cannot read {path}: no such file.");
        }
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandFailedException($"cannot read {path}: {exception.Message}", ExitCodes.Unusable, exception);
        }
    }
}

/// <summary>What <c>replay</c> was asked to do.</summary>
/// <param name="PolicyPath">The policy of <c>--policy</c>, or <c>null</c>.</param>
/// <param name="PolicyDirectory">The folder of <c>--policy-dir</c>, or <c>null</c>.</param>
/// <param name="Files">The records files, as given (<c>-</c>: standard input).</param>
/// <param name="Summary">Print the impact report instead of each difference.</param>
/// <param name="Markdown">Print the impact report as Markdown.</param>
internal sealed record ReplayRequest(string? PolicyPath, string? PolicyDirectory, IReadOnlyList<string> Files, bool Summary, bool Markdown);
