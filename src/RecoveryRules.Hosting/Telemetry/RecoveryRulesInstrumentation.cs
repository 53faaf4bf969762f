using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RecoveryRules.Hosting;

/// <summary>
/// The engine's metrics and traces (docs/embedding.md, "Observe"): one <see cref="Meter"/> from the host's
/// <see cref="IMeterFactory"/> and one <see cref="ActivitySource"/>, both named by <see cref="RecoveryRulesTelemetry"/>.
/// A singleton, thread-safe. Every method checks first whether anything listens (<see cref="Instrument.Enabled"/>,
/// <see cref="ActivitySource.HasListeners"/>): with no listener an evaluation reads no clock, starts no activity and
/// allocates nothing.
/// </summary>
internal sealed class RecoveryRulesInstrumentation : IDisposable
{
    /// <summary>The name of the span of one evaluation.</summary>
    public const string EvaluateActivityName = "recoveryrules.evaluate";

    /// <summary>Tag: the policy's registered name (<c>retail</c>), on every instrument and the span.</summary>
    public const string PolicyTag = "recoveryrules.policy";

    /// <summary>Span tag: the policy's <c>id</c>.</summary>
    public const string PolicyIdTag = "recoveryrules.policy.id";

    /// <summary>Span tag: the policy's <c>version</c>.</summary>
    public const string PolicyVersionTag = "recoveryrules.policy.version";

    /// <summary>Span tag: the policy's content hash (<c>sha256:…</c>).</summary>
    public const string PolicyHashTag = "recoveryrules.policy.hash";

    /// <summary>Span tag: the case id, when the case has one.</summary>
    public const string CaseIdTag = "recoveryrules.case.id";

    /// <summary>Span tag: <see cref="DecisionOutcome"/>, <see cref="CaseErrorOutcome"/> or <see cref="FailedOutcome"/>.</summary>
    public const string OutcomeTag = "recoveryrules.outcome";

    /// <summary>Tag: the case error's id (<c>RR0401</c>), on <c>recoveryrules.case_errors</c> and on the span of a case error.</summary>
    public const string ErrorIdTag = "error.id";

    /// <summary>Tag: a fired rule's id, on <c>recoveryrules.rules.fired</c>.</summary>
    public const string RuleTag = "recoveryrules.rule";

    /// <summary>Tag: the member of the decision that differs (<c>compensation.total</c>), on <c>recoveryrules.shadow.differences</c>.</summary>
    public const string FieldTag = "recoveryrules.field";

    /// <summary>The outcome of an evaluation that gave a decision.</summary>
    public const string DecisionOutcome = "decision";

    /// <summary>The outcome of an evaluation that gave a case error.</summary>
    public const string CaseErrorOutcome = "case_error";

    /// <summary>The outcome of an evaluation that gave neither: it threw (the exception went to the caller).</summary>
    public const string FailedOutcome = "failed";

    /// <summary>
    /// Bucket boundaries of <c>recoveryrules.evaluation.duration</c>, in seconds: an evaluation takes microseconds, so
    /// the default boundaries (0, 5, 10, 25 … 10000) would put every one in the first bucket.
    /// </summary>
    internal static readonly IReadOnlyList<double> DurationBuckets =
    [
        0.000_001, 0.000_002_5, 0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25,
        0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
    ];

    private readonly ActivitySource _source;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _caseErrors;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _rulesFired;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _reloadFailures;
    private readonly Counter<long> _shadowEvaluations;
    private readonly Counter<long> _shadowDifferences;

    /// <summary>Creates the meter (owned and disposed by <paramref name="meterFactory"/>) and the activity source.</summary>
    /// <param name="meterFactory">The host's meter factory (<c>AddMetrics</c>; registered by every host builder).</param>
    public RecoveryRulesInstrumentation(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var version = typeof(RecoveryRulesInstrumentation).Assembly.GetName().Version?.ToString();
        Meter = meterFactory.Create(new MeterOptions(RecoveryRulesTelemetry.MeterName) { Version = version });
        _source = new ActivitySource(RecoveryRulesTelemetry.ActivitySourceName, version);

        _decisions = Meter.CreateCounter<long>("recoveryrules.decisions", "{decision}", "Decisions made, by policy.");
        _caseErrors = Meter.CreateCounter<long>("recoveryrules.case_errors", "{error}", "Cases refused with a case error, by policy and error id.");
        _duration = Meter.CreateHistogram(
            "recoveryrules.evaluation.duration", "s", "Time to evaluate one case, decision or case error, by policy.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _rulesFired = Meter.CreateCounter<long>("recoveryrules.rules.fired", "{rule}", "Rules that fired, by policy and rule id.");
        _reloads = Meter.CreateCounter<long>("recoveryrules.reloads", "{reload}", "Policies reloaded and put in service, by policy.");
        _reloadFailures = Meter.CreateCounter<long>("recoveryrules.reload_failures", "{reload}", "Reloads refused (the last good policy kept in service), by policy.");
        _shadowEvaluations = Meter.CreateCounter<long>("recoveryrules.shadow.evaluations", "{evaluation}", "Cases a shadow policy evaluated beside the active one, by policy.");
        _shadowDifferences = Meter.CreateCounter<long>("recoveryrules.shadow.differences", "{difference}", "Members in which a shadow policy's outcome differed from the active one, by policy and member.");
    }

    /// <summary>The meter (from the factory given to the constructor).</summary>
    internal Meter Meter { get; }

    /// <summary>The activity source of the <c>recoveryrules.evaluate</c> span.</summary>
    internal ActivitySource Source => _source;

    /// <summary>
    /// Called before an evaluation: starts its span when something listens to the activity source and reads the
    /// clock when something listens to the duration histogram.
    /// </summary>
    /// <param name="policyName">The policy's registered name.</param>
    /// <param name="identity">The identity of the policy snapshot the evaluation runs on.</param>
    /// <param name="activity">The span, or <c>null</c> when nothing listens (or the listener's sampler declined it).</param>
    /// <returns>The start timestamp (<see cref="Stopwatch.GetTimestamp"/>) to give back to <see cref="EvaluationFinished"/>, or 0 when the duration is not measured.</returns>
    public long EvaluationStarting(string policyName, PolicyIdentity identity, out Activity? activity)
    {
        activity = null;
        if (_source.HasListeners())
        {
            activity = _source.StartActivity(EvaluateActivityName, ActivityKind.Internal);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag(PolicyTag, policyName);
                activity.SetTag(PolicyIdTag, identity.Id);
                activity.SetTag(PolicyVersionTag, identity.Version);
                activity.SetTag(PolicyHashTag, identity.Hash);
            }
        }

        return _duration.Enabled ? Stopwatch.GetTimestamp() : 0;
    }

    /// <summary>
    /// Called after an evaluation, with its outcome: counts the decision (and the rules it fired) or the case error,
    /// records the duration when it was measured, and ends the span.
    /// </summary>
    /// <param name="policyName">The policy's registered name.</param>
    /// <param name="identity">The identity of the policy snapshot the evaluation ran on.</param>
    /// <param name="started">What <see cref="EvaluationStarting"/> returned.</param>
    /// <param name="activity">The span <see cref="EvaluationStarting"/> gave, or <c>null</c>.</param>
    /// <param name="decision">The decision, or <c>null</c> for a case error.</param>
    /// <param name="error">The case error, or <c>null</c> for a decision. Both <c>null</c>: the evaluation threw (called from a <c>finally</c>); the span ends with an error status and nothing is counted but the duration.</param>
    public void EvaluationFinished(string policyName, PolicyIdentity identity, long started, Activity? activity, Decision? decision, CaseError? error)
    {
        if (started != 0 && _duration.Enabled)
        {
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(PolicyTag, policyName));
        }

        if (decision is not null)
        {
            if (_decisions.Enabled)
            {
                _decisions.Add(1, new KeyValuePair<string, object?>(PolicyTag, policyName));
            }

            if (_rulesFired.Enabled)
            {
                foreach (var rule in decision.Fired)
                {
                    var tags = new TagList
                    {
                        { PolicyTag, policyName },
                        { RuleTag, rule },
                    };
                    _rulesFired.Add(1, in tags);
                }
            }
        }
        else if (error is not null && _caseErrors.Enabled)
        {
            var tags = new TagList
            {
                { PolicyTag, policyName },
                { ErrorIdTag, error.Id },
            };
            _caseErrors.Add(1, in tags);
        }

        if (activity is not null)
        {
            if (activity.IsAllDataRequested)
            {
                var caseId = decision is not null ? decision.CaseId : error?.CaseId;
                if (caseId is not null)
                {
                    activity.SetTag(CaseIdTag, caseId);
                }

                if (error is not null)
                {
                    activity.SetTag(OutcomeTag, CaseErrorOutcome);
                    activity.SetTag(ErrorIdTag, error.Id);
                    activity.SetStatus(ActivityStatusCode.Error, error.Message);
                }
                else if (decision is not null)
                {
                    activity.SetTag(OutcomeTag, DecisionOutcome);
                }
                else
                {
                    activity.SetTag(OutcomeTag, FailedOutcome);
                    activity.SetStatus(ActivityStatusCode.Error, "The evaluation threw.");
                }
            }

            activity.Dispose();
        }
    }

    /// <summary>Counts a reload that put a new version of the policy in service.</summary>
    /// <param name="policyName">The policy's registered name.</param>
    /// <param name="identity">The identity of the policy now in service.</param>
    public void Reloaded(string policyName, PolicyIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (_reloads.Enabled)
        {
            _reloads.Add(1, new KeyValuePair<string, object?>(PolicyTag, policyName));
        }
    }

    /// <summary>Counts a reload that failed (the last good policy stays in service).</summary>
    /// <param name="policyName">The policy's registered name.</param>
    public void ReloadFailed(string policyName)
    {
        if (_reloadFailures.Enabled)
        {
            _reloadFailures.Add(1, new KeyValuePair<string, object?>(PolicyTag, policyName));
        }
    }

    /// <summary>Counts a case the shadow policy evaluated beside the active one, and each member in which the two differed.</summary>
    /// <param name="policyName">The active policy's registered name.</param>
    /// <param name="differences">The differences (<see cref="ShadowComparison.Compare"/>); empty when the two agreed.</param>
    public void ShadowEvaluated(string policyName, ImmutableArray<DecisionDifference> differences)
    {
        if (_shadowEvaluations.Enabled)
        {
            _shadowEvaluations.Add(1, new KeyValuePair<string, object?>(PolicyTag, policyName));
        }

        if (_shadowDifferences.Enabled && !differences.IsDefaultOrEmpty)
        {
            foreach (var difference in differences)
            {
                var tags = new TagList
                {
                    { PolicyTag, policyName },
                    { FieldTag, MetricField(difference.Field) },
                };
                _shadowDifferences.Add(1, in tags);
            }
        }
    }

    /// <summary>
    /// The member path without list indexes (<c>compensation.items[2].amount</c> becomes <c>compensation.items.amount</c>),
    /// so the tag has a bounded set of values whatever the length of a decision's lists; the log keeps the index.
    /// </summary>
    /// <param name="field">A <see cref="DecisionDifference.Field"/>.</param>
    /// <returns>The field without <c>[n]</c>.</returns>
    internal static string MetricField(string field)
    {
        if (!field.Contains('[', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new System.Text.StringBuilder(field.Length);
        var inIndex = false;
        foreach (var c in field)
        {
            if (c == '[')
            {
                inIndex = true;
            }
            else if (c == ']')
            {
                inIndex = false;
            }
            else if (!inIndex)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Disposes the activity source (the meter belongs to the factory, which disposes it with the host).</summary>
    public void Dispose() => _source.Dispose();
}
