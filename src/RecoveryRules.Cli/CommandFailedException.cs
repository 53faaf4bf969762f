namespace RecoveryRules.Cli;

/// <summary>
/// A failure the user can act on (a missing file, unreadable input, a closed output): printed as one
/// line, <c>recoveryrules: error: message</c>, on stderr, never as a stack trace.
/// </summary>
internal sealed class CommandFailedException : Exception
{
    public CommandFailedException(string message, int exitCode = ExitCodes.Unusable, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
