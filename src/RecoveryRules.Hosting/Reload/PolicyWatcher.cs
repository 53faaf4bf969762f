using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using RecoveryRules.Hosting.Engine;

namespace RecoveryRules.Hosting.Reload;

/// <summary>
/// Watches every policy and shadow candidate file with a <see cref="PhysicalFileProvider"/> per folder and
/// <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/>, and reloads a file once it has been quiet for
/// the debounce (a timer of the options' <see cref="TimeProvider"/>) (docs/embedding.md, "Reload"). With polling
/// the provider polls (<see cref="PhysicalFileProvider.UsePollingFileWatcher"/>, <see cref="PhysicalFileProvider.UseActivePolling"/>)
/// and compares the last write time of the file a symlink points at, which is what changes when Kubernetes swaps
/// a ConfigMap's <c>..data</c> link. Does nothing unless <c>WatchForChanges</c> was called.
/// <para>
/// When the reader options read <c>.editorconfig</c> files (the default), the <c>.editorconfig</c> of the file's folder
/// and of every folder above it, up to the file system's root, is watched too and signals the same debounce: a
/// file created, changed or deleted there may change the severities the policy loads with (docs/policy-language.md
/// §16). Every ancestor is watched, whatever <c>root = true</c> says now, as that can change too; a reload whose
/// policy and warnings are the same is silent (<see cref="PolicySlot.ReloadPolicy"/>). With polling, a polling
/// provider per folder (admitting dot-files: <see cref="ExclusionFilters.None"/>); with events, a
/// <see cref="FileSystemWatcher"/> per folder for that one name and not its subfolders, as a provider's watcher
/// takes the whole tree below its root (for <c>/</c>, the machine).
/// </para>
/// </summary>
internal sealed class PolicyWatcher(PolicyCatalog catalog, IOptions<RecoveryRulesOptions> options) : IHostedService, IDisposable
{
    private readonly List<IDisposable> _resources = [];
    private readonly Dictionary<string, PhysicalFileProvider> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EditorConfigFolder?> _editorConfigFolders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _watchedFolders = new(StringComparer.Ordinal);

    /// <summary>The folders whose <c>.editorconfig</c> is watched.</summary>
    internal IReadOnlyCollection<string> EditorConfigFolders
    {
        get
        {
            lock (_resources)
            {
                return [.. _watchedFolders];
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        PolicyWatchOptions? watch = catalog.Registration.Watch;
        if (watch is null)
        {
            return Task.CompletedTask;
        }

        RecoveryRulesOptions value = options.Value; // loads every policy (throws when one is broken)
        bool editorConfig = value.ReaderOptions.ReadEditorConfig;
        foreach (PolicySlot slot in catalog.Slots)
        {
            if (slot.Source.FullPath is { } policyFile)
            {
                Watch(slot.Name, policyFile, slot.ReloadPolicy, watch, value.TimeProvider, editorConfig);
            }

            if (slot.Shadow?.Candidate.FullPath is { } candidateFile)
            {
                Watch(slot.Name, candidateFile, slot.ReloadShadow, watch, value.TimeProvider, editorConfig);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_resources)
        {
            // newest first: each change subscription before the debounce it signals, the providers last
            for (int i = _resources.Count - 1; i >= 0; i--)
            {
                _resources[i].Dispose();
            }

            _resources.Clear();
            _providers.Clear();
            _editorConfigFolders.Clear();
            _watchedFolders.Clear();
        }
    }

    private void Watch(string policyName, string file, Action reload, PolicyWatchOptions watch, TimeProvider timeProvider, bool editorConfig)
    {
        string directory = Path.GetDirectoryName(file)!;
        string name = Path.GetFileName(file);
        lock (_resources)
        {
            PhysicalFileProvider provider = Provider(directory, watch.UsePolling);
            Debounce? debounce = null;
            debounce = new Debounce(timeProvider, watch.Debounce, () => Reload(policyName, file, debounce!.TakeChanged(), reload));
            _resources.Add(debounce);
            _resources.Add(ChangeToken.OnChange(() => provider.Watch(name), () => debounce.Signal(file)));
            if (!editorConfig)
            {
                return;
            }

            // The folders EditorConfigFiles.Find reads (docs/policy-language.md §16): the file's, then each above it.
            for (string? folder = directory; folder is not null; folder = Path.GetDirectoryName(folder))
            {
                string changed = Path.Combine(folder, EditorConfigFolder.FileName);
                if (watch.UsePolling)
                {
                    if (CanRead(folder))
                    {
                        PhysicalFileProvider folderProvider = Provider(folder, polling: true);
                        _resources.Add(ChangeToken.OnChange(() => folderProvider.Watch(EditorConfigFolder.FileName), () => debounce.Signal(changed)));
                        _watchedFolders.Add(folder);
                    }
                }
                else if (EventFolder(folder) is { } events)
                {
                    _resources.Add(ChangeToken.OnChange(events.Watch, () => debounce.Signal(changed)));
                    _watchedFolders.Add(folder);
                }
            }
        }
    }

    private PhysicalFileProvider Provider(string directory, bool polling)
    {
        if (!_providers.TryGetValue(directory, out PhysicalFileProvider? provider))
        {
            // ExclusionFilters.None: the default leaves dot-files (.editorconfig) out of the provider's events; its
            // polling tokens do not consult the filters, but None says what is meant (docs/design.md §26)
            provider = new PhysicalFileProvider(directory, ExclusionFilters.None)
            {
                UsePollingFileWatcher = polling,
                UseActivePolling = polling,
            };
            _providers.Add(directory, provider);
            _resources.Add(provider);
        }

        return provider;
    }

    private EditorConfigFolder? EventFolder(string folder)
    {
        if (!_editorConfigFolders.TryGetValue(folder, out EditorConfigFolder? events))
        {
            events = CanRead(folder) ? EditorConfigFolder.TryStart(folder, catalog.Logger) : null;
            _editorConfigFolders.Add(folder, events);
            if (events is not null)
            {
                _resources.Add(events);
            }
        }

        return events;
    }

    // A folder whose .editorconfig cannot even be looked at is not watched: the policy's load cannot read it either.
    private static bool CanRead(string folder)
    {
        try
        {
            _ = File.GetLastWriteTimeUtc(Path.Combine(folder, EditorConfigFolder.FileName));
            return Directory.Exists(folder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return false;
        }
    }

    private void Reload(string policyName, string file, IReadOnlyList<string> changed, Action reload)
    {
        try
        {
            reload();
        }
#pragma warning disable CA1031 // a reload runs on a timer thread: whatever it throws is logged, never crashes the host
        catch (Exception exception)
#pragma warning restore CA1031
        {
            catalog.Logger.LogError(exception, "Reloading {File} failed; the policy in service stays", file);
        }

        if (catalog.Logger.IsEnabled(LogLevel.Debug))
        {
            Log.ReloadChecked(catalog.Logger, policyName, file, string.Join(", ", changed));
        }
    }

    /// <summary>Runs an action once the signals have stopped for a while: each signal restarts the wait.</summary>
    private sealed class Debounce : IDisposable
    {
        private readonly ITimer _timer;
        private readonly TimeSpan _wait;
        private readonly List<string> _changed = [];

        public Debounce(TimeProvider timeProvider, TimeSpan wait, Action action)
        {
            _wait = wait;
            _timer = timeProvider.CreateTimer(_ => action(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        /// <summary>Restarts the wait, and notes the file whose change signalled it.</summary>
        public void Signal(string changed)
        {
            lock (_changed)
            {
                if (!_changed.Contains(changed, StringComparer.Ordinal))
                {
                    _changed.Add(changed);
                }
            }

            try
            {
                _timer.Change(_wait, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // a change reported while the host stops: nothing left to reload
            }
        }

        /// <summary>The files changed since the last call.</summary>
        public IReadOnlyList<string> TakeChanged()
        {
            lock (_changed)
            {
                string[] changed = [.. _changed];
                _changed.Clear();
                return changed;
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
