using RecoveryRules.Benchmarks;

namespace RecoveryRules.Benchmarks.Tests;

/// <summary>
/// The check that runs before the closure program is measured (docs/performance.md, "Rules without dynamic code"): on
/// the retail policy's benchmark cases and on the generated 200-rule policy (<see cref="LargePolicyGenerator"/>) over its
/// 256 generated cases, the closure program and the interpreted expression tree decide exactly as the compiled program.
/// </summary>
public sealed class ClosureProgramVerificationTests
{
    [Theory]
    [InlineData("retail", "Closures")]
    [InlineData("200", "Closures")]
    [InlineData("200", "LinqInterpreted")]
    public void Program_decides_as_the_compiled_program_before_it_is_measured(string policy, string program)
    {
        var setup = () => new ClosureProgramBenchmarks { Policy = policy, Program = program }.Setup();

        setup.Should().NotThrow();
    }
}
