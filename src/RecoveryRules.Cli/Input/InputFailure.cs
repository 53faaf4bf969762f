namespace RecoveryRules.Cli.Input;

/// <summary>Words a failure to read an input (a file, or standard input) as the one line the user sees; exit code 2.</summary>
internal static class InputFailure
{
    /// <summary>The name under which standard input appears in messages.</summary>
    public const string StandardInput = "standard input";

    /// <summary>Whether the exception is a failure to read that the user can act on.</summary>
    public static bool IsReadFailure(Exception exception) => exception is IOException or UnauthorizedAccessException;

    /// <summary>The failure to report.</summary>
    /// <param name="name">The input's name: a path, or <see cref="StandardInput"/>.</param>
    /// <param name="exception">What reading it threw.</param>
    /// <returns>The exception to throw.</returns>
    public static CommandFailedException Create(string name, Exception exception)
    {
        // A closed standard input reads as "Access to the path is denied." (fd 0 not open for reading), which
        // names no path, or is one of the runtime's own pipes (StandardInputSource).
        var message = name == StandardInput && exception is UnauthorizedAccessException or StandardInputClosedException
            ? "standard input is not readable (it is closed, or not open for reading); give the cases with --cases FILE or pipe them in."
            : $"cannot read {name}: {exception.Message}";
        return new CommandFailedException(message, ExitCodes.Unusable, exception);
    }
}
