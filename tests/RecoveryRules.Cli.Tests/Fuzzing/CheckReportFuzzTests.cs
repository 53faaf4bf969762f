using System.Text.Json;
using CsCheck;
using RecoveryRules.Cli.Output;
using RecoveryRules.Cli.Tests.Output;
using RecoveryRules.Diagnostics;
using RecoveryRules.Text;

namespace RecoveryRules.Cli.Tests.Fuzzing;

/// <summary>
/// The SARIF and JSON reports of <c>check</c> with hostile text (docs/fuzzing.md, "check reports"): messages and
/// paths with control characters, lone surrogates, quotes and backslashes, any Unicode, and very long text. Both
/// reports stay JSON that parses, the SARIF log stays valid against the official schema, and every message reads
/// back as written (a lone surrogate as U+FFFD).
/// </summary>
public sealed class CheckReportFuzzTests
{
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("RECOVERYRULES_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 100;

    private static readonly Gen<string> HostileText =
        Gen.Frequency(
            (4, Gen.Char[' ', '~']),
            (2, Gen.Char['\0', '\u001f']),
            (1, Gen.Char['\u007f', '\u00ff']),
            (2, Gen.Char['\ud800', '\udfff']),
            (2, Gen.Char['\u0100', '\uffff']),
            (1, Gen.Char["\"\\/<>&\u2028\u2029\ufeff"]))
        .Array[0, 80]
        .SelectMany(chars => Gen.Frequency((9, Gen.Const(1)), (1, Gen.Int[100, 2000])).Select(repeat =>
            string.Concat(Enumerable.Repeat(new string(chars), repeat))));

    private static readonly Gen<string> HostilePath =
        Gen.Select(HostileText, Gen.Bool).Select((text, absolute) =>
            (absolute ? Path.Combine(Path.GetTempPath(), "p") + "/" : "policies/") + text + ".policy.yaml");

    private static readonly Gen<Diagnostic> HostileDiagnostic =
        Gen.Select(Gen.Int[0, RecoveryDiagnostics.All.Length - 1], HostilePath, HostileText, Gen.Int[0, 100_000], Gen.Int[0, 10_000], Gen.Int[0, 3], Gen.Int[0, 200])
            .Select((descriptor, path, message, line, column, lines, width) => new Diagnostic(
                RecoveryDiagnostics.All[descriptor],
                new SourceLocation(path, new LinePositionSpan(new LinePosition(line, column), new LinePosition(line + lines, column + width))),
                message));

    [Fact]
    public void Reports_with_hostile_messages_and_paths_stay_valid_json_and_valid_sarif()
    {
        Gen.Select(HostilePath, HostileDiagnostic.Array[0, 4], HostilePath, HostileDiagnostic.Array[0, 3])
            .Sample(
                (firstPath, first, secondPath, second) =>
                {
                    var report = new CheckReport([new CheckedFile(firstPath, first), new CheckedFile(secondPath, second)]);

                    var sarif = Write(stream => SarifReport.Write(stream, report, 1, Path.GetTempPath()));
                    var json = Write(stream => CheckJsonReport.Write(stream, report, 1));

                    SarifSchema.Errors(sarif).Should().BeEmpty();
                    var expected = first.Concat(second).Select(d => ReportJson.Clean(d.Message)).ToList();
                    JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                        .Select(r => r.GetProperty("message").GetProperty("text").GetString()).Should().Equal(expected);
                    var parsed = JsonDocument.Parse(json).RootElement;
                    parsed.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("message").GetString()).Should().Equal(expected);
                    parsed.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString())
                        .Should().Equal(ReportJson.Clean(firstPath), ReportJson.Clean(secondPath));
                },
                iter: Iterations);
    }

    private static string Write(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        // Strict UTF-8: a report that is not valid UTF-8 fails here, before it is parsed.
        return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(stream.ToArray());
    }
}
