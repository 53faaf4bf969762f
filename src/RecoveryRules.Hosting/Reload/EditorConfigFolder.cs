using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace RecoveryRules.Hosting.Reload;

/// <summary>
/// The <c>.editorconfig</c> of one folder, watched with file-system events for that one name and not the folder's
/// subfolders (docs/embedding.md, "Reload"): its change token fires when the file is created, written, deleted or
/// renamed to or from. A <see cref="Microsoft.Extensions.FileProviders.PhysicalFileProvider"/> would watch the whole
/// tree below the folder, and the folders above a policy go up to the file system's root.
/// </summary>
internal sealed class EditorConfigFolder : IDisposable
{
    /// <summary>The file watched, as <c>PolicyYaml.CompileFile</c> looks for it.</summary>
    public const string FileName = ".editorconfig";

    private readonly FileSystemWatcher _watcher;
    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();
    private bool _disposed;

    private EditorConfigFolder(string folder)
    {
        _watcher = new FileSystemWatcher(folder, FileName)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Created += (_, _) => Fire();
        _watcher.Changed += (_, _) => Fire();
        _watcher.Deleted += (_, _) => Fire();
        _watcher.Renamed += (_, _) => Fire();
        _watcher.Error += (_, _) => Fire(); // events were lost (an overflow): reloading is the safe answer
    }

    /// <summary>Starts watching <paramref name="folder"/>; null (logged) when the platform refuses, e.g. out of watches or a folder not readable.</summary>
    public static EditorConfigFolder? TryStart(string folder, ILogger logger)
    {
        EditorConfigFolder? watch = null;
        try
        {
            watch = new EditorConfigFolder(folder);
            watch._watcher.EnableRaisingEvents = true;
            return watch;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            watch?.Dispose();
            Log.EditorConfigNotWatched(logger, Path.Combine(folder, FileName), exception.Message);
            return null;
        }
    }

    /// <summary>A token that fires at the next change.</summary>
    public IChangeToken Watch()
    {
        lock (_gate)
        {
            return _disposed ? NullChangeToken.Singleton : new CancellationChangeToken(_changed.Token);
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        lock (_gate)
        {
            _disposed = true;
            _changed.Dispose();
        }
    }

    private void Fire()
    {
        CancellationTokenSource fired;
        lock (_gate)
        {
            if (_disposed)
            {
                return; // an event raised while the host stops
            }

            fired = _changed;
            _changed = new CancellationTokenSource();
        }

        // not disposed: a subscriber may still be registering on its token; it holds no timer or handle
        fired.Cancel();
    }
}
