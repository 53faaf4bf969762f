using System.CommandLine;
using System.CommandLine.Parsing;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Cli;

/// <summary>
/// Turns System.CommandLine's parse errors into the messages <c>recoveryrules</c> prints for bad usage:
/// an unknown command or option is named with a "did you mean", as the policy language does for names.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The lines to print on stderr for a command line that did not parse, in order.</summary>
    /// <param name="parseResult">A parse result with at least one error.</param>
    /// <returns>One message per problem.</returns>
    public static IEnumerable<string> Describe(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var unmatched = parseResult.UnmatchedTokens;

        // Past an unknown command, the other words were meant for that command: naming the first is enough.
        foreach (var token in command is RootCommand ? unmatched.Take(1) : unmatched)
        {
            yield return Unknown(command, token);
        }

        foreach (var error in parseResult.Errors)
        {
            // The unmatched tokens were described above; "Required command was not provided" adds nothing
            // to "'chek' is not a command".
            if (unmatched.Any(token => error.Message.Contains($"'{token}'", StringComparison.Ordinal))
                || (unmatched.Count > 0 && error.SymbolResult is CommandResult { Command: RootCommand }))
            {
                continue;
            }

            yield return error.Message;
        }
    }

    /// <summary>Rejects a FILE argument that looks like an option, so that <c>check --format x.yaml</c> is bad usage, not a file named <c>--format</c>.</summary>
    /// <param name="argument">The file argument of <paramref name="command"/>.</param>
    /// <param name="command">The command that takes it.</param>
    public static void RejectOptionLikeFiles(Argument argument, Command command) =>
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError($"{Unknown(command, token.Value)}; a file whose name starts with '-' is written './{token.Value}'");
                }
            }
        });

    private static string Unknown(Command command, string token)
    {
        var name = command is RootCommand ? CommandLine.ToolName : $"{CommandLine.ToolName} {command.Name}";
        if (token.StartsWith('-'))
        {
            var options = command.Options.SelectMany(option => option.Aliases.Prepend(option.Name));
            return $"'{token}' is not an option of '{name}'{Suggestions.DidYouMean(token, options)}";
        }

        if (command.Subcommands.Count > 0)
        {
            var commands = command.Subcommands.Select(subcommand => subcommand.Name).ToArray();
            return $"'{token}' is not a command of '{name}'{Suggestions.DidYouMean(token, commands)}. The commands are: {string.Join(", ", commands)}";
        }

        return $"'{name}' takes no argument '{token}'";
    }
}
