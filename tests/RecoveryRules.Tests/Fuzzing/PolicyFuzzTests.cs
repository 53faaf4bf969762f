using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Tests.Fuzzing;

/// <summary>
/// Mutates the real policies of the repository (the retail example and every test policy under a
/// <c>Data</c> folder) byte by byte, line by line and token by token, and with YAML's sharp edges,
/// then compiles each from text and from a file. Whatever the input: compiling never throws, every
/// diagnostic lies inside the text, a policy with an error has no policy, and a policy that compiles
/// decides the example cases the same way interpreted and compiled. docs/fuzzing.md, "Policies".
/// </summary>
public sealed class PolicyFuzzTests
{
    private const string EnvironmentVariable = "RECOVERYRULES_FUZZ_ITERATIONS";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly Lazy<Seed[]> Seeds = new(LoadSeeds);

    private static readonly Lazy<string[]> Cases = new(LoadCases);

    // YAML's syntax, line breaks, encodings and extreme values, inserted anywhere.
    private static readonly string[] Snippets =
    [
        "&a ", "*a", "&anchor [1, 2]", "<<: *a", "\t", "[", "]", "{", "}", "[]", "{}", ", ", ": ", "- ", "? ", "? [a, b]\n: c\n",
        "#", " # comment", "'", "\"", "''", "|", ">", "|-\n", ">+\n", "|2\n", "\\", "---\n", "...\n", "---", "--- |\n", "\uFEFF", "\0",
        "%YAML 1.2\n---\n", "%YAML 1.1\n", "%TAG ! tag:example.com,2000:\n", "!!str ", "!!int ", "!!map ", "!!seq ", "!local ", "!<tag:x> ",
        "~", "null", "true", "yes", "\"\\ud800\"", "\"\\udc00 == x\"", "\"\\uD83D\\uDE00\"", "\"\\U0001F600\"", "\"\\U00110000\"", "\"\\x00\"",
        "\"\\0\"", "\"a\\\nb\"", "'it''s'", "\U0001F600", "é", "\u00A0", "\u0085", "\u2028", "\u2029", "\r", "\r\n", "\n\n", "\uFFFE", "\uFFFD",
        new string('x', 5000), new string(' ', 300), string.Concat(Enumerable.Repeat("a and ", 200)) + "a",
        string.Concat(Enumerable.Repeat("1 + ", 200)) + "1", new string('[', 120), new string('{', 120) + "a", new string('-', 80) + " x",
        new string('(', 200) + "1" + new string(')', 200), "0", "-0", "-1", "0.000000001", "99999999999", "1e3", "1.5e-3", "NaN", "Infinity",
        "100%", "-5%", "0.5%", "1h30m", "PT2H", "P1D", "0s", "-1h", "52w", "15 USD", "0.001 JPY", "min(", "clamp(1, 2)", "round(1, 2, 3)",
        "not not not", "in [", "'unterminated", "severity == critcal", "orderValue / 0", "== ==", "..", "@", "`", "$", "%", "&&", "||", "!=",
    ];

    // Inputs the expression compiler once failed on, one snippet in ten: literals too large for their type
    // (an OverflowException), chains of ten thousand terms (a stack overflow), defines that double at each
    // step (exponential time). Regressions/policies keeps one reproducer of each.
    private static readonly string[] CompilerLimitSnippets =
    [
        "1000000000000000000000000w", "99999999999999999999999999d",
        string.Concat(Enumerable.Repeat("1 + ", 10_000)) + "1", string.Concat(Enumerable.Repeat("a and ", 10_000)) + "a",
        "define:\n  d0: 1 > 0\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"  d{i}: d{i - 1} and d{i - 1}\n")),
    ];

    private static readonly byte[] InterestingBytes =
        [0x00, 0x09, 0x0A, 0x0D, 0x20, 0x22, 0x23, 0x26, 0x27, 0x2A, 0x2C, 0x2D, 0x3A, 0x3E, 0x3F, 0x5B, 0x5C, 0x5D, 0x7B, 0x7C, 0x7D,
         0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF];

    private static readonly Gen<Mutation> Mutations = Gen.Select(
        Gen.Enum<MutationKind>(), Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], (kind, where, what) => new Mutation(kind, where, what));

    private static readonly Gen<(int Seed, Mutation[] Mutations)> MutatedPolicies =
        Gen.Select(Gen.Int[0, 1_000_000], Mutations.Array[1, 6]);

    /// <summary>How many mutated policies a run tries: a bounded number in CI, millions on demand.</summary>
    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable(EnvironmentVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations > 0
            ? iterations
            : 500;

    private static bool IsLongRun => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 };

    /// <summary>The regression inputs: every input that ever failed, one raw file each.</summary>
    public static TheoryData<string> Regressions()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RegressionFolder("policies")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Mutated_policies_compile_without_throwing_with_every_diagnostic_inside_the_text()
    {
        MutatedPolicies.Sample(
            input => Check(Apply(input.Seed, input.Mutations)),
            iter: Iterations,
            print: input => Print(Apply(input.Seed, input.Mutations)));
    }

    [Fact]
    public void Random_bytes_and_yaml_fragments_compile_without_throwing()
    {
        var fragments = Gen.Frequency(
                (3, Gen.Int[0, Snippets.Length - 1].Select(i => Utf8.GetBytes(Snippets[i]))),
                (2, Gen.Int[0, InterestingBytes.Length - 1].Select(i => new[] { InterestingBytes[i] })),
                (1, Gen.Byte.Array[1, 8]),
                (3, Gen.OneOf("policy: p\n", "version: \"1\"\n", "rules:\n", "  - id: r\n", "    when: ", "    then:\n", "      compensate:\n", "        - refund: 10\n", "facts:\n", "  x: number\n", "define:\n", "  d: x > 1\n").Select(Utf8.GetBytes)))
            .Array[0, 30]
            .Select(parts => parts.SelectMany(part => part).ToArray());
        fragments.Sample(bytes => Check(bytes), iter: Iterations, print: Print);
    }

    [Fact]
    public void Policies_truncated_at_every_position_compile_without_throwing()
    {
        // CI sweeps the example, comparing interpreted and compiled rules on one in 50 of the prefixes
        // that load; a long run sweeps every seed policy and compares them all.
        foreach (var seed in IsLongRun ? Seeds.Value : Seeds.Value[..1])
        {
            Parallel.For(0, seed.Bytes.Length + 1, length => Check(seed.Bytes[..length], fromFile: false, compiledEvery: IsLongRun ? 1 : 50, length));
        }
    }

    [Fact]
    public void Every_test_policy_with_its_line_endings_changed_compiles_like_the_original()
    {
        foreach (var (seed, index) in Seeds.Value.Select((seed, index) => (seed, index)))
        {
            var text = Utf8.GetString(seed.Bytes);
            var original = Check(seed.Bytes, fromFile: false, compiledEvery: int.MaxValue, index).Diagnostics.Select(d => (d.Id, d.Location.Line)).ToList();
            foreach (var newline in new[] { "\r\n", "\r" })
            {
                var changed = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", newline, StringComparison.Ordinal);
                var result = Check(Utf8.GetBytes(changed), fromFile: true, compiledEvery: IsLongRun ? 1 : 8, index);
                if (!text.Contains('\r', StringComparison.Ordinal))
                {
                    result.Diagnostics.Select(d => (d.Id, d.Location.Line)).Should()
                        .Equal(original, "{0} with {1} line endings reports the same diagnostics on the same lines", seed.Name, newline == "\r" ? "CR" : "CRLF");
                }
            }
        }
    }

    [Fact]
    public void Strings_that_no_file_can_hold_compile_without_throwing()
    {
        var retail = Utf8.GetString(Seeds.Value[0].Bytes);
        foreach (var odd in new[] { "\uD800", "\uDC00", "\uDBFF\uDBFF", "\uFEFF\uFEFF", "\0\0" })
        {
            foreach (var at in new[] { 0, 9, retail.Length / 2, retail.Length })
            {
                var text = retail.Insert(at, odd);
                var result = PolicyYaml.Compile(text, "fuzz.policy.yaml");
                AssertSound(text, result);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Inputs_that_once_failed_compile_without_throwing(string file)
    {
        Check(File.ReadAllBytes(Path.Combine(RegressionFolder("policies"), file)), fromFile: true, compiledEvery: 1, 0);
    }

    // ---- the properties ----

    private static void Check(byte[] bytes) => Check(bytes, fromFile: true, compiledEvery: 1, 0);

    // Compiles the input and checks every property; returns the compilation from text, interpreted.
    private static PolicyCompilationResult Check(byte[] bytes, bool fromFile, int compiledEvery, int index)
    {
        var text = Utf8.GetString(bytes);
        var interpreted = PolicyYaml.Compile(text, "fuzz.policy.yaml", null, Options(RuleExecution.Interpreted));
        AssertSound(text, interpreted);

        if (fromFile)
        {
            var path = Path.Combine(Path.GetTempPath(), $"recoveryrules-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.policy.yaml");
            File.WriteAllBytes(path, bytes);
            try
            {
                var fromDisk = PolicyYaml.CompileFile(path, null, Options(RuleExecution.Interpreted));
                AssertSound(HasNonUtf8ByteOrderMark(bytes) ? null : text, fromDisk);
                if (!HasNonUtf8ByteOrderMark(bytes))
                {
                    fromDisk.Diagnostics.Select(d => (d.Id, d.Location.Span, d.Message)).Should()
                        .Equal(interpreted.Diagnostics.Select(d => (d.Id, d.Location.Span, d.Message)), "a file reads like its text");
                }
            }
            finally
            {
                File.Delete(path);
            }
        }

        if (interpreted.Policy is not { } policy || index % compiledEvery != 0)
        {
            return interpreted;
        }

        var compiled = PolicyYaml.Compile(text, "fuzz.policy.yaml", null, Options(RuleExecution.Compiled));
        AssertSound(text, compiled);
        compiled.Policy.Should().NotBeNull("the same text compiles the same way whatever the execution");
        foreach (var json in Cases.Value)
        {
            foreach (var options in new[] { EvaluationOptions.Default, EvaluationOptions.WithExplanation })
            {
                Outcome(policy, json, options).Should().Be(Outcome(compiled.Policy!, json, options), "interpreted and compiled rules decide alike for {0}", json);
            }
        }

        return interpreted;
    }

    // A UTF-16 or UTF-32 file is checked against its text by the module initializer's observer only.
    private static void AssertSound(string? text, PolicyCompilationResult result)
    {
        if (text is not null)
        {
            DiagnosticLocations.FindOutside(text, result.Diagnostics).Should().BeNull();
        }

        var errors = result.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList();
        if (errors.Count > 0)
        {
            result.Policy.Should().BeNull("a policy with an error never loads");
        }
        else
        {
            result.Policy.Should().NotBeNull("a policy without errors loads: {0}", string.Join("; ", result.Diagnostics));
        }

        result.Diagnostics.Should().NotContain(d => d.Message.Contains("{0}", StringComparison.Ordinal), "a message has all its arguments");
    }

    private static string Outcome(RecoveryPolicy policy, string json, EvaluationOptions options)
    {
        if (!policy.TryReadCase(json, out var recoveryCase, out var error))
        {
            return "case error: " + error.ToJson();
        }

        return policy.TryEvaluate(recoveryCase, out var decision, out var evaluationError, options)
            ? decision.ToJson()
            : "evaluation error: " + evaluationError.ToJson();
    }

    private static RecoveryPolicyOptions Options(RuleExecution execution) =>
        new() { TimeProvider = Policies.Clock(), Execution = execution };

    private static bool HasNonUtf8ByteOrderMark(byte[] bytes) =>
        bytes is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0x00, 0x00, 0xFE, 0xFF, ..];

    // ---- the mutations ----

    private enum MutationKind
    {
        FlipBit,
        SetByte,
        DeleteLine,
        DuplicateLine,
        SwapLines,
        IndentLine,
        DeleteToken,
        DuplicateToken,
        Truncate,
        InsertSnippet,
        InsertSnippetAtLineStart,
        ReplaceValue,
        ChangeLineEndings,
    }

    private readonly record struct Mutation(MutationKind Kind, int Where, int What);

    private static byte[] Apply(int seed, Mutation[] mutations)
    {
        var seeds = Seeds.Value;
        var bytes = seeds[seed % seeds.Length].Bytes.ToList();
        foreach (var mutation in mutations)
        {
            Apply(bytes, mutation);
        }

        return [.. bytes];
    }

    private static void Apply(List<byte> bytes, Mutation mutation)
    {
        var at = bytes.Count == 0 ? 0 : mutation.Where % (bytes.Count + 1);
        switch (mutation.Kind)
        {
            case MutationKind.FlipBit when bytes.Count > 0:
                bytes[at % bytes.Count] ^= (byte)(1 << (mutation.What % 8));
                break;

            case MutationKind.SetByte when bytes.Count > 0:
                bytes[at % bytes.Count] = mutation.What % 3 == 0 ? (byte)(mutation.What >> 2) : InterestingBytes[mutation.What % InterestingBytes.Length];
                break;

            case MutationKind.DeleteLine or MutationKind.DuplicateLine or MutationKind.SwapLines or MutationKind.IndentLine:
                var lines = Lines(bytes);
                var line = lines[mutation.Where % lines.Count];
                var other = lines[mutation.What % lines.Count];
                var copy = bytes.GetRange(line.Start, line.Length);
                if (mutation.Kind == MutationKind.DeleteLine)
                {
                    bytes.RemoveRange(line.Start, line.Length);
                }
                else if (mutation.Kind == MutationKind.DuplicateLine)
                {
                    bytes.InsertRange(line.Start, copy);
                }
                else if (mutation.Kind == MutationKind.IndentLine)
                {
                    bytes.InsertRange(line.Start, mutation.What % 3 == 0 ? [0x09] : Enumerable.Repeat((byte)0x20, 1 + (mutation.What % 4)));
                }
                else if (other.Start != line.Start)
                {
                    var (first, second) = line.Start < other.Start ? (line, other) : (other, line);
                    var secondBytes = bytes.GetRange(second.Start, second.Length);
                    var firstBytes = bytes.GetRange(first.Start, first.Length);
                    bytes.RemoveRange(second.Start, second.Length);
                    bytes.InsertRange(second.Start, firstBytes);
                    bytes.RemoveRange(first.Start, first.Length);
                    bytes.InsertRange(first.Start, secondBytes);
                }

                break;

            case MutationKind.DeleteToken or MutationKind.DuplicateToken:
                var tokens = Tokens(bytes);
                if (tokens.Count > 0)
                {
                    var token = tokens[mutation.Where % tokens.Count];
                    if (mutation.Kind == MutationKind.DeleteToken)
                    {
                        bytes.RemoveRange(token.Start, token.Length);
                    }
                    else
                    {
                        bytes.InsertRange(token.Start, [.. bytes.GetRange(token.Start, token.Length), (byte)' ']);
                    }
                }

                break;

            case MutationKind.Truncate:
                bytes.RemoveRange(at, bytes.Count - at);
                break;

            case MutationKind.InsertSnippet:
                bytes.InsertRange(at, Utf8.GetBytes(Snippet(mutation.What)));
                break;

            case MutationKind.InsertSnippetAtLineStart:
                var lineStarts = Lines(bytes);
                bytes.InsertRange(lineStarts[mutation.Where % lineStarts.Count].Start, Utf8.GetBytes(Snippet(mutation.What)));
                break;

            case MutationKind.ReplaceValue:
                // The value after the n-th ": " becomes a snippet: extreme literals, escapes, brackets.
                var values = Values(bytes);
                if (values.Count > 0)
                {
                    var value = values[mutation.Where % values.Count];
                    bytes.RemoveRange(value.Start, value.Length);
                    bytes.InsertRange(value.Start, Utf8.GetBytes(Snippet(mutation.What)));
                }

                break;

            case MutationKind.ChangeLineEndings:
                var newline = (mutation.What % 5) switch
                {
                    0 => "\r\n",
                    1 => "\r",
                    2 => "\u0085",
                    3 => "\u2028",
                    _ => "\n\n",
                };
                var text = Utf8.GetString([.. bytes]).Replace("\n", newline, StringComparison.Ordinal);
                bytes.Clear();
                bytes.AddRange(Utf8.GetBytes(text));
                break;
        }
    }

    private static string Snippet(int what)
    {
        if (what % 10 == 0)
        {
            return CompilerLimitSnippets[what / 10 % CompilerLimitSnippets.Length];
        }

        return Snippets[what % Snippets.Length];
    }

    // Each line with its break.
    private static List<(int Start, int Length)> Lines(List<byte> bytes)
    {
        var lines = new List<(int Start, int Length)>();
        var start = 0;
        for (var i = 0; i < bytes.Count; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add((start, i + 1 - start));
                start = i + 1;
            }
        }

        lines.Add((start, bytes.Count - start));
        return lines;
    }

    // Runs of bytes that are not spaces or breaks.
    private static List<(int Start, int Length)> Tokens(List<byte> bytes)
    {
        var tokens = new List<(int Start, int Length)>();
        for (var i = 0; i < bytes.Count; i++)
        {
            if (bytes[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                continue;
            }

            var start = i;
            while (i < bytes.Count && bytes[i] is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                i++;
            }

            tokens.Add((start, i - start));
        }

        return tokens;
    }

    // What follows ": " up to the end of its line.
    private static List<(int Start, int Length)> Values(List<byte> bytes)
    {
        var values = new List<(int Start, int Length)>();
        for (var i = 0; i + 1 < bytes.Count; i++)
        {
            if (bytes[i] == (byte)':' && bytes[i + 1] == (byte)' ')
            {
                var end = i + 2;
                while (end < bytes.Count && bytes[end] is not ((byte)'\n' or (byte)'\r'))
                {
                    end++;
                }

                values.Add((i + 2, end - i - 2));
            }
        }

        return values;
    }

    // ---- seeds, cases, failures ----

    private sealed record Seed(string Name, byte[] Bytes);

    private static Seed[] LoadSeeds()
    {
        var example = RepositoryRoot.Combine("examples", "retail", "retail.policy.yaml");
        var tests = Directory.EnumerateFiles(RepositoryRoot.Combine("tests"), "*.policy.yaml", SearchOption.AllDirectories)
            .Where(path => path.Contains($"{Path.DirectorySeparatorChar}Data{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        return [.. new[] { example }.Concat(tests).Select(path => new Seed(Path.GetRelativePath(RepositoryRoot.Path, path), File.ReadAllBytes(path)))];
    }

    private static string[] LoadCases()
    {
        var lines = File.ReadAllLines(RepositoryRoot.Combine("examples", "retail", "cases.jsonl")).Where(line => line.Length > 0);
        return [.. lines, File.ReadAllText(RepositoryRoot.Combine("examples", "retail", "case-c-1042.json"))];
    }

    private static string RegressionFolder(string name) =>
        RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Fuzzing", "Regressions", name);

    // A failing input is saved, raw, where a regression file can be copied from, and printed escaped.
    private static string Print(byte[] bytes)
    {
        var folder = Path.Combine(Path.GetTempPath(), "recoveryrules-fuzz-failures", "policies");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + ".policy.yaml");
        File.WriteAllBytes(file, bytes);
        var text = Utf8.GetString(bytes);
        var escaped = new StringBuilder();
        foreach (var c in text.Length > 2000 ? text[..2000] + "…" : text)
        {
            escaped.Append(c is '\n' or '\t' || !char.IsControl(c) ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return $"{bytes.Length} bytes, saved to {file} (copy it to tests/RecoveryRules.Tests/Fuzzing/Regressions/policies/):{Environment.NewLine}{escaped}";
    }
}
