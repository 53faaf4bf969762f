namespace RecoveryRules.Cli;

/// <summary>The exit codes of <c>recoveryrules</c>; docs/command-line.md lists them per command.</summary>
internal static class ExitCodes
{
    /// <summary>Everything went well: no policy errors (check), every case decided (eval).</summary>
    public const int Success = 0;

    /// <summary>A finding: a policy has an error (check), at least one case was an error (eval).</summary>
    public const int Findings = 1;

    /// <summary>The command could not do its work: bad usage, a policy with errors given to eval, a missing or unreadable input file, output that cannot be written.</summary>
    public const int Unusable = 2;

    /// <summary>A bug in recoveryrules itself: an unexpected failure, reported in one line on stderr.</summary>
    public const int InternalError = 3;

    /// <summary>Interrupted (Ctrl+C or SIGTERM), as shells report 128 + SIGINT.</summary>
    public const int Interrupted = 130;
}
