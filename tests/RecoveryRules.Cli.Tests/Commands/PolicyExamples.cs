namespace RecoveryRules.Cli.Tests.Commands;

/// <summary>
/// The policy examples under examples/: one folder per industry, holding a policy, its cases, scenarios and
/// records. A folder holding a C# project (examples/Crm.Api, Crm.Console, Crm.Api.Load) is an embedding
/// example, tested by its own test project, and not one of them.
/// </summary>
internal static class PolicyExamples
{
    /// <summary>The names of the policy example folders under <paramref name="examplesRoot"/>, in ordinal order.</summary>
    public static string[] Folders(string examplesRoot) =>
        [.. Directory.EnumerateDirectories(examplesRoot)
            .Where(folder => Directory.GetFiles(folder, "*.csproj").Length == 0)
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
}
