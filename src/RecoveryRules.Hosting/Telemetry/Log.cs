using Microsoft.Extensions.Logging;

namespace RecoveryRules.Hosting;

/// <summary>
/// The package's log messages, source-generated with <see cref="LoggerMessageAttribute"/> (docs/embedding.md,
/// "Observe"): event ids 1–20 belong to this class; each message keeps its id once shipped.
/// </summary>
internal static partial class Log
{
    /// <summary>A policy was loaded and put in service (start-up).</summary>
    [LoggerMessage(EventId = 1, EventName = "PolicyLoaded", Level = LogLevel.Information,
        Message = "Policy '{PolicyName}' loaded from {Source}: {PolicyId} {PolicyVersion} ({PolicyHash})")]
    public static partial void PolicyLoaded(ILogger logger, string policyName, string source, string policyId, string policyVersion, string policyHash);

    /// <summary>A changed policy was compiled and swapped in.</summary>
    [LoggerMessage(EventId = 2, EventName = "PolicyReloaded", Level = LogLevel.Information,
        Message = "Policy '{PolicyName}' reloaded: {OldHash} -> {NewHash}")]
    public static partial void PolicyReloaded(ILogger logger, string policyName, string oldHash, string newHash);

    /// <summary>A changed policy did not compile: the last good one stays in service (its diagnostics follow as <see cref="PolicyDiagnostic(ILogger, string, string)"/>).</summary>
    [LoggerMessage(EventId = 3, EventName = "PolicyReloadFailed", Level = LogLevel.Error,
        Message = "Policy '{PolicyName}' from {Source} was not reloaded: {ErrorCount} error(s); {PolicyHash} stays in service")]
    public static partial void PolicyReloadFailed(ILogger logger, string policyName, string source, int errorCount, string policyHash);

    /// <summary>One diagnostic of a policy, as <c>path(line,col): error RRnnnn: message</c>, at <see cref="LogLevel.Warning"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="policyName">The policy's registered name.</param>
    /// <param name="diagnostic">The diagnostic as the CLI prints it.</param>
    public static void PolicyDiagnostic(ILogger logger, string policyName, string diagnostic) =>
        PolicyDiagnostic(logger, LogLevel.Warning, policyName, diagnostic);

    /// <summary>One diagnostic of a policy, at <see cref="LogLevel.Error"/> for an error and <see cref="LogLevel.Warning"/> otherwise.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="policyName">The policy's registered name.</param>
    /// <param name="diagnostic">The diagnostic; logged as <c>path(line,col): error RRnnnn: message</c>.</param>
    public static void PolicyDiagnostic(ILogger logger, string policyName, RecoveryRules.Diagnostics.Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var level = diagnostic.IsError ? LogLevel.Error : LogLevel.Warning;
        if (logger.IsEnabled(level))
        {
            PolicyDiagnostic(logger, level, policyName, diagnostic.ToString());
        }
    }

    [LoggerMessage(EventId = 4, EventName = "PolicyDiagnostic", Message = "Policy '{PolicyName}': {Diagnostic}")]
    private static partial void PolicyDiagnostic(ILogger logger, LogLevel level, string policyName, string diagnostic);

    /// <summary>A shadow policy's outcome for a case differed from the active policy's (never returned to the caller).</summary>
    [LoggerMessage(EventId = 5, EventName = "ShadowDifference", Level = LogLevel.Information,
        Message = "Shadow policy {CandidateHash} of '{PolicyName}' differs for case {CaseId}: {Differences}")]
    public static partial void ShadowDifference(ILogger logger, string policyName, string? caseId, string candidateHash, string differences);

    /// <summary>A shadow policy threw while evaluating a case; the caller got the active policy's outcome regardless.</summary>
    [LoggerMessage(EventId = 6, EventName = "ShadowFailed", Level = LogLevel.Warning,
        Message = "Shadow policy of '{PolicyName}' failed for case {CaseId}")]
    public static partial void ShadowFailed(ILogger logger, string policyName, string? caseId, Exception exception);

    /// <summary>
    /// A watched file changed, its debounce ended and the policy (or its shadow candidate) was compiled again, whatever
    /// came of it: which files' change caused it (the policy's, a candidate's, an <c>.editorconfig</c>).
    /// </summary>
    [LoggerMessage(EventId = 7, EventName = "ReloadChecked", Level = LogLevel.Debug,
        Message = "Policy '{PolicyName}': {Source} compiled again after a change of {ChangedFiles}")]
    public static partial void ReloadChecked(ILogger logger, string policyName, string source, string changedFiles);

    /// <summary>The <c>.editorconfig</c> of a folder above a policy cannot be watched (the platform refused): its changes apply at the policy's next reload.</summary>
    [LoggerMessage(EventId = 8, EventName = "EditorConfigNotWatched", Level = LogLevel.Warning,
        Message = "{EditorConfig} is not watched ({Reason}); a change there applies when the policy next reloads")]
    public static partial void EditorConfigNotWatched(ILogger logger, string editorConfig, string reason);
}
