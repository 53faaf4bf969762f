using System.Globalization;
using System.Text;
using System.Xml;
using RecoveryRules.Testing;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// The JUnit XML report of <c>recoveryrules test --format junit</c> (docs/cli.md, "test"): one
/// <c>testsuite</c> per scenario file, one <c>testcase</c> per scenario with a <c>failure</c> or
/// <c>error</c> element carrying the headline as its message and the full account as its text. A file
/// that does not load is a testsuite with one erring testcase holding its diagnostics.
/// </summary>
internal static class JUnitReport
{
    public static void Write(Stream stream, IReadOnlyList<(string Path, ScenarioSuiteLoadResult Load)> loads, IReadOnlyList<ScenarioSuiteResult> results)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            NewLineChars = "\n",
            CloseOutput = false,
        };
        using var xml = XmlWriter.Create(stream, settings);
        var all = results.SelectMany(r => r.Results).ToList();
        var notLoaded = loads.Count(l => !l.Load.Success);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "recoveryrules test");
        Counts(xml, all.Count + notLoaded, all.Count(r => r.Outcome == ScenarioOutcome.Failed), all.Count(r => r.Outcome == ScenarioOutcome.Errored) + notLoaded);

        var next = 0;
        foreach (var (path, load) in loads)
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", Clean(path));
            if (!load.Success)
            {
                Counts(xml, 1, 0, 1);
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", "the scenario file loads");
                xml.WriteAttributeString("classname", Clean(path));
                xml.WriteAttributeString("file", Clean(path));
                var errors = load.Diagnostics.Where(d => d.IsError).ToList();
                xml.WriteStartElement("error");
                xml.WriteAttributeString("message", Clean(errors.Count > 0 ? errors[0].ToString() : "the scenario file does not load"));
                xml.WriteAttributeString("type", errors.Count > 0 ? errors[0].Id : "load");
                xml.WriteString(Clean(string.Join("\n", load.Diagnostics.Select(d => d.ToString()))));
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndElement();
                continue;
            }

            var suite = results[next++];
            Counts(xml, suite.Results.Length, suite.Results.Count(r => r.Outcome == ScenarioOutcome.Failed), suite.Results.Count(r => r.Outcome == ScenarioOutcome.Errored));
            foreach (var result in suite.Results)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", Clean(result.Scenario.Name));
                xml.WriteAttributeString("classname", Clean(path));
                xml.WriteAttributeString("file", Clean(path));
                xml.WriteAttributeString("line", (result.Scenario.Location.Line + 1).ToString(CultureInfo.InvariantCulture));
                if (!result.Passed)
                {
                    var errored = result.Outcome == ScenarioOutcome.Errored;
                    xml.WriteStartElement(errored ? "error" : "failure");
                    xml.WriteAttributeString("message", Clean(result.Headline));
                    xml.WriteAttributeString("type", errored ? result.Error!.Id : "ScenarioFailed");
                    xml.WriteString(Clean(result.Describe()));
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void Counts(XmlWriter xml, int tests, int failures, int errors)
    {
        xml.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", "0");
    }

    // XML 1.0 cannot hold every character (control characters, lone surrogates): each such one becomes U+FFFD.
    private static string Clean(string text)
    {
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair)
            {
                clean?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            var valid = XmlConvert.IsXmlChar(c);
            if (!valid && clean is null)
            {
                clean = new StringBuilder(text.Length).Append(text, 0, i);
            }

            clean?.Append(valid ? c : '\uFFFD');
        }

        return clean?.ToString() ?? text;
    }
}
