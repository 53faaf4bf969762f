using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using RecoveryRules.Testing.Reading;
using RecoveryRules.Testing.Tests.Infrastructure;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Testing.Tests.Fuzzing;

/// <summary>
/// Throws generated and mutated scenario files at the loader (docs/fuzzing.md, "Scenario files"): the
/// real scenario files of the repository damaged byte by byte, line by line and with YAML's sharp edges,
/// and files assembled from scenario-file fragments. Whatever the input, loading never throws, every
/// diagnostic of the file lies inside its text, a file with an error gives no suite and a file without
/// one gives a suite, and a suite that loads runs without throwing, every scenario passing, failing or
/// erring. Each input that ever failed is kept in <c>Fuzzing/Regressions</c> and replayed.
/// </summary>
public sealed class ScenarioFuzzTests
{
    private const string EnvironmentVariable = "RECOVERYRULES_FUZZ_ITERATIONS";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly Lazy<(string Name, byte[] Bytes)[]> Seeds = new(LoadSeeds);

    private static readonly string[] Snippets =
    [
        "&a ", "*a", "<<: *a", "\t", "[", "]", "{", "}", "[]", "{}", ", ", ": ", "- ", "? ", "#", "'", "\"", "|", ">", "---\n", "...\n",
        "\uFEFF", "\0", "!!str ", "!local ", "~", "null", "true", "yes", "none", "\"\\ud800\"", "\U0001F600", "\u2028", "\r", "\r\n",
        new string('x', 3000), new string('[', 100), new string('{', 100) + "a", "1e999", "-1", "0.000000001", "99999999999999999999999999999",
        "80 USD", "80 EUR", "1h", "PT1H", "1 hour", "RR0403", "RR9999", "2026-11-22T10:00:00+00:00", "2026-11-22",
        "policy: ", "now: ", "cases:", "  - name: ", "    given: ", "    expect:", "      compensation: ", "      escalation: ",
        "      empowerment: ", "      fired: ", "      notes: ", "      error: ", "occurredAt: ", "{to: x, within: 1h}", "{role: x, limit: 5}",
        "{total: 1, capped: true, items: [a: 1, b]}", "../", "/", "small.policy.yaml", "nowhere.policy.yaml", ".",
    ];

    private static readonly Gen<(int Seed, (int Kind, int Where, int What)[] Mutations)> MutatedFiles =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Select(Gen.Int[0, 7], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000]).Array[1, 6]);

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable(EnvironmentVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations > 0
            ? iterations
            : 400;

    private static string RegressionFolder => Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Regressions");

    public static TheoryData<string> Regressions { get; } =
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Regressions"), "*.tests.yaml").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Mutated_scenario_files_load_without_throwing()
    {
        MutatedFiles.Sample(
            input => Check(Mutate(input.Seed, input.Mutations)),
            iter: Iterations,
            print: input => Print(Mutate(input.Seed, input.Mutations)));
    }

    [Fact]
    public void Scenario_files_assembled_from_fragments_load_without_throwing()
    {
        var fragments = Gen.Frequency(
                (4, Gen.Int[0, Snippets.Length - 1].Select(i => Snippets[i])),
                (4, Gen.OneOf(
                    "policy: small.policy.yaml\n", "now: 2026-11-22T10:00:00+00:00\n", "cases:\n", "  - name: a\n", "  - name: b\n",
                    "    given: {severity: critical, channel: email, delay: 1h, orderValue: 80}\n", "    given: {severity: minor, occurredAt: '2026-11-21T10:00:00+00:00'}\n",
                    "    now: 2026-11-21T10:00:00Z\n", "    expect:\n", "      compensation: 80\n", "      escalation: duty-manager\n",
                    "      empowerment: none\n", "      fired: [critical]\n", "      notes: []\n", "      error: RR0401\n",
                    "      compensation: {items: [refund: 80, apology]}\n", "      escalation: {within: 1h}\n", "\n")),
                (1, Gen.Char.Array[1, 4].Select(chars => new string(chars))))
            .Array[0, 30]
            .Select(parts => Utf8.GetBytes(string.Concat(parts)));
        fragments.Sample(Check, iter: Iterations, print: Print);
    }

    [Fact]
    public void Scenario_files_truncated_at_every_position_load_without_throwing()
    {
        var seed = Seeds.Value.First(s => s.Name == "failing.tests.yaml").Bytes;
        Parallel.For(0, seed.Length + 1, length => Check(seed[..length]));
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Inputs_that_once_failed_load_without_throwing(string file)
    {
        Check(File.ReadAllBytes(Path.Combine(RegressionFolder, file)));
        var fromFile = ScenarioSuite.Load(Path.Combine(RegressionFolder, file));
        fromFile.Success.Should().Be(!fromFile.Diagnostics.Any(d => d.IsError));
    }

    // Loads the text beside the small policy (Fuzzing/Regressions holds a copy) and checks every property.
    private static void Check(byte[] bytes)
    {
        var text = Utf8.GetString(bytes);
        try
        {
            var result = ScenarioFileReader.Read("fuzz.tests.yaml", text, RegressionFolder, RecoveryPolicyOptions.Default);
            var own = result.Diagnostics.Where(d => d.Location.Path == "fuzz.tests.yaml").ToList();
            DiagnosticLocations.FindOutside(text, own).Should().BeNull();
            result.Diagnostics.Should().NotContain(d => d.Message.Contains("{0}", StringComparison.Ordinal), "a message has all its arguments");
            if (result.Diagnostics.Any(d => d.IsError))
            {
                result.Suite.Should().BeNull("a scenario file with an error never loads");
                return;
            }

            result.Suite.Should().NotBeNull("a scenario file without errors loads: {0}", string.Join("; ", result.Diagnostics));
            foreach (var scenario in result.Suite!.Run().Results)
            {
                scenario.Outcome.Should().BeOneOf(ScenarioOutcome.Passed, ScenarioOutcome.Failed, ScenarioOutcome.Errored);
                scenario.Describe().Should().NotBeNullOrEmpty();
                (scenario.Outcome == ScenarioOutcome.Errored).Should().Be(scenario.Error is not null && !scenario.Passed && scenario.Mismatches.IsEmpty);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            var name = "fuzz-" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..12] + ".tests.yaml";
            var kept = RepositoryRoot.Combine("tests", "RecoveryRules.Testing.Tests", "Fuzzing", "Regressions", name);
            File.WriteAllBytes(kept, bytes);
            throw new Xunit.Sdk.XunitException($"The input kept as {kept} failed: {exception}");
        }
    }

    private static string Print(byte[] bytes) => Print(Utf8.GetString(bytes));

    private static string Print(string text) => "\n" + text.Replace("\0", "\\0", StringComparison.Ordinal);

    private static byte[] Mutate(int seed, (int Kind, int Where, int What)[] mutations)
    {
        var seeds = Seeds.Value;
        var bytes = seeds[seed % seeds.Length].Bytes.ToList();
        foreach (var (kind, where, what) in mutations)
        {
            var at = bytes.Count == 0 ? 0 : where % (bytes.Count + 1);
            var lines = Lines(bytes);
            var line = lines[where % lines.Count];
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at % bytes.Count] ^= (byte)(1 << (what % 8));
                    break;
                case 1:
                    bytes.InsertRange(at, Utf8.GetBytes(Snippets[what % Snippets.Length]));
                    break;
                case 2:
                    bytes.RemoveRange(line.Start, line.Length);
                    break;
                case 3:
                    bytes.InsertRange(line.Start, bytes.GetRange(line.Start, line.Length));
                    break;
                case 4:
                    bytes.InsertRange(line.Start, Enumerable.Repeat((byte)' ', 1 + (what % 4)));
                    break;
                case 5:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 6:
                    var colon = bytes.IndexOf((byte)':', Math.Min(at, bytes.Count));
                    if (colon >= 0)
                    {
                        var end = bytes.IndexOf((byte)'\n', colon);
                        end = end < 0 ? bytes.Count : end;
                        bytes.RemoveRange(colon + 1, end - colon - 1);
                        bytes.InsertRange(colon + 1, Utf8.GetBytes(" " + Snippets[what % Snippets.Length]));
                    }

                    break;
                default:
                    bytes.InsertRange(line.Start, Utf8.GetBytes(Snippets[what % Snippets.Length] + "\n"));
                    break;
            }
        }

        return [.. bytes];
    }

    private static List<(int Start, int Length)> Lines(List<byte> bytes)
    {
        var lines = new List<(int, int)>();
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

    // Every scenario file of the repository, its policy reference pointed at the small policy beside the regressions.
    private static (string Name, byte[] Bytes)[] LoadSeeds()
    {
        var files = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Data"), "*.tests.yaml")
            .Concat(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Diagnostics", "Data"), "*.tests.yaml", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(RepositoryRoot.Combine("examples"), "*.tests.yaml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);
        return [.. files.Select(path => (Path.GetFileName(path), Utf8.GetBytes(PointAtSmallPolicy(File.ReadAllText(path)))))];
    }

    private static string PointAtSmallPolicy(string text) =>
        string.Join("\n", text.Split('\n').Select(line => line.StartsWith("policy:", StringComparison.Ordinal) ? "policy: small.policy.yaml" : line));
}
