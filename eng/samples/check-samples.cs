// Checks the sample consumers of the test kit for eng/test-packages.sh, section 6: a file-based C# program, one
// file with both commands so that they cost one compile. `dotnet run eng/samples/check-samples.cs -- COMMAND ...`
// compiles it on its first run; the script compiles it once (`dotnet build eng/samples/check-samples.cs -o DIR`)
// and runs DIR/check-samples.dll, which spares `dotnet run` finding it up to date for each check.
//
//   docs                     the code of docs/auditing.md, "A test kit for xUnit and FluentAssertions", is the
//                            sample consumers' code: every csharp and xml block of the section, line by line and
//                            ignoring indentation, appears in eng/samples/xunit2 and eng/samples/xunit3.
//   trx LABEL TRX STATUS     the TRX of a sample's `dotnet test`, which exited with STATUS. The sample
//                            (eng/samples/xunit2 or xunit3) has one right and one deliberately wrong scenario, one
//                            right and one deliberately wrong assertion, and a scenario file that does not load, so
//                            `dotnet test` must fail, each scenario must be its own test case named by the scenario,
//                            and each failure must say which field differs and why.
//
// Prints one "PASS name" or "FAIL name: why" line per check and exits 0 (the script counts the FAIL lines);
// exits 2 for a wrong command line. Files are read as strict UTF-8; a line ends at any Unicode line break and is
// compared without the white space around it. A FAIL line quotes each test result it looked at as
// ('name', 'outcome', 'message'), escaped as Python's repr() (the format of the checks this program replaces),
// or None when there was no such result.
//
// The repository's Directory.Build.props and Directory.Packages.props do not reach this file:
// eng/samples/Directory.Build.props and Directory.Packages.props stand in for them, as for the samples. So the
// repository's warnings-as-errors and analysis level are set here. Not native AOT, the default of a file-based
// program: its restore would download the AOT compiler and runtime packs (about 350 MB) into the script's
// isolated packages folder, for a program that is only run.
#:property PublishAot=false
#:property TreatWarningsAsErrors=true
#:property AnalysisLevel=latest

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
return args switch
{
    ["docs"] => SampleChecks.Documentation(),
    ["trx", var label, var trx, var status] when int.TryParse(status, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exitStatus)
        => SampleChecks.TestResults(label, trx, exitStatus),
    _ => SampleChecks.Usage(),
};

/// <summary>The checks of the sample consumers, each printed as one PASS or FAIL line.</summary>
static class SampleChecks
{
    static readonly XNamespace TeamTest = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    // White space and line breaks as Python's str.strip() and str.splitlines() know them (as the docs check always had).
    static readonly char[] Whitespace =
        [.. Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(c => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f')];
    static readonly Regex LineBreak = new(@"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]", RegexOptions.CultureInvariant);
    static readonly Regex CodeBlock = new(@"```(?:csharp|xml)\n(.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>Checks that every csharp and xml block of the test kit's section of docs/auditing.md is in both samples.</summary>
    public static int Documentation()
    {
        const string name = "docs/auditing.md shows the sample consumers' code, verbatim";
        if (AppContext.GetData("EntryPointFileDirectoryPath") is not string samples)
        {
            Console.Error.WriteLine("Run it from its file: dotnet run eng/samples/check-samples.cs -- docs");
            return 2;
        }

        try
        {
            Console.WriteLine(CompareSection(name, samples));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Console.WriteLine($"FAIL {name}: {error.Message}");
        }

        return 0;
    }

    static string CompareSection(string name, string samples)
    {
        var root = Path.GetFullPath(Path.Combine(samples, "..", ".."));
        var text = ReadText(Path.Combine(root, "docs", "auditing.md"));
        var start = text.IndexOf("## A test kit for xUnit and FluentAssertions", StringComparison.Ordinal);
        if (start < 0)
        {
            return $"FAIL {name}: no code blocks in the section";
        }

        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        var blocks = CodeBlock.Matches(section).Select(match => Lines(match.Groups[1].Value)).ToList();
        if (blocks.Count == 0)
        {
            return $"FAIL {name}: no code blocks in the section";
        }

        var missing = new List<string>();
        foreach (var sample in (string[])["xunit2", "xunit3"])
        {
            var files = Directory.EnumerateFiles(Path.Combine(samples, sample))
                .Where(path => Suffix(Path.GetFileName(path)) is ".cs" or ".csproj")
                .Select(path => Lines(ReadText(path)))
                .ToList();
            foreach (var wanted in blocks)
            {
                var found = files.Any(file => Enumerable.Range(0, file.Count).Any(i => file.Skip(i).Take(wanted.Count).SequenceEqual(wanted)));
                if (!found)
                {
                    missing.Add($"{sample}: {(wanted.Count > 0 ? wanted[0] : "(an empty block)")}");
                }
            }
        }

        return missing.Count > 0
            ? $"FAIL {name}: not in the samples: {string.Join("; ", missing)}"
            : $"PASS {name} ({blocks.Count} blocks)";
    }

    /// <summary>Checks the TRX of a sample's <c>dotnet test</c>, which exited with <paramref name="status"/>.</summary>
    public static int TestResults(string label, string trx, int status)
    {
        List<TestResult> results;
        try
        {
            using var stream = File.OpenRead(trx);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            results = [.. XDocument.Load(reader).Root!.Descendants(TeamTest + "UnitTestResult").Select(result => new TestResult(
                (string?)result.Attribute("testName") ?? "",
                (string?)result.Attribute("outcome") ?? "",
                result.Elements(TeamTest + "Output").Elements(TeamTest + "ErrorInfo").Elements(TeamTest + "Message").FirstOrDefault()?.Value ?? ""))];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or XmlException)
        {
            Check(label, "dotnet test writes a TRX", false, error.Message);
            return 0;
        }

        foreach (var result in results)
        {
            Console.WriteLine($"  {result.Outcome,-7} {result.Name}");
        }

        TestResult? Only(string fragment)
        {
            var found = results.Where(result => result.Name.Contains(fragment, StringComparison.Ordinal)).ToList();
            return found.Count == 1 ? found[0] : null;
        }

        Check(label, "dotnet test fails (exit 1) for the deliberate failures, with 5 tests",
            status == 1 && results.Count == 5, $"exit {status}, {results.Count} tests");

        var right = Only("(scenario: VIP critical outage gets a full refund)");
        Check(label, "the right scenario passes as its own test, named by it",
            right is { Outcome: "Passed" }, Quote(right));

        var wrong = Only("(scenario: A standard customer's critical outage is refunded too)");
        Check(label, "the wrong scenario fails as its own test, named by it, with the field and why",
            wrong is { Outcome: "Failed" }
            && wrong.Message.Contains("FAIL A standard customer's critical outage is refunded too", StringComparison.Ordinal)
            && wrong.Message.Contains("compensation.total: expected 80.00 USD, got 0.00 USD", StringComparison.Ordinal)
            && wrong.Message.Contains("critical-high-value: highValue was false", StringComparison.Ordinal)
            && wrong.Message.ToLowerInvariant().Contains("how the policy decided", StringComparison.Ordinal),
            Quote(wrong));

        var broken = Only("(scenario: policies/broken.tests.yaml does not load)");
        Check(label, "a scenario file that does not load is one failing test listing its diagnostics",
            broken is { Outcome: "Failed" }
            && broken.Message.Contains("broken.tests.yaml(9,15): error RR0503: 'critical-high-valu' is not a rule of policy 'retail-recovery'", StringComparison.Ordinal),
            Quote(broken));

        var passed = Only("A_vip_outage_is_refunded_and_escalated");
        var failed = Only("A_critical_failure_gets_the_credit_of_a_major_one");
        Check(label, "FluentAssertions: the right assertions pass, the wrong one fails saying why",
            passed is { Outcome: "Passed" } && failed is { Outcome: "Failed" }
            && failed.Message.Replace("\r\n", "\n", StringComparison.Ordinal).Contains(
                "Expected decision to fire major-on-time, but it did not:\n  major-on-time: severity == major was false (severity is critical)", StringComparison.Ordinal)
            && failed.Message.Contains("How the policy decided:", StringComparison.Ordinal),
            $"{Quote(passed)} / {Quote(failed)}");
        return 0;
    }

    /// <summary>Prints how the program is run, for a wrong command line.</summary>
    public static int Usage()
    {
        Console.Error.WriteLine("usage: dotnet run eng/samples/check-samples.cs -- docs");
        Console.Error.WriteLine("       dotnet run eng/samples/check-samples.cs -- trx LABEL TRX EXIT_STATUS");
        return 2;
    }

    static void Check(string label, string name, bool ok, string why) =>
        Console.WriteLine(ok ? $"PASS {label}: {name}" : $"FAIL {label}: {name}: {why}");

    // UTF-8, strict (a byte-order mark stays a character); \r\n and \r read as \n.
    static string ReadText(string path)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path))
                .Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }
        catch (DecoderFallbackException error)
        {
            throw new InvalidDataException($"{path} is not UTF-8: {error.Message}", error);
        }
    }

    static List<string> Lines(string code) =>
        [.. LineBreak.Split(code).Select(line => line.Trim(Whitespace)).Where(line => line.Length > 0)];

    // The extension as Python's PurePath.suffix: none for ".cs" or "name.".
    static string Suffix(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot > 0 && dot < fileName.Length - 1 ? fileName[dot..] : "";
    }

    static string Quote(TestResult? result) =>
        result is null ? "None" : $"({Quote(result.Name)}, {Quote(result.Outcome)}, {Quote(result.Message)})";

    // A string as Python's repr() writes it.
    static string Quote(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var quoted = new StringBuilder().Append(quote);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            _ = value switch
            {
                '\\' => quoted.Append(@"\\"),
                '\n' => quoted.Append(@"\n"),
                '\r' => quoted.Append(@"\r"),
                '\t' => quoted.Append(@"\t"),
                _ when value == quote => quoted.Append('\\').Append(quote),
                _ when value == ' ' || !IsUnprintable(Rune.GetUnicodeCategory(rune)) => quoted.Append(rune.ToString()),
                < 0x100 => quoted.Append(CultureInfo.InvariantCulture, $"\\x{value:x2}"),
                < 0x10000 => quoted.Append(CultureInfo.InvariantCulture, $"\\u{value:x4}"),
                _ => quoted.Append(CultureInfo.InvariantCulture, $"\\U{value:x8}"),
            };
        }

        return quoted.Append(quote).ToString();
    }

    static bool IsUnprintable(UnicodeCategory category) => category is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator;

    sealed record TestResult(string Name, string Outcome, string Message);
}
