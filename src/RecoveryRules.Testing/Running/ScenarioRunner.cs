using System.Collections.Immutable;

namespace RecoveryRules.Testing.Running;

/// <summary>Runs one scenario: reads its case with the suite's policy, evaluates it with an explanation at the scenario's clock, and compares.</summary>
internal static class ScenarioRunner
{
    public static ScenarioResult Run(Scenario scenario)
    {
        var policy = scenario.Suite.Policy;
        CaseResult result;
        if (!policy.TryReadCase(scenario.Given, out var recoveryCase, out var readError))
        {
            result = new CaseResult(null, readError);
        }
        else
        {
            // The scenario's clock (its own `now`, else the file's) is this evaluation's clock; without
            // one, the policy's (docs/auditing.md, "Scenario tests").
            var options = scenario.Clock is { } now ? EvaluationOptions.WithExplanation with { Now = now } : EvaluationOptions.WithExplanation;
            result = policy.TryEvaluate(recoveryCase, out var decision, out var error, options)
                ? new CaseResult(decision, null)
                : new CaseResult(null, error);
        }

        var expected = scenario.Expectation;
        if (result.Error is { } caseError)
        {
            if (expected.Error is null)
            {
                return new ScenarioResult(scenario, ScenarioOutcome.Errored, null, caseError, []);
            }

            return caseError.Id == expected.Error
                ? new ScenarioResult(scenario, ScenarioOutcome.Passed, null, caseError, [])
                : new ScenarioResult(scenario, ScenarioOutcome.Failed, null, caseError, [new ScenarioMismatch("error", expected.Error, $"{caseError.Id} ({caseError.Message})", null)]);
        }

        var decisionMade = result.Decision!;
        if (expected.Error is { } expectedError)
        {
            return new ScenarioResult(scenario, ScenarioOutcome.Failed, decisionMade, null, [new ScenarioMismatch("error", expectedError, "no error", null)]);
        }

        var mismatches = ExpectationComparer.Compare(expected, decisionMade);
        return new ScenarioResult(scenario, mismatches.IsEmpty ? ScenarioOutcome.Passed : ScenarioOutcome.Failed, decisionMade, null, mismatches);
    }
}
