using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Fuzzing;

/// <summary>
/// What every case input must satisfy, whatever its bytes: the Try methods and EvaluateJson never
/// throw, the throwing methods throw only <see cref="CaseException"/>, no case meets an internal
/// error (RR0429), and interpreted, compiled and tiered programs, explaining or not, decide alike.
/// Also the policies by name and the regression folder.
/// </summary>
internal static class CaseFuzzing
{
    /// <summary>The environment variable that sets the iterations of each fuzz test (a long run: 1000000).</summary>
    public const string IterationsVariable = "RECOVERYRULES_FUZZ_ITERATIONS";

    /// <summary>Iterations per fuzz test: a few thousand in CI (the whole fuzz part takes seconds), or the variable's value.</summary>
    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations > 0
            ? iterations
            : 1500;

    /// <summary>Where each input that ever failed is kept: <c>{policy}.{what}.json</c>, raw bytes.</summary>
    public static string RegressionFolder => RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Fuzzing", "Regressions", "cases");

    private static readonly RuleExecution[] Executions = [RuleExecution.Interpreted, RuleExecution.Compiled, RuleExecution.Tiered];

    private static readonly ConcurrentDictionary<string, RecoveryPolicy[]> Loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// The policy a regression file names: <c>retail</c> is examples/retail, <c>cases</c> the case-reading
    /// tests' policy, any other name a file in Fuzzing/Policies. One compiled policy per rule execution.
    /// </summary>
    public static RecoveryPolicy[] Policy(string name) => Loaded.GetOrAdd(name, static name =>
    {
        var path = name switch
        {
            "retail" => RepositoryRoot.Combine("examples", "retail", "retail.policy.yaml"),
            "cases" => RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Cases", "Data", "cases.policy.yaml"),
            _ => RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Fuzzing", "Policies", name + ".policy.yaml"),
        };
        var yaml = File.ReadAllText(path);
        return [.. Executions.Select(execution =>
        {
            var result = PolicyYaml.Compile(yaml, path, null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = execution });
            result.Success.Should().BeTrue(string.Join(Environment.NewLine, result.Diagnostics.Select(d => d.ToString())));
            return result.Policy!;
        })];
    });

    /// <summary>Checks one input against every door of every execution of the policy.</summary>
    public static void Check(string policyName, byte[] input)
    {
        var outcomes = new List<string>();
        foreach (var policy in Policy(policyName))
        {
            foreach (var options in new[] { EvaluationOptions.Default, EvaluationOptions.WithExplanation })
            {
                outcomes.Add(Outcome(policy, input, options));
            }

            // A parsed element in: the same outcome as the bytes it was parsed from.
            var utf8 = input.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? input[3..] : input;
            System.Text.Json.JsonDocument? document = null;
            try
            {
                document = System.Text.Json.JsonDocument.Parse(utf8, new System.Text.Json.JsonDocumentOptions { MaxDepth = 32 });
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON: only the byte and text doors apply.
            }

            using (document)
            {
                if (document is not null)
                {
                    var fromElement = policy.TryReadCase(document.RootElement, out _, out var elementError);
                    var fromBytes = policy.TryReadCase(input, out _, out var bytesError);
                    fromElement.Should().Be(fromBytes);
                    elementError?.ToString().Should().Be(bytesError!.ToString());
                }
            }

            // Text in: the same promises (the bytes decoded leniently, as a caller's string may be anything).
            var text = Encoding.UTF8.GetString(input);
            var result = policy.EvaluateJson(text);
            Describe(result.Decision, result.Error);
            ThrowsOnlyCaseExceptions(() => policy.Evaluate(policy.ReadCase(text)));
            ThrowsOnlyCaseExceptions(() => policy.Evaluate(policy.ReadCase(text), EvaluationOptions.WithExplanation).ToJson());
        }

        outcomes.Distinct().Should().HaveCount(1, "interpreted, compiled and tiered programs, explaining or not, decide alike:" + Environment.NewLine + string.Join(Environment.NewLine, outcomes.Distinct()));
    }

    private static string Outcome(RecoveryPolicy policy, byte[] input, EvaluationOptions options)
    {
        if (!policy.TryReadCase(input, out var recoveryCase, out var readError))
        {
            ThrowsOnlyCaseExceptions(() => policy.ReadCase(Encoding.UTF8.GetString(input)));
            return Describe(null, readError);
        }

        policy.TryEvaluate(recoveryCase, out var decision, out var error, options).Should().Be(decision is not null);
        var outcome = Describe(decision, error);
        if (decision is not null)
        {
            policy.Evaluate(recoveryCase, options).ToJson().Should().Be(decision.ToJson(), "Evaluate and TryEvaluate agree");
        }
        else
        {
            FluentActions.Invoking(() => policy.Evaluate(recoveryCase, options)).Should().Throw<CaseException>().Which.Error.Should().Be(error);
        }

        return outcome;
    }

    /// <summary>The outcome as text to compare (a decision without its explanation, or an error), checking that it serializes.</summary>
    private static string Describe(Decision? decision, CaseError? error)
    {
        if (decision is not null)
        {
            error.Should().BeNull();
            var json = decision.ToJson();
            json.Should().StartWith("{\"case\":");
            return (decision with { Explanation = null }).ToJson();
        }

        error.Should().NotBeNull();
        error!.Id.Should().MatchRegex("^RR04[0-9][0-9]$").And.NotBe("RR0429", "no case meets an internal error: {0}", error.Message);
        error.Message.Should().NotMatchRegex(@"\{\d+\}");
        error.ToJson().Should().Contain("\"error\":{\"id\":\"" + error.Id + "\"");
        return $"error {error.Id} field={error.Field} case={error.CaseId}: {error.Message}";
    }

    private static void ThrowsOnlyCaseExceptions(Action action)
    {
        try
        {
            action();
        }
        catch (CaseException exception)
        {
            exception.Error.Id.Should().NotBe("RR0429", exception.Message);
        }
    }

    /// <summary>Keeps a failing input as a regression file named for its policy and content; returns its path.</summary>
    public static string Keep(string policyName, byte[] input)
    {
        Directory.CreateDirectory(RegressionFolder);
        var hash = Convert.ToHexStringLower(SHA256.HashData(input))[..12];
        var path = Path.Combine(RegressionFolder, $"{policyName}.fuzz-{hash}.json");
        File.WriteAllBytes(path, input);
        return path;
    }

    /// <summary>Shows bytes readably: printable ASCII as is, anything else as <c>\xNN</c>.</summary>
    public static string Print(byte[] input) =>
        string.Concat(input.Select(b => b is >= 0x20 and < 0x7F && b != (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}"));
}
