using System.Globalization;
using System.Reflection;
using CsCheck;
using Xunit.Sdk;

namespace RecoveryRules.Testing.XunitV3.Tests.Fuzzing;

/// <summary>
/// Any path given to <see cref="PolicyScenariosAttribute"/> (docs/fuzzing.md): real and missing files,
/// folders, a policy instead of a scenario file, hostile characters, huge names. Getting the rows never
/// throws and gives at least one; every row survives xUnit's serialization; verifying a row throws
/// nothing but <see cref="ScenarioFailedException"/>. <c>RECOVERYRULES_FUZZ_ITERATIONS</c> sets the number of inputs.
/// </summary>
public sealed class PolicyScenariosFuzzTests
{
    private static readonly MethodInfo Theory = typeof(PolicyScenariosFuzzTests).GetMethod(nameof(A_theory), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly Gen<string> Paths = Gen.OneOf(
        OneOf(
            "policies/retail.tests.yaml", "policies/wrong.tests.yaml", "policies/broken.tests.yaml", "policies/retail.policy.yaml",
            "policies", "policies/", ".", "..", "/", "", " ", "\0", "policies/\0.tests.yaml", "policies/../policies/retail.tests.yaml",
            "\ud800.tests.yaml", "CON", "a\\b.tests.yaml", new string('a', 300) + ".tests.yaml", new string('/', 5000)),
        Gen.String[0, 40],
        Gen.Select(OneOf("policies/", "/", "./", string.Empty), Gen.String[0, 20], (folder, name) => folder + name));

    [Fact]
    public void Any_path_gives_rows_that_serialize_and_verify_or_fail_with_a_scenario_failure()
    {
        Paths.Sample(
            path =>
            {
                var rows = new PolicyScenariosAttribute(path).GetData(Theory, new DisposalTracker()).AsTask().GetAwaiter().GetResult();

                // Plain asserts: fast in a fuzz loop.
                Assert.NotEmpty(rows);
                foreach (var row in rows)
                {
                    var scenario = Assert.IsType<PolicyScenario>(Assert.Single(row.GetData()));
                    Assert.False(string.IsNullOrEmpty(scenario.Name));
                    var copy = SerializationHelper.Instance.Deserialize<PolicyScenario>(SerializationHelper.Instance.Serialize(scenario))!;
                    if (!HasLoneSurrogate(path))
                    {
                        // xUnit's serialization turns a lone surrogate into U+FFFD: only such a name changes.
                        Assert.Equal(scenario.Name, copy.Name);
                    }

                    foreach (var candidate in new[] { scenario, copy })
                    {
                        try
                        {
                            candidate.Verify();
                        }
                        catch (ScenarioFailedException failure)
                        {
                            Assert.False(string.IsNullOrEmpty(failure.Message));
                        }
                    }
                }
            },
            iter: Iterations(300));
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static Gen<T> OneOf<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static int Iterations(int ci) =>
        int.TryParse(Environment.GetEnvironmentVariable("RECOVERYRULES_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ci;

#pragma warning disable xUnit1013 // not a test: the method the attribute is asked about
    private static void A_theory(PolicyScenario scenario) => scenario.Verify();
#pragma warning restore xUnit1013
}
