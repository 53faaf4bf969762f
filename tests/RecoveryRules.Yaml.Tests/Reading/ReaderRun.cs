using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Diagnostics;
using RecoveryRules.Syntax;
using RecoveryRules.Text;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>Runs the reader on text or on a data file and checks diagnostics by id and zero-based start.</summary>
internal static class ReaderRun
{
    public static string DataDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Reading", "Data");

    public static (PolicySyntax Policy, ImmutableArray<Diagnostic> Diagnostics) Read(string text, PolicyReaderOptions? options = null, string path = "test.policy.yaml")
    {
        var bag = new DiagnosticBag();
        var policy = YamlPolicyReader.Read(path, text, options ?? PolicyReaderOptions.Default, bag);
        var diagnostics = bag.ToSortedArray();
        foreach (var diagnostic in diagnostics)
        {
            diagnostic.Message.Should().NotMatchRegex(@"\{\d+\}", "a message must have all its arguments");
        }

        return (policy, diagnostics);
    }

    public static string ReadData(string relativePath) => File.ReadAllText(Path.Combine(DataDirectory, relativePath));

    /// <summary>A policy that reads without any diagnostic.</summary>
    public static PolicySyntax ReadClean(string text)
    {
        var (policy, diagnostics) = Read(text);
        diagnostics.Should().BeEmpty(Describe(diagnostics));
        return policy;
    }

    /// <summary>The only diagnostic of <paramref name="text"/>, checked for its id and zero-based start.</summary>
    public static Diagnostic Single(string text, string id, int line, int column, PolicyReaderOptions? options = null)
    {
        var (_, diagnostics) = Read(text, options);
        diagnostics.Should().HaveCount(1, Describe(diagnostics));
        var diagnostic = diagnostics[0];
        diagnostic.Id.Should().Be(id, Describe(diagnostics));
        diagnostic.Location.Span.Start.Should().Be(new LinePosition(line, column), Describe(diagnostics));
        return diagnostic;
    }

    /// <summary>The actual diagnostics as "RRnnnn at line:col (zero-based): message" lines, for failure messages.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        "the actual diagnostics are:" + Environment.NewLine + string.Join(
            Environment.NewLine,
            diagnostics.Select(d => string.Create(CultureInfo.InvariantCulture, $"  {d.Id} at {d.Location.Line}:{d.Location.Column} (zero-based): {d.Message}")));
}
