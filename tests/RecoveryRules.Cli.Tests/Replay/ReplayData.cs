using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Tests.Replay;

/// <summary>
/// The replay tests' files, under Replay/Data: shop.policy.yaml, its deliberately changed next version
/// shop-2.policy.yaml, the cases, and records.jsonl (each case of cases.jsonl recorded under shop.policy.yaml by
/// <c>eval --record --now 2026-12-01T09:00:00+00:00</c>).
/// </summary>
internal static class ReplayData
{
    public static string Folder => System.IO.Path.Combine(AppContext.BaseDirectory, "Replay", "Data");

    public static string Shop => Path("shop.policy.yaml");

    public static string ShopNext => Path("shop-2.policy.yaml");

    public static string Records => Path("records.jsonl");

    public static string Path(string name) => System.IO.Path.Combine(Folder, name);

    public static RecoveryPolicy Load(string path) => PolicyYaml.CompileFile(path).GetPolicyOrThrow();

    /// <summary>The records of a file, read by the core's reader.</summary>
    public static List<DecisionRecordLine> ReadRecords(string path)
    {
        using var file = File.OpenRead(path);
        return [.. DecisionRecordReader.Read(file)];
    }
}
