using System.Globalization;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>Output and hashes never depend on the current culture (Turkish dotless i, German decimal comma).</summary>
public sealed class CultureTests
{
    public static TheoryData<string> Cultures() => ["tr-TR", "de-DE", "ar-SA", "fr-CH"];

    private static T InCulture<T>(string name, Func<T> action)
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    private static (string Hash, string Decision, string Explained, string Error) Run()
    {
        var policy = Load("retail.policy.yaml");
        var caseJson = ReadData("Evaluation", "case-c-1042.json");
        var explained = policy.Decide(caseJson, EvaluationOptions.WithExplanation).ToJson();
        var money = Load("money-kwd.policy.yaml").EvaluateJson(Case("\"orderValue\": \"1234.5675 KWD\"")).ToJson();
        var error = policy.EvaluateJson(caseJson.Replace("\"3h\"", "\"3,5h\"", StringComparison.Ordinal)).ToJson()
            + Load("money-usd.policy.yaml").EvaluateJson(Case("\"scenario\": \"minus-hundred\", \"orderValue\": 79.5")).ToJson();
        return (policy.Identity.Hash, policy.EvaluateJson(caseJson).ToJson() + money, explained, error);
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Decisions_explanations_errors_and_hash_are_identical_in_every_culture(string culture)
    {
        var invariant = InCulture("en-US", Run);

        var local = InCulture(culture, Run);

        local.Should().Be(invariant);
        local.Decision.Should().Contain("\"total\":80.00").And.Contain("\"limit\":200.00").And.Contain("\"amount\":1234.568");
        local.Explained.Should().Contain("\"uncappedTotal\":80.00");
        local.Error.Should().Contain("-20.50");
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Policy_with_decimals_and_dotted_i_names_compiles_to_the_same_hash_in_every_culture(string culture)
    {
        var yaml = ReadData("Evaluation", "culture.policy.yaml");
        var invariant = InCulture("en-US", () => Compile(yaml).Identity.Hash);

        var local = InCulture(culture, () =>
        {
            var policy = Compile(yaml);
            policy.Decide(Case("\"isVip\": true, \"orderValue\": 10")).Raw("compensation", "total").Should().Be("1.25");
            return policy.Identity.Hash;
        });

        local.Should().Be(invariant);
    }
}
