namespace RecoveryRules.Testing.Running;

/// <summary>Why a rule fired or did not, in one line, from the decision's explanation.</summary>
internal static class RuleWhy
{
    public static string? WhyNotFired(Decision decision, string rule)
    {
        if (decision.Explanation?.Rules.FirstOrDefault(r => r.Rule == rule) is not { } explained || explained.Outcome == RuleOutcome.Matched)
        {
            return null;
        }

        if (explained.Outcome == RuleOutcome.NotConsidered)
        {
            var stopper = decision.Explanation.Rules.FirstOrDefault(r => r.Stopped)?.Rule ?? "a rule";
            return $"{rule}: not considered ({stopper} stopped the rules after it)";
        }

        var failed = explained.Conditions.FirstOrDefault(c => c.Value == false);
        return failed is null ? $"{rule}: did not match" : $"{rule}: {failed.Condition} was false";
    }

    public static string? WhyFired(Decision decision, string rule)
    {
        if (decision.Explanation?.Rules.FirstOrDefault(r => r.Rule == rule) is not { Outcome: RuleOutcome.Matched } explained)
        {
            return null;
        }

        return explained.Conditions.IsEmpty
            ? $"{rule}: fired, it has no conditions"
            : $"{rule}: fired, every condition true ({string.Join(", ", explained.Conditions.Select(c => c.Condition))})";
    }

    public static IEnumerable<string> Explain(Decision decision) => [decision.ToJson()];
}
