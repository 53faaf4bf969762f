namespace RecoveryRules.Testing.Tests.Infrastructure;

/// <summary>Golden outputs: compared exactly; <c>RECOVERYRULES_ACCEPT=1</c> rewrites them from the actual output (then review the diff).</summary>
internal static class GoldenFiles
{
    public const string AcceptVariable = "RECOVERYRULES_ACCEPT";

    public static bool Accepting =>
        Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true" or "yes";

    /// <summary>Writes a golden file into the source tree and the output folder.</summary>
    public static void Accept(string projectRelativePath, string content)
    {
        var source = RepositoryRoot.Combine("tests", "RecoveryRules.Testing.Tests", projectRelativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(source)!);
        File.WriteAllText(source, content);
        File.WriteAllText(System.IO.Path.Combine(AppContext.BaseDirectory, projectRelativePath), content);
    }

    public static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
