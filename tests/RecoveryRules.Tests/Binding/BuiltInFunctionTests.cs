using RecoveryRules.Symbols;
using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Binding;

/// <summary>The built-in functions are declared once (Symbols/BuiltInFunctions); messages, reserved names and docs follow that table.</summary>
public sealed class BuiltInFunctionTests
{
    private static string Policy(string amount) => $$"""
        policy: p
        version: "1"
        currency: USD
        facts:
          orderValue: money
        rules:
          - id: r
            when: true
            then:
              compensate:
                - refund: {{amount}}
        """;

    [Fact]
    public void Unknown_function_lists_the_functions_of_the_table()
    {
        PolicyAssert.SingleDiagnostic(Policy("{|RR0207:minimum|}(orderValue, 30)")).Message
            .Should().Be($"'minimum' is not a function (did you mean 'min'?). The functions are {BuiltInFunctions.NameList}");
        BuiltInFunctions.NameList.Should().Be("min, max, clamp, round and abs");
    }

    [Fact]
    public void Every_function_of_the_table_binds_with_its_arity()
    {
        foreach (var function in BuiltInFunctions.All)
        {
            var arguments = string.Join(", ", Enumerable.Repeat("orderValue", function.MinArguments));
            PolicyAssert.Clean(Policy($"{function.Name}({arguments})"));
        }
    }

    [Fact]
    public void Every_function_of_the_table_is_a_reserved_name()
    {
        foreach (var function in BuiltInFunctions.All)
        {
            PolicyAssert.Diagnostics($$"""
                policy: p
                version: "1"
                define:
                  {|RR0016:{{function.Name}}|}: 1
                rules:
                  - id: r
                    then: { note: n }
                """);
        }
    }

    [Fact]
    public void Every_function_of_the_table_is_documented()
    {
        var language = File.ReadAllText(RepositoryRoot.Combine("docs", "policy-language.md"));
        foreach (var function in BuiltInFunctions.All)
        {
            language.Should().Contain($"| `{function.Name}(", "docs/policy-language.md §5 Functions has a row per function");
        }
    }
}
