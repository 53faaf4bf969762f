namespace RecoveryRules.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test's output directory.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The folder that holds RecoveryRules.sln.</summary>
    public static string Path => Root.Value;

    /// <summary>A path inside the repository, from parts relative to its root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "RecoveryRules.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds RecoveryRules.sln.");
    }
}
