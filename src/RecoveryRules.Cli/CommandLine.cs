using System.CommandLine;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Commands;

namespace RecoveryRules.Cli;

/// <summary>The <c>recoveryrules</c> command: its subcommands, and one entry point that never lets an exception escape.</summary>
internal static class CommandLine
{
    /// <summary>The command's name, as installed (ToolCommandName).</summary>
    public const string ToolName = "recoveryrules";

    /// <summary>Parses and runs a command line against the given streams.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdin">Standard input.</param>
    /// <param name="stdout">Standard output; decisions are written to it as UTF-8 bytes.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="batchOptions">How batches are cut and evaluated; the defaults when <c>null</c> (tests use small chunks).</param>
    /// <param name="cancellationToken">Stops the command early.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static async Task<int> InvokeAsync(
        string[] args,
        Stream stdin,
        Stream stdout,
        TextWriter stderr,
        BatchOptions? batchOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var streams = new StandardStreams(stdin, stdout, stderr);
        int exitCode;
        try
        {
            var root = CreateRootCommand(streams, batchOptions ?? BatchOptions.Default);
            var parseResult = root.Parse(args);
            var configuration = new InvocationConfiguration
            {
                Output = streams.Out,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            };
            if (parseResult.Errors.Count == 0)
            {
                exitCode = await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Bad usage: the messages on stderr and a pointer to the help, which stays off stdout so
                // that a pipeline never reads help as decisions. A bare 'recoveryrules' is bad usage too:
                // it shows the whole help, on stderr (docs/cli.md, "Usage errors").
                if (args.Length == 0)
                {
                    await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = stderr, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    foreach (var message in UsageErrors.Describe(parseResult))
                    {
                        await stderr.WriteLineAsync(message).ConfigureAwait(false);
                    }

                    var command = parseResult.CommandResult.Command;
                    var name = command is RootCommand ? ToolName : $"{ToolName} {command.Name}";
                    await stderr.WriteLineAsync($"Run '{name} --help' for usage.").ConfigureAwait(false);
                }

                exitCode = ExitCodes.Unusable;
            }
        }
        catch (CommandFailedException failure)
        {
            streams.ReportError(failure.Message);
            exitCode = failure.ExitCode;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            streams.ReportError(exception.Message);
            exitCode = ExitCodes.Unusable;
        }
        catch (OperationCanceledException)
        {
            streams.ReportError("interrupted.");
            exitCode = ExitCodes.Interrupted;
        }
#pragma warning disable CA1031 // The command line's promise: one line on stderr, never a stack trace.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            streams.ReportError($"internal error ({exception.GetType().Name}): {exception.Message} Please report this with the command line that caused it.");
            exitCode = ExitCodes.InternalError;
        }

        // Synchronous flushes: FlushAsync of a console stream runs on the thread pool (docs/design.md §27), and
        // nothing is left to cancel here.
        try
        {
            streams.Out.Flush();
            stdout.Flush();
        }
        catch (IOException exception)
        {
            if (exitCode is ExitCodes.Success or ExitCodes.Findings)
            {
                streams.ReportError("cannot write to standard output: " + exception.Message);
                exitCode = ExitCodes.Unusable;
            }
        }

        stderr.Flush();
        return exitCode;
    }

    /// <summary>Builds the root command with every subcommand.</summary>
    /// <param name="streams">Where the commands read and write.</param>
    /// <param name="batchOptions">How <c>eval</c> cuts and evaluates batches.</param>
    /// <returns>The root command.</returns>
    public static RootCommand CreateRootCommand(StandardStreams streams, BatchOptions batchOptions)
    {
        var root = new RootCommand(
            "Check service-recovery policies written in YAML and evaluate cases against them. "
            + "Each decision says what to give back, who takes over and how soon, and what the person on the spot may do alone.")
        {
            HelpName = ToolName,
        };
        root.Subcommands.Add(CheckCommand.Create(streams));
        root.Subcommands.Add(EvalCommand.Create(streams, batchOptions));
        root.Subcommands.Add(TestCommand.Create(streams));
        root.Subcommands.Add(ReplayCommand.Create(streams, batchOptions));
        root.Subcommands.Add(CoverageCommand.Create(streams));
        return root;
    }
}
