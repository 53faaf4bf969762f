using RecoveryRules.Yaml.EditorConfig;

namespace RecoveryRules.Yaml.Tests.EditorConfig;

/// <summary>Section names match as the editorconfig specification says (https://spec.editorconfig.org).</summary>
public sealed class EditorConfigGlobTests
{
    [Theory]
    [InlineData("*", "retail.policy.yaml", true)]
    [InlineData("*", "policies/retail.policy.yaml", true)]
    [InlineData("*.policy.yaml", "retail.policy.yaml", true)]
    [InlineData("*.policy.yaml", "deep/er/retail.policy.yaml", true)]
    [InlineData("*.policy.yaml", "retail.tests.yaml", false)]
    [InlineData("retail.policy.yaml", "retail.policy.yaml", true)]
    [InlineData("retail.policy.yaml", "eu/retail.policy.yaml", true)]
    [InlineData("retail.policy.yaml", "retail-eu.policy.yaml", false)]
    [InlineData("Retail.policy.yaml", "retail.policy.yaml", false)]
    [InlineData("{retail,hotel}.policy.yaml", "hotel.policy.yaml", true)]
    [InlineData("{retail,hotel}.policy.yaml", "airline.policy.yaml", false)]
    [InlineData("{retail,{ho,mo}tel}.policy.yaml", "motel.policy.yaml", true)]
    [InlineData("{single}.policy.yaml", "single.policy.yaml", false)]
    [InlineData("{single}.policy.yaml", "{single}.policy.yaml", true)]
    [InlineData("retail-{1..3}.policy.yaml", "retail-2.policy.yaml", true)]
    [InlineData("retail-{1..3}.policy.yaml", "retail-4.policy.yaml", false)]
    [InlineData("retail-{-3..-1}.policy.yaml", "retail--2.policy.yaml", true)]
    [InlineData("retail-20?.policy.yaml", "retail-207.policy.yaml", true)]
    [InlineData("retail-20?.policy.yaml", "retail-2027.policy.yaml", false)]
    [InlineData("retail-202[6-7].policy.yaml", "retail-2027.policy.yaml", true)]
    [InlineData("retail-202[!6-7].policy.yaml", "retail-2027.policy.yaml", false)]
    [InlineData("retail-202[!6-7].policy.yaml", "retail-2028.policy.yaml", true)]
    [InlineData("policies/*.policy.yaml", "policies/retail.policy.yaml", true)]
    [InlineData("policies/*.policy.yaml", "eu/policies/retail.policy.yaml", false)]
    [InlineData("/policies/*.policy.yaml", "policies/retail.policy.yaml", true)]
    [InlineData("policies/*.yaml", "policies/eu/retail.policy.yaml", false)]
    [InlineData("policies/**.yaml", "policies/eu/retail.policy.yaml", true)]
    [InlineData("**/retail.policy.yaml", "a/b/retail.policy.yaml", true)]
    [InlineData("\\*.policy.yaml", "*.policy.yaml", true)]
    [InlineData("\\*.policy.yaml", "retail.policy.yaml", false)]
    [InlineData("[retail.policy.yaml", "[retail.policy.yaml", true)]
    [InlineData("{retail.policy.yaml", "{retail.policy.yaml", true)]
    [InlineData("a+b(c)$.policy.yaml", "a+b(c)$.policy.yaml", true)]
    public void A_section_name_matches_the_paths_the_specification_says(string glob, string path, bool matches)
    {
        EditorConfigGlob.Parse(glob).IsMatch(path).Should().Be(matches, $"[{glob}] and {path}");
    }

    [Fact]
    public void A_section_name_longer_than_the_limit_matches_nothing()
    {
        var glob = new string('*', EditorConfigGlob.MaxLength + 1);

        EditorConfigGlob.Parse(glob).IsMatch("retail.policy.yaml").Should().BeFalse();
    }
}
