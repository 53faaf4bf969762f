namespace RecoveryRules.Hosting.Tests.Support;

/// <summary>A temporary folder of real policy files, deleted after the test; files come from Data/ beside the tests.</summary>
internal sealed class PolicyDirectory : IDisposable
{
    public PolicyDirectory()
    {
        Root = Directory.CreateTempSubdirectory("recoveryrules-hosting-").FullName;
    }

    public string Root { get; }

    /// <summary>The text of a file of Data/.</summary>
    public static string Data(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", name));

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Copies a Data/ file into the folder as <paramref name="name"/> (in place, overwriting).</summary>
    public string Copy(string dataFile, string name) => Write(name, Data(dataFile));

    public string Write(string name, string text)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Replaces a file the way editors and deploy tools do: a new file renamed over the old one.</summary>
    public string Replace(string name, string text)
    {
        string path = PathOf(name);
        string temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a watcher may still hold the folder for a moment; the system's temp cleanup takes it
        }
    }
}
