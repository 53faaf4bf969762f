using RecoveryRules.Analysis;

namespace RecoveryRules.Cli.Output;

internal static class CoverageMatrixHtml
{
    public static void Write(TextWriter writer, DecisionMatrix matrix, string? channel) => writer.WriteLine(matrix.Policy.Id + channel);
}
