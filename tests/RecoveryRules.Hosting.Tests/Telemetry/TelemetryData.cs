using RecoveryRules.Yaml;

namespace RecoveryRules.Hosting.Tests.Telemetry;

/// <summary>The policies and cases beside these tests (Telemetry/Data): the retail policy of examples/retail, a candidate version of it, and its cases by id.</summary>
internal static class TelemetryData
{
    private static readonly Lazy<RecoveryPolicy> LazyRetail = new(() => Compile("retail.policy.yaml"));
    private static readonly Lazy<RecoveryPolicy> LazyCandidate = new(() => Compile("retail-candidate.policy.yaml"));

    /// <summary>examples/retail/retail.policy.yaml.</summary>
    public static RecoveryPolicy Retail => LazyRetail.Value;

    /// <summary>The retail policy with a more generous <c>major-on-time</c> credit (20% up to 40 instead of 10% up to 30).</summary>
    public static RecoveryPolicy Candidate => LazyCandidate.Value;

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Telemetry", "Data", file);

    /// <summary>A line of Data/cases.jsonl by case id.</summary>
    public static string Case(string id) =>
        File.ReadLines(PathOf("cases.jsonl")).Single(line => line.Contains($"\"id\": \"{id}\"", StringComparison.Ordinal));

    public static PolicyCompilationResult CompileResult(string file) => PolicyYaml.CompileFile(PathOf(file));

    private static RecoveryPolicy Compile(string file) => CompileResult(file).GetPolicyOrThrow();
}
