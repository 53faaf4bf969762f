using System.Globalization;
using System.Text;
using CsCheck;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml.EditorConfig;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Yaml.Tests.Fuzzing;

/// <summary>
/// The <c>.editorconfig</c> reader is a front door: any file beside a policy is read when the policy is
/// (docs/fuzzing.md, ".editorconfig files"). Generated files (sections with hostile globs, our keys with
/// any id and value, other tools' keys, junk lines, every line break) and mutated real ones are put beside
/// a policy that the analysis flags, and the policy compiled from its file. Whatever the file: compiling
/// never throws, every diagnostic lies inside its own file's text (the location check of this assembly
/// checks each file against its own), diagnostics in the .editorconfig are only those it can cause, and the
/// policy loads exactly when no diagnostic is an error. Section names alone are fuzzed as globs too.
/// </summary>
public sealed class EditorConfigFuzzTests : IDisposable
{
    private const string EnvironmentVariable = "RECOVERYRULES_FUZZ_ITERATIONS";

    private static readonly string DataFolder = Path.Combine(AppContext.BaseDirectory, "EditorConfig", "Data");

    private static readonly string RegressionFolder = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Regressions");

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly RecoveryPolicyOptions Analyzed = new() { Analyze = true };

    // What an .editorconfig can cause: a misspelled key of ours, an unknown or compiler id, a bad value, a file too large or unreadable.
    private static readonly string[] EditorConfigIds =
    [
        RecoveryDiagnostics.UnknownKey.Id, RecoveryDiagnostics.InvalidChoice.Id, RecoveryDiagnostics.UnknownDiagnosticId.Id,
        RecoveryDiagnostics.DiagnosticNotConfigurable.Id, RecoveryDiagnostics.DocumentTooLarge.Id, RecoveryDiagnostics.InvalidDocument.Id,
    ];

    private static readonly string[] GlobParts =
    [
        "*", "**", "?", "[", "]", "[!", "{", "}", ",", "..", "-", "/", "\\", "!", ".", "a", "z", "1", "-3", "99999999999999999999",
        "never", ".policy", ".yaml", "{never,other}", "{1..3}", "[a-z]", "[!a]", "{a,{b,c}}", "é", "\U0001F600", "\uD800", " ", "$", "(", "+", "^",
    ];

    private static readonly string[] Lines =
    [
        "root = true\n", "root = TRUE\n", "root=false\n", "[*]\n", "[*.policy.yaml]\n", "[never.policy.yaml]\n", "[]\n", "[\n", "]\n",
        "# comment\n", "; comment\n", "\n", "  \n", "no equals sign\n", "= value without key\n", "indent_style = space\n", "other_tool.key = x\n",
        "recoveryrules_diagnostic.RR1003.severity = error\n", "recoveryrules_diagnostic.RR1004.severity = none\n",
        "recoveryrules_diagnostic.RR1001.severity = info\n", "recoveryrules_diagnostic.RR0201.severity = none\n",
        "recoveryrules_diagnostic.RR9999.severity = error\n", "recoveryrules_diagnostic.rr1003.severity = Warning\n",
        "recoveryrules_diagnostic.RR1003.severity = eror\n", "recoveryrules_diagnostic.RR1003.severity =\n", "recoveryrules_diagnostic..severity = error\n",
        "recoveryrules_diagnostic.severity = error\n", "recoveryrules_diagnostics.RR1003.severity = error\n", "recoveryrules_x = 1\n",
        "RECOVERYRULES_DIAGNOSTIC.RR1003.SEVERITY = ERROR\n", "  recoveryrules_diagnostic.RR1003.severity   =   warning   \n",
        "recoveryrules_diagnostic.RR1003.severity = error = error\n", "\uFEFF", "\0", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\t",
        new string('x', 3000), "recoveryrules_diagnostic." + new string('R', 500) + ".severity = none\n",
    ];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("recoveryrules-editorconfig-");

    public EditorConfigFuzzTests()
    {
        // The fuzzed file sits in sub/, below a root = true file, so nothing outside the temporary folder applies.
        File.WriteAllText(Path.Combine(_folder.FullName, ".editorconfig"), "root = true\n");
        var sub = Directory.CreateDirectory(Path.Combine(_folder.FullName, "sub"));
        File.Copy(Path.Combine(DataFolder, "never.policy.yaml"), Path.Combine(sub.FullName, "never.policy.yaml"));
    }

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable(EnvironmentVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations > 0
            ? iterations
            : 200;

    public static TheoryData<string> Regressions { get; } =
        [.. Directory.EnumerateFiles(RegressionFolder, "*.editorconfig").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Generated_editorconfig_files_never_break_compiling_the_policy_beside_them()
    {
        var sections = Gen.Int[0, GlobParts.Length - 1].Select(i => GlobParts[i]).Array[0, 8].Select(parts => "[" + string.Concat(parts) + "]\n");
        var lines = Gen.Frequency(
            (6, Gen.Int[0, Lines.Length - 1].Select(i => Lines[i])),
            (2, sections),
            (1, Gen.Char.Array[1, 6].Select(chars => new string(chars))));
        lines.Array[0, 24].Select(string.Concat).Sample(Check, iter: Iterations, threads: 1, print: Print);
    }

    [Fact]
    public void Mutated_editorconfig_files_never_break_compiling_the_policy_beside_them()
    {
        var seeds = Directory.EnumerateFiles(DataFolder, ".editorconfig", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RegressionFolder, "*.editorconfig"))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();
        var mutation = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 100_000], Gen.Int[0, 100_000], Gen.Int[0, Lines.Length - 1]);
        Gen.Select(Gen.Int[0, seeds.Length - 1], mutation.Array[1, 5])
            .Select(input => input.Item2.Aggregate(seeds[input.Item1], Mutate))
            .Sample(Check, iter: Iterations, threads: 1, print: Print);
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Inputs_that_once_failed_compile_without_throwing(string file)
    {
        Check(File.ReadAllText(Path.Combine(RegressionFolder, file)));
    }

    [Fact]
    public void Section_names_of_any_characters_compile_to_matchers_that_never_throw()
    {
        var globs = Gen.Frequency(
            (3, Gen.Int[0, GlobParts.Length - 1].Select(i => GlobParts[i]).Array[0, 12].Select(string.Concat)),
            (1, Gen.String[0, 40]));
        var paths = Gen.OneOf(Gen.Const("never.policy.yaml"), Gen.Const("a/b/never.policy.yaml"), Gen.Const("2.policy.yaml"), Gen.String[0, 30]);
        Gen.Select(globs, paths).Sample(
            input =>
            {
                var glob = EditorConfigGlob.Parse(input.Item1);
                glob.IsMatch(input.Item2).Should().Be(glob.IsMatch(input.Item2), "matching is deterministic");
            },
            iter: Iterations * 5,
            print: input => $"[{input.Item1}] against '{input.Item2}'");
    }

    [Fact]
    public void A_section_name_without_special_characters_matches_exactly_that_file_name_in_any_folder()
    {
        var names = Gen.Char["abcxyz0189._-"].Array[1, 12].Select(chars => new string(chars));
        Gen.Select(names, names).Sample(
            input =>
            {
                var glob = EditorConfigGlob.Parse(input.Item1);
                glob.IsMatch(input.Item1).Should().BeTrue();
                glob.IsMatch("deeper/folder/" + input.Item1).Should().BeTrue();
                glob.IsMatch(input.Item2).Should().Be(input.Item1 == input.Item2);
            },
            iter: Iterations * 5,
            print: input => $"[{input.Item1}] against '{input.Item2}'");
    }

    // Insert a line, delete a range, repeat a range, replace a character, or cut the file short.
    private static string Mutate(string text, (int Kind, int Where, int Length, int Line) mutation)
    {
        var at = text.Length == 0 ? 0 : mutation.Where % (text.Length + 1);
        var length = Math.Min(mutation.Length % 40, text.Length - at);
        return mutation.Kind switch
        {
            0 => text.Insert(at, Lines[mutation.Line]),
            1 => text.Remove(at, length),
            2 => text.Insert(at, text.Substring(at, length)),
            3 when at < text.Length => string.Concat(text.AsSpan(0, at), Lines[mutation.Line].AsSpan(0, Math.Min(1, Lines[mutation.Line].Length)), text.AsSpan(at + 1)),
            _ => text[..at],
        };
    }

    private void Check(string text)
    {
        var editorConfig = Path.Combine(_folder.FullName, "sub", ".editorconfig");
        File.WriteAllBytes(editorConfig, Utf8.GetBytes(text));
        var policy = Path.Combine(_folder.FullName, "sub", "never.policy.yaml");

        var result = PolicyYaml.CompileFile(policy, policyOptions: Analyzed);

        result.Diagnostics.Should().NotContain(d => d.Message.Contains("{0}", StringComparison.Ordinal), "a message has all its arguments");
        result.Diagnostics.Where(d => d.Location.Path == editorConfig).Select(d => d.Id).Should().BeSubsetOf(EditorConfigIds);
        result.Diagnostics.Where(d => d.Location.Path != editorConfig).Select(d => d.Location.Path).Should().AllBe(policy);
        result.Success.Should().Be(!result.Diagnostics.Any(d => d.IsError), "the policy loads exactly when no diagnostic is an error");
        if (result.Diagnostics.All(d => d.Location.Path != editorConfig))
        {
            // Settings without a mistake are each applied: RR1003 is there unless configured none, RR1004 likewise.
            result.Diagnostics.Should().OnlyContain(d => d.Id == "RR1003" || d.Id == "RR1004");
        }
    }

    private static string Print(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) + "\"";
}
