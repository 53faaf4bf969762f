using RecoveryRules.Testing;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// Prints a scenario that did not pass, as <c>recoveryrules test</c> does: its headline
/// (<c>path(line,col): FAIL|ERROR name: …</c>), then the why lines indented, then, with <c>--explain</c>,
/// how the policy decided.
/// </summary>
internal static class ScenarioLines
{
    public static void Write(TextWriter writer, ScenarioResult result, bool explain)
    {
        if (explain)
        {
            writer.WriteLine(result.Describe());
            return;
        }

        writer.WriteLine(result.Headline);
        foreach (var line in result.WhyLines)
        {
            writer.WriteLine("    " + line);
        }
    }
}
