using RecoveryRules.Binding;
using RecoveryRules.Diagnostics;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;

namespace RecoveryRules.Analysis;

/// <summary>
/// Declarations nothing uses (docs/design.md, "Policy analysis"; RR1010–RR1013), found on the bound
/// policy by walking every expression once: each define's body (used or not: a define nobody uses is
/// RR1001 already), every condition, amount, limit and the cap, with the escalation targets,
/// empowerment roles and fact defaults. What counts as used follows what the declaration is for:
/// <list type="bullet">
/// <item>Inputs a case must give (a declared fact without a default, the severity scale, the
/// channels): unused when nothing reads them, as every case must still carry them. A declared fact
/// with a default, and the tier scale (a case's tier defaults to the lowest), only say what a case
/// may carry: the reader rejects anything else, so listing them is their use; they are not reported.
/// Once an expression reads severity or channel, every member is used: <c>channel == social</c>
/// decides for every channel (the others are "not social").</item>
/// <item>Outputs (the escalation and role scales): a member is used when something names it
/// (<c>escalate: to</c>, <c>empower: role</c>, an expression, a fact's default), or when an ordering
/// comparison or a fact reads members of that scale.</item>
/// <item>Only a scale or channel list the policy declares itself, with members other than the
/// default ones, is checked: the default scales and channels are the format's own, not the author's.</item>
/// </list>
/// </summary>
internal static class UnusedDeclarations
{
    public static void Report(BoundPolicy policy, PolicySyntax syntax, DiagnosticBag diagnostics)
    {
        var walker = new Walker(policy);
        foreach (var define in policy.Defines)
        {
            walker.Walk(define.Body);
        }

        foreach (var rule in policy.Rules)
        {
            foreach (var condition in rule.Conditions)
            {
                walker.Walk(condition.Expression);
            }

            walker.Decision(rule.Decision);
        }

        if (policy.Otherwise is { } otherwise)
        {
            walker.Decision(otherwise);
        }

        if (policy.Cap is { } cap)
        {
            walker.Walk(cap);
        }

        foreach (var fact in policy.Facts)
        {
            if (fact.DefaultValue is int ordinal && fact.Type.Vocabulary is { } vocabulary && !fact.IsBuiltIn)
            {
                walker.Name(vocabulary, ordinal);
            }
        }

        foreach (var fact in policy.Facts)
        {
            if (!fact.IsBuiltIn && !fact.HasDefault && !walker.Facts.Contains(fact.Index))
            {
                diagnostics.Add(RecoveryDiagnostics.UnusedFact, fact.Location, fact.Name);
            }
        }

        foreach (var scale in syntax.Scales)
        {
            var vocabulary = scale.Name.Value switch
            {
                "severity" => policy.Severity,
                "escalation" => policy.Escalation,
                "role" => policy.Role,
                _ => null,
            };
            if (vocabulary is null || IsDefault(vocabulary, PolicyBinder.DefaultScale(vocabulary.Name)) || walker.AllUsed(vocabulary))
            {
                continue;
            }

            foreach (var member in Unused(walker, vocabulary, scale.Members))
            {
                if (ReferenceEquals(vocabulary, policy.Role))
                {
                    diagnostics.Add(RecoveryDiagnostics.UnusedRole, member.Location, member.Value);
                }
                else
                {
                    var why = ReferenceEquals(vocabulary, policy.Escalation)
                        ? "no 'escalate' or expression names it, and no expression orders escalation members"
                        : "no expression names it or reads 'severity'";
                    diagnostics.Add(RecoveryDiagnostics.UnusedScaleMember, member.Location, member.Value, vocabulary.Name, why);
                }
            }
        }

        if (syntax.Channels is { } channels && !IsDefault(policy.Channel, PolicyBinder.DefaultChannels) && !walker.AllUsed(policy.Channel))
        {
            foreach (var member in Unused(walker, policy.Channel, channels))
            {
                diagnostics.Add(RecoveryDiagnostics.UnusedChannel, member.Location, member.Value);
            }
        }
    }

    private static bool IsDefault(Vocabulary vocabulary, IEnumerable<string> defaults) =>
        vocabulary.Members.SequenceEqual(defaults, StringComparer.Ordinal);

    /// <summary>The members of <paramref name="vocabulary"/> nobody names, where the policy lists them (the first time).</summary>
    private static IEnumerable<ScalarSyntax> Unused(Walker walker, Vocabulary vocabulary, VocabularySyntax members)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members.Members)
        {
            if (seen.Add(member.Value) && vocabulary.TryGetOrdinal(member.Value, out var ordinal) && !walker.IsNamed(vocabulary, ordinal))
            {
                yield return member;
            }
        }
    }

    private sealed class Walker(BoundPolicy policy)
    {
        private readonly Dictionary<Vocabulary, HashSet<int>> _named = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<Vocabulary> _ordered = new(ReferenceEqualityComparer.Instance);

        public HashSet<int> Facts { get; } = [];

        public void Name(Vocabulary vocabulary, int ordinal)
        {
            if (!_named.TryGetValue(vocabulary, out var set))
            {
                set = [];
                _named[vocabulary] = set;
            }

            set.Add(ordinal);
        }

        public bool IsNamed(Vocabulary vocabulary, int ordinal) => _named.TryGetValue(vocabulary, out var set) && set.Contains(ordinal);

        /// <summary>Whether every member counts as used: a fact of the vocabulary is read, or its members are ordered.</summary>
        public bool AllUsed(Vocabulary vocabulary) =>
            _ordered.Contains(vocabulary)
            || policy.Facts.Any(f => Facts.Contains(f.Index) && ReferenceEquals(f.Type.Vocabulary, vocabulary));

        public void Decision(BoundDecision decision)
        {
            foreach (var item in decision.Items)
            {
                if (item.Amount is { } amount)
                {
                    Walk(amount);
                }
            }

            if (decision.Escalation is { } escalation)
            {
                Name(policy.Escalation, escalation.TargetOrdinal);
            }

            if (decision.Empowerment is { } empowerment)
            {
                Name(policy.Role, empowerment.RoleOrdinal);
                if (empowerment.Limit is { } limit)
                {
                    Walk(limit);
                }
            }
        }

        public void Walk(BoundExpression node)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (node)
            {
                case BoundLiteral { Value: int ordinal, Type.Vocabulary: { } vocabulary }:
                    Name(vocabulary, ordinal);
                    break;
                case BoundFactReference fact:
                    Facts.Add(fact.Fact.Index);
                    break;
                case BoundUnary unary:
                    Walk(unary.Operand);
                    break;
                case BoundBinary binary:
                    if (binary.Operator is >= BoundBinaryOperator.Less and <= BoundBinaryOperator.GreaterOrEqual
                        && binary.Left.Type.Vocabulary is { IsOrdered: true } ordered)
                    {
                        _ordered.Add(ordered);
                    }

                    Walk(binary.Left);
                    Walk(binary.Right);
                    break;
                case BoundIn @in:
                    Walk(@in.Left);
                    foreach (var item in @in.Items)
                    {
                        Walk(item);
                    }

                    break;
                case BoundDivision division:
                    Walk(division.Left);
                    Walk(division.Right);
                    break;
                case BoundCall call:
                    foreach (var argument in call.Arguments)
                    {
                        Walk(argument);
                    }

                    break;
                case BoundDurationPart part:
                    Walk(part.Operand);
                    break;
            }
        }
    }
}
