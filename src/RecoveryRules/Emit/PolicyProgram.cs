using System.Linq.Expressions;
using System.Reflection;
using RecoveryRules.Binding;

namespace RecoveryRules.Emit;

/// <summary>
/// Compiles a whole bound policy into one delegate: the rules in consideration order, each
/// firing when its conditions hold (stopping at the first false one), computing its amounts
/// and limit, and ending the run when it stops; then <c>otherwise</c> when nothing fired, and
/// the cap. One <see cref="LambdaExpression.Compile()"/> per policy (and one more, lazily, for
/// the explaining variant that also records every condition's value).
/// </summary>
internal static class PolicyProgram
{
    private static readonly MethodInfo Amount = typeof(EvaluationChecks).GetMethod(nameof(EvaluationChecks.Amount))!;

    // Expression.Field(frame, name) looks the field up by name: it names only CaseFrame's public fields, kept by the DynamicDependency.
    // Expression.Add/Equal/GreaterThan… on decimal and string find the types' operator methods by reflection: under Native AOT
    // they must be kept as reflectable, or the first comparison throws "The binary operator … is not defined".
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields, typeof(CaseFrame))]
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicMethods, typeof(decimal))]
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicMethods, typeof(string))]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only CaseFrame's public fields are named, and the DynamicDependency keeps them.")]
    public static Action<CaseFrame> Compile(BoundPolicy policy, bool explain, bool interpret = false)
    {
        var frame = Expression.Parameter(typeof(CaseFrame), "frame");
        var decimals = Expression.Variable(typeof(decimal[]), "decimals");
        var ordinals = Expression.Variable(typeof(int[]), "ordinals");
        var booleans = Expression.Variable(typeof(bool[]), "booleans");
        var texts = Expression.Variable(typeof(string[]), "texts");
        var fired = Expression.Variable(typeof(int[]), "fired");
        var amounts = Expression.Variable(typeof(decimal[]), "amounts");
        var conditions = Expression.Variable(typeof(sbyte[]), "conditions");
        var count = Expression.Variable(typeof(int), "count");
        var test = Expression.Variable(typeof(bool), "test");
        var end = Expression.Label("end");
        var emitter = new ExpressionEmitter(decimals, ordinals, booleans, texts);
        var digits = Expression.Constant(policy.MinorUnit);

        var body = new List<Expression>
        {
            Expression.Assign(decimals, Expression.Field(frame, nameof(CaseFrame.Decimals))),
            Expression.Assign(ordinals, Expression.Field(frame, nameof(CaseFrame.Ordinals))),
            Expression.Assign(booleans, Expression.Field(frame, nameof(CaseFrame.Booleans))),
            Expression.Assign(texts, Expression.Field(frame, nameof(CaseFrame.Texts))),
            Expression.Assign(fired, Expression.Field(frame, nameof(CaseFrame.Fired))),
            Expression.Assign(amounts, Expression.Field(frame, nameof(CaseFrame.Amounts))),
            Expression.Assign(conditions, Expression.Field(frame, nameof(CaseFrame.Conditions))),
            Expression.Assign(count, Expression.Constant(0)),
        };

        Expression Decide(BoundDecision decision)
        {
            var steps = new List<Expression>();
            foreach (var item in decision.Items.Where(i => i.Amount is not null))
            {
                steps.Add(Expression.Assign(
                    Expression.ArrayAccess(amounts, Expression.Constant(item.AmountSlot)),
                    Expression.Call(Amount, emitter.Emit(item.Amount!), digits, Expression.Constant(item.Site))));
            }

            if (decision.Empowerment is { Limit: not null } empowerment)
            {
                steps.Add(Expression.Assign(
                    Expression.ArrayAccess(amounts, Expression.Constant(empowerment.LimitSlot)),
                    Expression.Call(Amount, emitter.Emit(empowerment.Limit), digits, Expression.Constant(empowerment.Site))));
            }

            steps.Add(Expression.Empty());
            return Expression.Block(steps);
        }

        for (var order = 0; order < policy.Rules.Length; order++)
        {
            var rule = policy.Rules[order];
            var fire = new List<Expression>
            {
                Expression.Assign(Expression.ArrayAccess(fired, count), Expression.Constant(order)),
                Expression.PreIncrementAssign(count),
                Decide(rule.Decision),
            };
            if (rule.Stop)
            {
                fire.Add(Expression.Goto(end));
            }

            Expression action = Expression.Block(fire);
            if (explain)
            {
                // Innermost first: t = c_n; record; if (t) fire.
                for (var c = rule.Conditions.Length - 1; c >= 0; c--)
                {
                    var index = Expression.Constant(rule.FirstCondition + c);
                    action = Expression.Block(
                        Expression.Assign(test, emitter.Emit(rule.Conditions[c].Expression)),
                        Expression.Assign(Expression.ArrayAccess(conditions, index), Expression.Condition(test, Expression.Constant((sbyte)1), Expression.Constant((sbyte)0))),
                        Expression.IfThen(test, action));
                }

                body.Add(action);
            }
            else if (rule.Conditions.IsEmpty)
            {
                body.Add(action);
            }
            else
            {
                var all = rule.Conditions.Select(c => emitter.Emit(c.Expression)).Aggregate(Expression.AndAlso);
                body.Add(Expression.IfThen(all, action));
            }
        }

        body.Add(Expression.Label(end));
        body.Add(Expression.Assign(Expression.Field(frame, nameof(CaseFrame.FiredCount)), count));
        if (policy.Otherwise is { } otherwise)
        {
            body.Add(Expression.IfThen(Expression.Equal(count, Expression.Constant(0)), Decide(otherwise)));
        }

        if (policy.Cap is { } cap)
        {
            body.Add(Expression.Assign(
                Expression.Field(frame, nameof(CaseFrame.Cap)),
                Expression.Call(Amount, emitter.Emit(cap), digits, Expression.Constant(policy.CapSite))));
        }

        // Define caches: declared here, cleared before the first rule (after the slot arrays load).
        body.InsertRange(8, emitter.ResetDefines());
        var block = Expression.Block([decimals, ordinals, booleans, texts, fired, amounts, conditions, count, test, .. emitter.DefineLocals], body);
        return Expression.Lambda<Action<CaseFrame>>(block, "policy_" + policy.Id.Replace('-', '_'), [frame]).Compile(preferInterpretation: interpret);
    }
}
