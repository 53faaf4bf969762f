namespace RecoveryRules.Tests.Infrastructure;

/// <summary>
/// Golden files: expected output kept in a file beside the input. Run the tests with the
/// environment variable <c>RECOVERYRULES_ACCEPT=1</c> to rewrite every golden file from the actual
/// output (in the source tree, not only in bin/); then review the diff before committing.
/// </summary>
internal static class GoldenFiles
{
    public const string AcceptVariable = "RECOVERYRULES_ACCEPT";

    /// <summary>Whether this run rewrites golden files instead of comparing with them.</summary>
    public static bool Accepting =>
        Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true" or "yes";

    /// <summary>Writes <paramref name="content"/> to the source-tree copy of an output-directory file, and to the output copy.</summary>
    /// <param name="projectRelativePath">The file's path relative to the test project (and to the output directory).</param>
    /// <param name="content">The new content.</param>
    public static void Accept(string projectRelativePath, string content)
    {
        var source = RepositoryRoot.Combine("tests", "RecoveryRules.Tests", projectRelativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(source)!);
        File.WriteAllText(source, content);
        File.WriteAllText(System.IO.Path.Combine(AppContext.BaseDirectory, projectRelativePath), content);
    }

    /// <summary>Text with line ends normalized to '\n', for comparisons that must not depend on the checkout's line ends.</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
