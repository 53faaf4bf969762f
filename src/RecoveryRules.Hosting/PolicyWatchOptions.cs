namespace RecoveryRules.Hosting;

/// <summary>How policy files are watched for changes (docs/embedding.md, "Reload").</summary>
public sealed class PolicyWatchOptions
{
    /// <summary>
    /// How long a file must stay unchanged before it is reloaded, so that an editor's several writes
    /// become one reload. Default 250 ms; zero reloads at the first change.
    /// </summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Polls the files instead of relying on file-system events: for mounted volumes (a Kubernetes ConfigMap
    /// swaps its <c>..data</c> symlink, which raises no event for the file's own name) and network shares.
    /// The platform's polling watcher checks every 4 seconds and follows symlinks to the file they point at.
    /// </summary>
    public bool UsePolling { get; set; }
}
