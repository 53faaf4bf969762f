using System.Reflection;
using System.Runtime.CompilerServices;
using RecoveryRules.Cli.Batch;

namespace RecoveryRules.Cli.Tests.Batch;

/// <summary>The batch's <c>[AggressiveOptimization]</c> methods compiled while the policy loads (docs/design.md §31).</summary>
public sealed class PreparedBatchMethodsTests
{
    [Fact]
    public async Task Every_optimized_method_of_the_decision_line_path_is_compiled_ahead()
    {
        var prepared = await CaseEvaluator.PrepareBatchLineMethods().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        // Every method of the line path marked [AggressiveOptimization], in the core library (the case reader and all its nested types) and the CLI.
        var expected = new[] { "RecoveryRules.RecoveryPolicy", "RecoveryRules.Evaluation.PolicyEvaluator", "RecoveryRules.Evaluation.DecisionLine", "RecoveryRules.DecimalText", "RecoveryRules.DecisionJson" }
            .Select(name => typeof(RecoveryPolicy).Assembly.GetType(name, throwOnError: true)!)
            .Concat(typeof(RecoveryPolicy).Assembly.GetTypes().Where(type => type.FullName!.StartsWith("RecoveryRules.CaseReader", StringComparison.Ordinal)))
            .Append(typeof(CaseEvaluator))
            .Sum(OptimizedMethodCount);
        prepared.Should().Be(expected);

        // Not vacuous: the scanner, the line writer and the worker's loop are among them.
        expected.Should().BeGreaterThan(20);
        OptimizedMethodCount(typeof(CaseEvaluator)).Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_batch_after_the_methods_are_compiled_writes_the_same_lines()
    {
        var input = TestData.ReadAllText("cases-with-bad-line.jsonl");
        var before = await CliRun.RunAsync(["eval", "--policy", TestData.Retail, "--now", "2026-11-22T10:00:00Z"], input);

        await CaseEvaluator.PrepareBatchLineMethods().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var after = await CliRun.RunAsync(["eval", "--policy", TestData.Retail, "--now", "2026-11-22T10:00:00Z"], input);

        after.ExitCode.Should().Be(before.ExitCode);
        after.StdoutLines.Should().Equal(before.StdoutLines).And.NotBeEmpty();
    }

    private static int OptimizedMethodCount(Type type) =>
        type.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Count(method => (method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0 && !method.IsGenericMethodDefinition);
}
