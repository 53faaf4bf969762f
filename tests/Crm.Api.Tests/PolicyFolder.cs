namespace Crm.Api.Tests;

/// <summary>
/// A temporary copy of the example service's policies (examples/Crm.Api/policies, copied beside the tests),
/// so that a test may edit them without touching the originals or another test's copy. Deleted on dispose.
/// </summary>
public sealed class PolicyFolder : IDisposable
{
    public PolicyFolder()
    {
        Path = Directory.CreateTempSubdirectory("crm-policies-").FullName;
        foreach (string file in Directory.EnumerateFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "policies"), "*.policy.yaml"))
        {
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
        }
    }

    public string Path { get; }

    public string Retail => System.IO.Path.Combine(Path, "retail.policy.yaml");

    public string RetailEu => System.IO.Path.Combine(Path, "retail-eu.policy.yaml");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; the temp folder is cleaned by the system.
        }
    }
}
