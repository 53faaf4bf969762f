using System.Collections.Immutable;
using System.Globalization;
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

/// <summary>Runs the policy compiled to expression-tree delegates; the explaining variant compiles on first use.</summary>
internal sealed class CompiledRuleProgram : IRuleProgram
{
    private readonly Action<CaseFrame> _fast;
    private readonly Lazy<Action<CaseFrame>> _explaining;

    public CompiledRuleProgram(BoundPolicy policy)
    {
        _fast = PolicyProgram.Compile(policy, explain: false);
        _explaining = new Lazy<Action<CaseFrame>>(() => PolicyProgram.Compile(policy, explain: true), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public void Run(CaseFrame frame, bool explain)
    {
        if (explain)
        {
            _explaining.Value(frame);
        }
        else
        {
            _fast(frame);
        }
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

    public bool TryEvaluate(RecoveryCase recoveryCase, bool explain, out Decision? decision, out CaseError? error)
    {
        decision = null;
        var now = clock.GetUtcNow();
        var frame = CaseFrame.ForCurrentThread(policy);
        Array.Copy(recoveryCase.Decimals, frame.Decimals, recoveryCase.Decimals.Length);
        Array.Copy(recoveryCase.Ordinals, frame.Ordinals, recoveryCase.Ordinals.Length);
        Array.Copy(recoveryCase.Booleans, frame.Booleans, recoveryCase.Booleans.Length);
        Array.Copy(recoveryCase.Texts, frame.Texts, recoveryCase.Texts.Length);

        if (recoveryCase.OccurredAt is { } occurredAt)
        {
            if (occurredAt > now)
            {
                error = new CaseError(recoveryCase.Id, RecoveryDiagnostics.OccurredInFuture.Id,
                    RecoveryDiagnostics.OccurredInFuture.Format(Timestamp(occurredAt), Timestamp(now)), "occurredAt");
                return false;
            }

            frame.Decimals[DelaySlot] = Durations.FromTimeSpan(now - occurredAt);
        }

        if (explain)
        {
            Array.Fill(frame.Conditions, (sbyte)-1, 0, policy.ConditionCount);
        }

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

        decision = Combine(recoveryCase, frame, now, explain);
        error = null;
        return true;
    }

    private int DelaySlot { get; } = policy.Facts.First(f => f.Name == "delay").Slot;

    private static string Timestamp(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private Decision Combine(RecoveryCase recoveryCase, CaseFrame frame, DateTimeOffset now, bool explain)
    {
        var count = frame.FiredCount;
        var rules = policy.Rules;
        var otherwise = count == 0 ? policy.Otherwise : null;

        // Compensation.
        var items = ImmutableArray<CompensationItem>.Empty;
        var total = 0m;
        var keptRules = ImmutableArray<string>.Empty;
        if (otherwise is not null)
        {
            items = Items(otherwise, PolicyBinder.Otherwise, frame, ref total);
            keptRules = items.IsEmpty ? [] : [PolicyBinder.Otherwise];
        }
        else if (count > 0)
        {
            switch (policy.CompensationMode)
            {
                case CompensationMode.Sum:
                {
                    var builder = ImmutableArray.CreateBuilder<CompensationItem>();
                    var kept = ImmutableArray.CreateBuilder<string>();
                    for (var i = 0; i < count; i++)
                    {
                        var rule = rules[frame.Fired[i]];
                        if (rule.Decision.Items.IsEmpty)
                        {
                            continue;
                        }

                        kept.Add(rule.Id);
                        foreach (var item in rule.Decision.Items)
                        {
                            var amount = item.Amount is null ? (decimal?)null : frame.Amounts[item.AmountSlot];
                            total += amount ?? 0m;
                            builder.Add(new CompensationItem(item.Kind, amount, rule.Id, item.Note));
                        }
                    }

                    items = builder.DrainToImmutable();
                    keptRules = kept.DrainToImmutable();
                    break;
                }

                case CompensationMode.Max:
                {
                    BoundRule? best = null;
                    var bestTotal = 0m;
                    for (var i = 0; i < count; i++)
                    {
                        var rule = rules[frame.Fired[i]];
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

                    if (best is not null)
                    {
                        items = Items(best.Decision, best.Id, frame, ref total);
                        keptRules = [best.Id];
                    }

                    break;
                }

                default:
                    for (var i = 0; i < count; i++)
                    {
                        var rule = rules[frame.Fired[i]];
                        if (!rule.Decision.Items.IsEmpty)
                        {
                            items = Items(rule.Decision, rule.Id, frame, ref total);
                            keptRules = [rule.Id];
                            break;
                        }
                    }

                    break;
            }
        }

        total = Currencies.Round(total, policy.MinorUnit);
        var uncapped = total;
        var capped = false;
        if (policy.Cap is not null && total > frame.Cap)
        {
            total = frame.Cap;
            capped = true;
        }

        var compensation = new CompensationDecision(total, policy.Currency, capped, items);

        EscalationDecision? escalation;
        EmpowermentDecision? empowerment;
        ImmutableArray<string> notes;
        ImmutableArray<string> fired;
        if (otherwise is not null)
        {
            escalation = otherwise.Escalation is { } e
                ? new EscalationDecision(e.Target, Within(e.WithinSeconds), PolicyBinder.Otherwise)
                : null;
            empowerment = otherwise.Empowerment is { } p
                ? new EmpowermentDecision(p.Role, p.Limit is null ? null : frame.Amounts[p.LimitSlot], p.Actions, [PolicyBinder.Otherwise])
                : null;
            notes = otherwise.Note is { } note ? [note] : [];
            fired = _otherwiseFired;
        }
        else
        {
            escalation = Escalation(frame, count);
            empowerment = Empowerment(frame, count);
            var noteBuilder = ImmutableArray.CreateBuilder<string>();
            var firedBuilder = ImmutableArray.CreateBuilder<string>(count);
            for (var i = 0; i < count; i++)
            {
                var rule = rules[frame.Fired[i]];
                firedBuilder.Add(rule.Id);
                if (rule.Decision.Note is { } note)
                {
                    noteBuilder.Add(note);
                }
            }

            notes = noteBuilder.DrainToImmutable();
            fired = firedBuilder.MoveToImmutable();
        }

        return new Decision
        {
            CaseId = recoveryCase.Id,
            Policy = identity,
            Compensation = compensation,
            Escalation = escalation,
            Empowerment = empowerment,
            Notes = notes,
            Fired = fired,
            EvaluatedAt = now,
            Explanation = explain ? Explain(frame, count, otherwise is not null, keptRules, uncapped) : null,
        };
    }

    private static ImmutableArray<CompensationItem> Items(BoundDecision decision, string ruleId, CaseFrame frame, ref decimal total)
    {
        var builder = ImmutableArray.CreateBuilder<CompensationItem>(decision.Items.Length);
        foreach (var item in decision.Items)
        {
            var amount = item.Amount is null ? (decimal?)null : frame.Amounts[item.AmountSlot];
            total += amount ?? 0m;
            builder.Add(new CompensationItem(item.Kind, amount, ruleId, item.Note));
        }

        return builder.MoveToImmutable();
    }

    private static TimeSpan? Within(decimal? seconds) => seconds is { } s ? Durations.ToTimeSpan(s) : null;

    private EscalationDecision? Escalation(CaseFrame frame, int count)
    {
        BoundRule? chosen = null;
        decimal? within = null;
        for (var i = 0; i < count; i++)
        {
            var rule = policy.Rules[frame.Fired[i]];
            if (rule.Decision.Escalation is not { } escalation)
            {
                continue;
            }

            if (policy.EscalationMode == SelectionMode.First)
            {
                return new EscalationDecision(escalation.Target, Within(escalation.WithinSeconds), rule.Id);
            }

            if (chosen is null || escalation.TargetOrdinal > chosen.Decision.Escalation!.TargetOrdinal)
            {
                chosen = rule;
            }

            if (escalation.WithinSeconds is { } seconds && (within is null || seconds < within))
            {
                within = seconds;
            }
        }

        return chosen is null ? null : new EscalationDecision(chosen.Decision.Escalation!.Target, Within(within), chosen.Id);
    }

    private EmpowermentDecision? Empowerment(CaseFrame frame, int count)
    {
        BoundEmpowerment? role = null;
        decimal? limit = null;
        ImmutableArray<string>.Builder? actions = null;
        ImmutableArray<string>.Builder? empowering = null;
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
                return new EmpowermentDecision(empowerment.Role, ruleLimit, empowerment.Actions, [rule.Id]);
            }

            if (role is null || empowerment.RoleOrdinal > role.RoleOrdinal)
            {
                role = empowerment;
            }

            if (ruleLimit is { } l && (limit is null || l > limit))
            {
                limit = l;
            }

            empowering ??= ImmutableArray.CreateBuilder<string>();
            empowering.Add(rule.Id);
            if (actions is null)
            {
                actions = ImmutableArray.CreateBuilder<string>();
                actions.AddRange(empowerment.Actions);
            }
            else
            {
                foreach (var action in empowerment.Actions)
                {
                    if (!actions.Contains(action))
                    {
                        actions.Add(action);
                    }
                }
            }
        }

        return role is null ? null : new EmpowermentDecision(role.Role, limit, actions!.DrainToImmutable(), empowering!.DrainToImmutable());
    }

    private DecisionExplanation Explain(CaseFrame frame, int count, bool otherwiseApplied, ImmutableArray<string> keptRules, decimal uncapped)
    {
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
