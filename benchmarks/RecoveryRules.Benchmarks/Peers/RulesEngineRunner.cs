using System.Collections;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using RulesEngine.Models;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// A policy as a Microsoft RulesEngine 6.0.1 workflow (JSON, as a developer would store it) and the application
/// code around it, as a developer would write it: the workflow's rules are listed in the policy's consideration
/// order (RulesEngine has no priorities); each rule's condition is its <c>Expression</c>, the defines and the cap are
/// <c>GlobalParams</c>; what a rule decides that does not depend on the case is in its <c>Properties</c>
/// (<c>compensate</c>: kinds, <c>escalate</c>, <c>empower</c>, <c>note</c>, <c>stop</c>), and the amounts and the limit,
/// which do, are its <c>OutputExpression</c> action (a <c>decimal[]</c>: the amounts of the items that have one, in
/// order, then the limit if the empowerment has one). The results are combined by <see cref="PeerDecisionBuilder"/>,
/// in workflow order, up to the first successful rule with <c>stop</c>.
/// <para>
/// The traps of RulesEngine (docs/performance.md, "Peers"): an expression or run-time error is by default a silent
/// <c>IsSuccess = false</c> with an <c>ExceptionMessage</c>, so every result's <c>ExceptionMessage</c> and action
/// exception is checked and throws; rules compile lazily on the first execution, so the constructor runs the workflow
/// once (<see cref="Warm"/>); enums in expressions must be registered as <c>CustomTypes</c>.
/// </para>
/// </summary>
public sealed class RulesEngineRunner
{
    private readonly RulesEngine.RulesEngine _engine;
    private readonly string _workflow;
    private readonly string _currency;
    private readonly FrozenDictionary<string, RuleDecision> _decisions;

    /// <param name="workflowJson">The workflows (a JSON array, RulesEngine's workflow schema).</param>
    /// <param name="workflow">The workflow to run.</param>
    /// <param name="currency">The policy's currency.</param>
    public RulesEngineRunner(string workflowJson, string workflow, string currency)
    {
        var workflows = JsonSerializer.Deserialize<Workflow[]>(workflowJson)
            ?? throw new InvalidOperationException("The workflow JSON is empty.");
        var settings = new ReSettings
        {
            CustomTypes = [typeof(Severity), typeof(Channel), typeof(Tier), typeof(FailureType), typeof(Region), typeof(MidpointRounding)],
        };
        _engine = new RulesEngine.RulesEngine(workflows, settings);
        _workflow = workflow;
        _currency = currency;
        _decisions = workflows.Single(w => w.WorkflowName == workflow).Rules
            .ToFrozenDictionary(rule => rule.RuleName, RuleDecision.From, StringComparer.Ordinal);
    }

    /// <summary>Runs the workflow once for <paramref name="warmUp"/> (RulesEngine compiles a workflow on its first execution).</summary>
    public void Warm(object warmUp) => _ = Evaluate(warmUp);

    public PeerDecision Evaluate(object input)
    {
        var execution = _engine.ExecuteAllRulesAsync(_workflow, input);
        var results = execution.IsCompletedSuccessfully ? execution.Result : execution.AsTask().GetAwaiter().GetResult();

        var decision = new PeerDecisionBuilder();
        decimal? cap = null;
        var stopped = false;
        foreach (var result in results)
        {
            if (!string.IsNullOrEmpty(result.ExceptionMessage))
            {
                throw new InvalidOperationException($"RulesEngine rule '{result.Rule.RuleName}' failed: {result.ExceptionMessage}");
            }

            if (result.ActionResult?.Exception is { } exception)
            {
                throw new InvalidOperationException($"RulesEngine action of rule '{result.Rule.RuleName}' failed: {exception.Message}", exception);
            }

            cap ??= (decimal)result.Inputs["cap"];
            if (!result.IsSuccess || stopped)
            {
                continue;
            }

            var rule = _decisions[result.Rule.RuleName];
            var output = result.ActionResult?.Output as decimal[] ?? [];
            rule.Apply(decision, output);
            stopped = rule.Stop;
        }

        return decision.Build(cap ?? throw new InvalidOperationException("The workflow has no rules."), _currency);
    }

    /// <summary>The part of a rule's decision that does not depend on the case: its <c>Properties</c>, read once.</summary>
    private sealed record RuleDecision(
        string Rule,
        bool Stop,
        ImmutableArray<(string Kind, bool HasAmount)> Compensate,
        string? EscalateTo,
        TimeSpan? Within,
        string? Role,
        bool HasLimit,
        ImmutableArray<string> Actions,
        string? Note)
    {
        public void Apply(PeerDecisionBuilder decision, decimal[] output)
        {
            var next = 0;
            decision.Fire(Rule);
            foreach (var (kind, hasAmount) in Compensate)
            {
                decision.Compensate(kind, hasAmount ? Amount(output, next++) : null, Rule);
            }

            if (EscalateTo is not null)
            {
                decision.Escalate(EscalateTo, Within);
            }

            if (Role is not null)
            {
                decision.Empower(Role, HasLimit ? Amount(output, next++) : null, Actions);
            }

            if (Note is not null)
            {
                decision.Note(Note);
            }

            if (next != output.Length)
            {
                throw new InvalidOperationException($"Rule '{Rule}' output {output.Length} values for {next} amounts.");
            }
        }

        private decimal Amount(decimal[] output, int index) => index < output.Length
            ? output[index]
            : throw new InvalidOperationException($"Rule '{Rule}' output {output.Length} values; amount {index + 1} is missing.");

        public static RuleDecision From(Rule rule)
        {
            var properties = rule.Properties ?? [];
            JsonElement? Property(string name) => properties.TryGetValue(name, out var value) ? (JsonElement)value : null;

            var escalate = Property("escalate");
            var empower = Property("empower");
            return new RuleDecision(
                rule.RuleName,
                Property("stop")?.GetBoolean() ?? false,
                Property("compensate") is { } items
                    ? [.. items.EnumerateArray().Select(item => (item.GetProperty("kind").GetString()!, item.GetProperty("amount").GetBoolean()))]
                    : [],
                escalate?.GetProperty("to").GetString(),
                escalate is { } e && e.TryGetProperty("within", out var within) ? TimeSpan.Parse(within.GetString()!, CultureInfo.InvariantCulture) : null,
                empower?.GetProperty("role").GetString(),
                empower is { } p && p.TryGetProperty("limit", out var limit) && limit.GetBoolean(),
                empower is { } q && q.TryGetProperty("actions", out var actions) ? [.. actions.EnumerateArray().Select(action => action.GetString()!)] : [],
                Property("note")?.GetString());
        }
    }
}
