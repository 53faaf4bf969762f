using Microsoft.Extensions.FileProviders;
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
/// </summary>
internal sealed class PolicyWatcher(PolicyCatalog catalog, IOptions<RecoveryRulesOptions> options) : IHostedService, IDisposable
{
    private readonly List<IDisposable> _resources = [];
    private readonly Dictionary<string, PhysicalFileProvider> _providers = new(StringComparer.Ordinal);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        PolicyWatchOptions? watch = catalog.Registration.Watch;
        if (watch is null)
        {
            return Task.CompletedTask;
        }

        RecoveryRulesOptions value = options.Value; // loads every policy (throws when one is broken)
        foreach (PolicySlot slot in catalog.Slots)
        {
            if (slot.Source.FullPath is { } policyFile)
            {
                Watch(policyFile, slot.ReloadPolicy, watch, value.TimeProvider);
            }

            if (slot.Shadow?.Candidate.FullPath is { } candidateFile)
            {
                Watch(candidateFile, slot.ReloadShadow, watch, value.TimeProvider);
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
        }
    }

    private void Watch(string file, Action reload, PolicyWatchOptions watch, TimeProvider timeProvider)
    {
        string directory = Path.GetDirectoryName(file)!;
        string name = Path.GetFileName(file);
        lock (_resources)
        {
            if (!_providers.TryGetValue(directory, out PhysicalFileProvider? provider))
            {
                provider = new PhysicalFileProvider(directory)
                {
                    UsePollingFileWatcher = watch.UsePolling,
                    UseActivePolling = watch.UsePolling,
                };
                _providers.Add(directory, provider);
                _resources.Add(provider);
            }

            var debounce = new Debounce(timeProvider, watch.Debounce, () => Reload(file, reload));
            _resources.Add(debounce);
            _resources.Add(ChangeToken.OnChange(() => provider.Watch(name), debounce.Signal));
        }
    }

    private void Reload(string file, Action reload)
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
    }

    /// <summary>Runs an action once the signals have stopped for a while: each signal restarts the wait.</summary>
    private sealed class Debounce : IDisposable
    {
        private readonly ITimer _timer;
        private readonly TimeSpan _wait;

        public Debounce(TimeProvider timeProvider, TimeSpan wait, Action action)
        {
            _wait = wait;
            _timer = timeProvider.CreateTimer(_ => action(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public void Signal()
        {
            try
            {
                _timer.Change(_wait, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // a change reported while the host stops: nothing left to reload
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
