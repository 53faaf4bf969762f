using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using RecoveryRules.Binding;
using RecoveryRules.Diagnostics;
using RecoveryRules.Emit;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;

namespace RecoveryRules.Evaluation;

/// <summary>The seam between a compiled policy and how its rules run: today one compiled delegate per policy; another backend could stand here.</summary>
internal interface IRuleProgram
{
    /// <summary>Runs the rules over the frame: fills the fired rules, amounts, limits and cap.</summary>
    void Run(CaseFrame frame, bool explain);
}

/// <summary>
/// Runs the policy's program the way <see cref="RuleExecution"/> says. Tiered (the default) starts
/// with the expression tree interpreted (ready in about a millisecond even for hundreds of rules)
/// and, once the policy has evaluated <see cref="CompileAfter"/> cases, compiles it to IL on the
/// thread pool and swaps the compiled delegate in; both run the same tree, so decisions never
/// depend on which one ran. The explaining variant is built on first use.
/// </summary>
internal sealed class TieredRuleProgram : IRuleProgram
{
    /// <summary>Evaluations after which a tiered policy is compiled: a policy loaded only to be checked, or used a few times, never pays for the JIT.</summary>
    public const int CompileAfter = 32;

    private readonly BoundPolicy _policy;
    private readonly Lazy<Action<CaseFrame>> _explaining;
    private Action<CaseFrame> _fast;
    private int _runs;
    private int _tieredUp;

    public TieredRuleProgram(BoundPolicy policy, RuleExecution execution)
        : this(policy, execution, System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
    {
    }

    /// <summary>Where dynamic code is not supported (Native AOT) there is no IL to compile to: every mode runs interpreted. Tests pass <paramref name="dynamicCodeSupported"/> to simulate that.</summary>
    internal TieredRuleProgram(BoundPolicy policy, RuleExecution execution, bool dynamicCodeSupported)
    {
        execution = dynamicCodeSupported ? execution : RuleExecution.Interpreted;
        Execution = execution;
        _policy = policy;
        var compiled = execution == RuleExecution.Compiled;
        _fast = PolicyProgram.Compile(policy, explain: false, interpret: !compiled);
        _tieredUp = execution == RuleExecution.Tiered ? 0 : 1;
        _explaining = new Lazy<Action<CaseFrame>>(
            () => PolicyProgram.Compile(policy, explain: true, interpret: !compiled),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>How the rules run: the requested mode, or <see cref="RuleExecution.Interpreted"/> where dynamic code is not supported.</summary>
    public RuleExecution Execution { get; }

    /// <summary>Whether the fast program is compiled IL (rather than interpreted).</summary>
    public bool IsCompiled { get; private set; }

    public void Run(CaseFrame frame, bool explain)
    {
        if (explain)
        {
            _explaining.Value(frame);
            return;
        }

        Volatile.Read(ref _fast)(frame);
        if (Volatile.Read(ref _tieredUp) == 0 && Interlocked.Increment(ref _runs) >= CompileAfter)
        {
            TierUp();
        }
    }

    /// <summary>Compiles the fast program now (on the caller's thread) unless that was already started; used by tests and the background tier-up.</summary>
    public void TierUp(bool wait = false)
    {
        if (Interlocked.Exchange(ref _tieredUp, 1) != 0)
        {
            return;
        }

        if (wait)
        {
            Compile();
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static program => program.CompileInBackground(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Compiles on the thread pool, where an exception would end the process: should compiling ever
    /// fail, the policy stays interpreted, which decides exactly alike.
    /// </summary>
    private void CompileInBackground()
    {
        try
        {
            Compile();
        }
#pragma warning disable CA1031 // The interpreted program keeps running; nothing is lost.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void Compile()
    {
        var compiled = PolicyProgram.Compile(_policy, explain: false, interpret: false);
        Volatile.Write(ref _fast, compiled);
        IsCompiled = true;
    }
}

/// <summary>
/// Evaluates a case: loads its facts into the thread's frame, runs the rules, then combines the
/// fired rules' decisions as §3 and §9 say (sum/max/first and the cap; highest/first escalation
/// with the shortest SLA; highest/first empowerment with the union of actions; notes; otherwise).
/// </summary>
internal sealed class PolicyEvaluator(BoundPolicy policy, IRuleProgram program, PolicyIdentity identity, TimeProvider clock)
{
    private readonly ImmutableArray<string> _otherwiseFired = [];

    public BoundPolicy Policy => policy;

    public IRuleProgram Program => program;

    public bool TryEvaluate(RecoveryCase recoveryCase, bool explain, out Decision? decision, out CaseError? error)
    {
        decision = null;
        var now = clock.GetUtcNow();
        var frame = CaseFrame.ForCurrentThread(policy);

        // The program reads the case's own (immutable) slot arrays; only a delay computed from
        // occurredAt needs a private copy of the decimals.
        frame.Decimals = recoveryCase.Decimals;
        frame.Ordinals = recoveryCase.Ordinals;
        frame.Booleans = recoveryCase.Booleans;
        frame.Texts = recoveryCase.Texts;
        if (recoveryCase.OccurredAt is { } occurredAt)
        {
            if (occurredAt > now)
            {
                frame.Release();
                error = new CaseError(recoveryCase.Id, RecoveryDiagnostics.OccurredInFuture.Id,
                    RecoveryDiagnostics.OccurredInFuture.Format(Timestamp(occurredAt), Timestamp(now)), "occurredAt");
                return false;
            }

            frame.Decimals = frame.ScratchDecimals(recoveryCase.Decimals);
            frame.Decimals[DelaySlot] = Durations.FromTimeSpan(now - occurredAt);
        }

        if (explain)
        {
            Array.Fill(frame.Conditions, (sbyte)-1, 0, SlotLayout.Of(policy).ConditionCount);
        }

        try
        {
            try
            {
                program.Run(frame, explain);
            }
            catch (EvaluationFailure failure)
            {
                var site = failure.Site >= 0 ? policy.Sites[failure.Site].Description : "An expression";
                var arguments = new object?[failure.Arguments.Length + 1];
                arguments[0] = site;
                failure.Arguments.CopyTo(arguments, 1);
                error = new CaseError(recoveryCase.Id, failure.Descriptor.Id, failure.Descriptor.Format(arguments), null);
                return false;
            }
            catch (OverflowException)
            {
                error = new CaseError(recoveryCase.Id, RecoveryDiagnostics.ArithmeticOverflow.Id,
                    RecoveryDiagnostics.ArithmeticOverflow.Format("An expression of this policy"), null);
                return false;
            }

            try
            {
                decision = Combine(recoveryCase, frame, now, explain);
            }
            catch (OverflowException)
            {
                // Each amount fits a decimal, but their sum (or a rule's sum, in max mode) does not.
                error = new CaseError(recoveryCase.Id, RecoveryDiagnostics.ArithmeticOverflow.Id,
                    RecoveryDiagnostics.ArithmeticOverflow.Format("The compensation total (the sum of the amounts of the rules that fired)"), null);
                return false;
            }
        }
        finally
        {
            frame.Release();
        }

        error = null;
        return true;
    }

    private int DelaySlot { get; } = policy.Facts.First(f => f.Name == "delay").Slot;

    private static string Timestamp(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// Combines the fired rules' decisions. Allocates only the decision: arrays of exact size,
    /// and the per-rule <c>[id]</c> and <c>[note]</c> arrays shared when one rule decides.
    /// </summary>
    private Decision Combine(RecoveryCase recoveryCase, CaseFrame frame, DateTimeOffset now, bool explain)
    {
        var count = frame.FiredCount;
        var rules = policy.Rules;
        var fired = frame.Fired;
        var otherwise = count == 0 ? policy.Otherwise : null;

        // Compensation: choose the rules whose items are kept (in consideration order).
        var total = 0m;
        ImmutableArray<CompensationItem> items;
        if (otherwise is not null)
        {
            items = Items(otherwise, PolicyBinder.Otherwise, frame, ref total);
        }
        else if (count == 0)
        {
            items = [];
        }
        else if (policy.CompensationMode == CompensationMode.Sum)
        {
            var size = 0;
            for (var i = 0; i < count; i++)
            {
                size += rules[fired[i]].Decision.Items.Length;
            }

            var array = new CompensationItem[size];
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                var rule = rules[fired[i]];
                foreach (var item in rule.Decision.Items)
                {
                    var amount = item.Amount is null ? (decimal?)null : frame.Amounts[item.AmountSlot];
                    total += amount ?? 0m;
                    array[at++] = new CompensationItem(item.Kind, amount, rule.Id, item.Note);
                }
            }

            items = ImmutableCollectionsMarshal.AsImmutableArray(array);
        }
        else
        {
            var chosen = policy.CompensationMode == CompensationMode.Max ? MaxCompensating(frame, count) : FirstCompensating(frame, count);
            items = chosen is null ? [] : Items(chosen.Decision, chosen.Id, frame, ref total);
        }

        total = Currencies.Round(total, policy.MinorUnit);
        var uncapped = total;
        var capped = false;
        if (policy.Cap is not null && total > frame.Cap)
        {
            total = frame.Cap;
            capped = true;
        }

        var compensation = items.IsEmpty ? _noCompensation : new CompensationDecision(total, policy.Currency, capped, items);

        EscalationDecision? escalation;
        EmpowermentDecision? empowerment;
        ImmutableArray<string> notes;
        ImmutableArray<string> firedIds;
        if (otherwise is not null)
        {
            escalation = _otherwiseEscalation;
            empowerment = otherwise.Empowerment is { } p
                ? new EmpowermentDecision(p.Role, p.Limit is null ? null : frame.Amounts[p.LimitSlot], p.Actions, OtherwiseArray)
                : null;
            notes = otherwise.Note is { } note ? [note] : [];
            firedIds = [];
        }
        else
        {
            escalation = Escalation(frame, count);
            empowerment = Empowerment(frame, count);
            notes = Notes(frame, count);
            firedIds = FiredIds(frame, count);
        }

        return new Decision
        {
            CaseId = recoveryCase.Id,
            Policy = identity,
            Compensation = compensation,
            Escalation = escalation,
            Empowerment = empowerment,
            Notes = notes,
            Fired = firedIds,
            EvaluatedAt = now,
            Explanation = explain ? Explain(frame, count, otherwise is not null, items, uncapped) : null,
        };
    }

    private static readonly ImmutableArray<string> OtherwiseArray = [PolicyBinder.Otherwise];

    // Immutable parts of a decision that do not depend on the case, made once per policy.
    private readonly CompensationDecision _noCompensation = new(Currencies.Round(0m, policy.MinorUnit), policy.Currency, false, []);
    private readonly EscalationDecision? _otherwiseEscalation = policy.Otherwise?.Escalation is { } e
        ? new EscalationDecision(e.Target, e.Within, PolicyBinder.Otherwise)
        : null;

    private BoundRule? MaxCompensating(CaseFrame frame, int count)
    {
        BoundRule? best = null;
        var bestTotal = 0m;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Items.IsEmpty)
            {
                continue;
            }

            var sum = 0m;
            foreach (var item in rule.Decision.Items)
            {
                sum += item.Amount is null ? 0m : frame.Amounts[item.AmountSlot];
            }

            if (best is null || sum > bestTotal)
            {
                best = rule;
                bestTotal = sum;
            }
        }

        return best;
    }

    private BoundRule? FirstCompensating(CaseFrame frame, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (!rule.Decision.Items.IsEmpty)
            {
                return rule;
            }
        }

        return null;
    }

    private static ImmutableArray<CompensationItem> Items(BoundDecision decision, string ruleId, CaseFrame frame, ref decimal total)
    {
        if (decision.Items.IsEmpty)
        {
            return [];
        }

        var array = new CompensationItem[decision.Items.Length];
        for (var i = 0; i < array.Length; i++)
        {
            var item = decision.Items[i];
            var amount = item.Amount is null ? (decimal?)null : frame.Amounts[item.AmountSlot];
            total += amount ?? 0m;
            array[i] = new CompensationItem(item.Kind, amount, ruleId, item.Note);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    private ImmutableArray<string> FiredIds(CaseFrame frame, int count)
    {
        if (count == 1)
        {
            return policy.Rules[frame.Fired[0]].IdArray;
        }

        var array = new string[count];
        for (var i = 0; i < count; i++)
        {
            array[i] = policy.Rules[frame.Fired[i]].Id;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    private ImmutableArray<string> Notes(CaseFrame frame, int count)
    {
        var size = 0;
        BoundRule? only = null;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Note is not null)
            {
                size++;
                only = rule;
            }
        }

        if (size <= 1)
        {
            return only?.NoteArray ?? [];
        }

        var array = new string[size];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            if (policy.Rules[frame.Fired[i]].Decision.Note is { } note)
            {
                array[at++] = note;
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    private EscalationDecision? Escalation(CaseFrame frame, int count)
    {
        BoundRule? chosen = null;
        TimeSpan? within = null;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Escalation is not { } escalation)
            {
                continue;
            }

            if (policy.EscalationMode == SelectionMode.First)
            {
                return new EscalationDecision(escalation.Target, escalation.Within, rule.Id);
            }

            if (chosen is null || escalation.TargetOrdinal > chosen.Decision.Escalation!.TargetOrdinal)
            {
                chosen = rule;
            }

            if (escalation.Within is { } sla && (within is null || sla < within))
            {
                within = sla;
            }
        }

        return chosen is null ? null : new EscalationDecision(chosen.Decision.Escalation!.Target, within, chosen.Id);
    }

    private EmpowermentDecision? Empowerment(CaseFrame frame, int count)
    {
        BoundRule? first = null;
        BoundEmpowerment? role = null;
        decimal? limit = null;
        var empowering = 0;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Empowerment is not { } empowerment)
            {
                continue;
            }

            var ruleLimit = empowerment.Limit is null ? (decimal?)null : frame.Amounts[empowerment.LimitSlot];
            if (policy.EmpowermentMode == SelectionMode.First)
            {
                return new EmpowermentDecision(empowerment.Role, ruleLimit, empowerment.Actions, rule.IdArray);
            }

            first ??= rule;
            empowering++;
            if (role is null || empowerment.RoleOrdinal > role.RoleOrdinal)
            {
                role = empowerment;
            }

            if (ruleLimit is { } l && (limit is null || l > limit))
            {
                limit = l;
            }
        }

        if (role is null)
        {
            return null;
        }

        if (empowering == 1)
        {
            return new EmpowermentDecision(role.Role, limit, role.Actions, first!.IdArray);
        }

        // Several rules empower: merge the actions in first-seen order, list every rule.
        var actions = ImmutableArray.CreateBuilder<string>();
        var rules = new string[empowering];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Empowerment is not { } empowerment)
            {
                continue;
            }

            rules[at++] = rule.Id;
            foreach (var action in empowerment.Actions)
            {
                if (!actions.Contains(action))
                {
                    actions.Add(action);
                }
            }
        }

        return new EmpowermentDecision(role.Role, limit, actions.DrainToImmutable(), ImmutableCollectionsMarshal.AsImmutableArray(rules));
    }

    private DecisionExplanation Explain(CaseFrame frame, int count, bool otherwiseApplied, ImmutableArray<CompensationItem> items, decimal uncapped)
    {
        var keptRules = items.Select(i => i.Rule).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var firedOrders = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            firedOrders.Add(frame.Fired[i]);
        }

        var stoppedAt = int.MaxValue;
        for (var i = 0; i < count; i++)
        {
            if (policy.Rules[frame.Fired[i]].Stop)
            {
                stoppedAt = frame.Fired[i];
                break;
            }
        }

        var rules = ImmutableArray.CreateBuilder<RuleExplanation>(policy.Rules.Length);
        for (var order = 0; order < policy.Rules.Length; order++)
        {
            var rule = policy.Rules[order];
            var conditions = ImmutableArray.CreateBuilder<ConditionExplanation>(rule.Conditions.Length);
            for (var c = 0; c < rule.Conditions.Length; c++)
            {
                var value = order > stoppedAt ? (sbyte)-1 : frame.Conditions[rule.FirstCondition + c];
                conditions.Add(new ConditionExplanation(rule.Conditions[c].Text, value < 0 ? null : value == 1));
            }

            var outcome = order > stoppedAt ? RuleOutcome.NotConsidered
                : firedOrders.Contains(order) ? RuleOutcome.Matched
                : RuleOutcome.NotMatched;
            rules.Add(new RuleExplanation(rule.Id, rule.Priority, outcome, conditions.MoveToImmutable(), order == stoppedAt));
        }

        var facts = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        foreach (var fact in policy.Facts.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            facts.Add(new(fact.Name, FactText(fact, frame)));
        }

        return new DecisionExplanation
        {
            Facts = facts.ToImmutable(),
            Rules = rules.MoveToImmutable(),
            OtherwiseApplied = otherwiseApplied,
            CompensationMode = policy.CompensationMode.ToString().ToLowerInvariant(),
            EscalationMode = policy.EscalationMode.ToString().ToLowerInvariant(),
            EmpowermentMode = policy.EmpowermentMode.ToString().ToLowerInvariant(),
            CompensationRules = keptRules,
            UncappedTotal = policy.Cap is null ? null : uncapped,
            Cap = policy.Cap is null ? null : frame.Cap,
        };
    }

    private string FactText(FactSymbol fact, CaseFrame frame) => fact.Type.Kind switch
    {
        TypeKind.Member => fact.Type.Vocabulary!.Members[frame.Ordinals[fact.Slot]],
        TypeKind.Bool => frame.Booleans[fact.Slot] ? "true" : "false",
        TypeKind.Text => "'" + frame.Texts[fact.Slot] + "'",
        TypeKind.Duration => Durations.ToCompact(frame.Decimals[fact.Slot]),
        TypeKind.Money => frame.Decimals[fact.Slot].ToString(CultureInfo.InvariantCulture) + " " + policy.Currency,
        _ => frame.Decimals[fact.Slot].ToString(CultureInfo.InvariantCulture),
    };
}
