using CsCheck;
using RecoveryRules.Diagnostics;
using RecoveryRules.Syntax;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>Properties over generated documents: the reader never throws, and exact maps never lie.</summary>
public sealed class ReaderRobustnessTests
{
    private static readonly Gen<string> YamlLike = Gen.OneOf(
            "policy: p\n", "version: \"1\"\n", "rules:\n", "  - id: r\n", "    when: ", "then:\n", "  compensate:\n",
            "    - refund: 10\n", "[", "]", "{", "}", ", ", ": ", "- ", "\n", "  ", "\t", "'", "\"", "''", "\\", "\\U0011FFFF",
            "&a ", "*a ", "!!str ", "? ", "|", ">", "|-\n", "#", "---\n", "...\n", "%YAML 1.2\n", "\r\n", "\u2028", "\uFEFF",
            "x", "late", "severity == critical", "<<: ", "~", "null", "@", "`")
        .Array[0, 40]
        .Select(parts => string.Concat(parts));

    // Mostly valid policies whose scalars come in every style, single- and multi-line.
    private static readonly Gen<string> PolicyLike = Gen.OneOf(
            "  a: plain text and more\n", "  b: 'single quoted'\n", "  c: \"double quoted\"\n", "  d: 'it''s'\n",
            "  e: \"tab\\there\"\n", "  f: |\n    line one\n      line two\n    three\n", "  g: >\n    folded one\n    folded two\n\n    after blank\n",
            "  h: plain\n    continued\n\n    after blank\n", "  i: \"quoted\n    continued \"\n", "  j: |-\n\n    after a blank\n",
            "  k: !!str tagged\n", "  l: >2\n     indicated\n", "  m:\n", "  n: x # comment\n", "  o: |+\n    kept\n\n",
            "  p: 'a\n\n    b'\n", "  q: \t tabbed \n", "  r: a  b   c\n", "  s: >-\n    one\n      more\n    two\n")
        .Array[1, 12]
        .Select(parts => "policy: p\r\nversion: \"1\"\ndefine:\n" + string.Concat(parts.Select((part, i) => "  k" + i + part[2..])));

    [Fact]
    public void Reading_any_text_reports_problems_instead_of_throwing()
    {
        YamlLike.Sample(
            text =>
            {
                var bag = new DiagnosticBag();
                var policy = YamlPolicyReader.Read("fuzz.policy.yaml", text, PolicyReaderOptions.Default, bag);
                if (policy.Id is null && !bag.HasErrors)
                {
                    throw new InvalidOperationException("a policy without 'policy' must have been reported");
                }
            },
            iter: 5_000);
    }

    [Fact]
    public void Exact_source_maps_point_at_the_characters_of_the_value()
    {
        PolicyLike.Sample(
            text =>
            {
                var bag = new DiagnosticBag();
                var policy = YamlPolicyReader.Read("maps.policy.yaml", text, PolicyReaderOptions.Default, bag);
                var lines = Lines(text);
                foreach (var scalar in Scalars(policy).Where(s => s.Map.IsExact))
                {
                    for (var offset = 0; offset < scalar.Value.Length; offset++)
                    {
                        if (scalar.Value[offset] is ' ' or '\n')
                        {
                            continue; // folded breaks and spaces have no character of their own
                        }

                        var position = scalar.Map.Map(offset);
                        var line = lines[position.Line];
                        if (position.Character >= line.Length || line[position.Character] != scalar.Value[offset])
                        {
                            throw new InvalidOperationException(
                                $"'{scalar.Value}' offset {offset} maps to {position.Line}:{position.Character}, which is not '{scalar.Value[offset]}'");
                        }
                    }
                }
            },
            iter: 2_000);
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split(['\n', '\r', '\u0085', '\u2028', '\u2029']);

    private static IEnumerable<ScalarSyntax> Scalars(PolicySyntax policy)
    {
        IEnumerable<ScalarSyntax?> all =
        [
            policy.Id, policy.Version, policy.Description, policy.Currency,
            .. policy.Defines.SelectMany(d => new[] { d.Name, d.Expression }),
            .. policy.Facts.SelectMany(f => new[] { f.Name, f.Type, f.Default }),
            .. policy.Rules.SelectMany(r => new[] { r.Id, r.Description, r.Priority, r.Stop }.Concat(r.When)),
        ];
        return all.OfType<ScalarSyntax>();
    }
}
