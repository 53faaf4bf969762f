using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Binding;

/// <summary>
/// Binds one expression: resolves names, types every node and reports problems with their
/// token's location. After an error it returns a <see cref="BoundErrorExpression"/>, and a
/// node with an erroneous operand reports nothing more, so one mistake is one diagnostic.
/// </summary>
internal sealed partial class Binder
{
    private readonly BinderScope _scope;
    private readonly SourceMap _map;
    private readonly string _context;
    private bool _reportedStack;

    /// <param name="scope">The policy's names.</param>
    /// <param name="map">Maps the expression's offsets to the file.</param>
    /// <param name="context">Names the expression in case errors: "rule 'late-delivery', the amount of 'refund'".</param>
    public Binder(BinderScope scope, SourceMap map, string context)
    {
        _scope = scope;
        _map = map;
        _context = context;
    }

    private DiagnosticBag Diagnostics => _scope.Diagnostics;

    /// <summary>Parses and binds an expression scalar.</summary>
    public static BoundExpression BindScalar(BinderScope scope, ScalarSyntax scalar, string context, string what, PolicyType? expected = null)
    {
        var syntax = ExpressionParser.Parse(scalar.Value, scalar.Map, scope.Diagnostics, what);
        return new Binder(scope, scalar.Map, context).BindExpression(syntax, expected);
    }

    private SourceLocation Locate(ExpressionSyntax syntax) => _map.Locate(syntax.Span);

    private SourceLocation Locate(Token token) => _map.Locate(token.Span);

    private void Report(DiagnosticDescriptor descriptor, ExpressionSyntax at, params object?[] arguments) =>
        Diagnostics.Add(descriptor, Locate(at), arguments);

    private void Report(DiagnosticDescriptor descriptor, Token at, params object?[] arguments) =>
        Diagnostics.Add(descriptor, Locate(at), arguments);

    public BoundExpression BindExpression(ExpressionSyntax syntax, PolicyType? expected = null)
    {
        // The parser bounds every tree's depth, so this recursion is shallow; the check is for a
        // host thread with a small stack, which gets a diagnostic instead of a stack overflow.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            if (!_reportedStack)
            {
                _reportedStack = true;
                Report(RecoveryDiagnostics.ExpressionTooDeep, syntax, RecoveryDiagnostics.DeeperThanStack);
            }

            return new BoundErrorExpression(syntax);
        }

        return BindNode(syntax, expected);
    }

    private BoundExpression BindNode(ExpressionSyntax syntax, PolicyType? expected) => syntax switch
    {
        LiteralExpressionSyntax literal => BindLiteral(literal, expected),
        NameExpressionSyntax name => BindName(name, expected),
        ParenthesizedExpressionSyntax parenthesized => BindExpression(parenthesized.Expression, expected),
        UnaryExpressionSyntax unary => BindUnary(unary),
        BinaryExpressionSyntax binary => BindBinary(binary),
        InExpressionSyntax @in => BindIn(@in),
        CallExpressionSyntax call => BindCall(call),
        ListExpressionSyntax list => ReportList(list),
        _ => new BoundErrorExpression(syntax),
    };

    private BoundExpression ReportList(ListExpressionSyntax list)
    {
        Report(RecoveryDiagnostics.ListOutsideIn, list);
        return new BoundErrorExpression(list);
    }

    private BoundExpression BindLiteral(LiteralExpressionSyntax literal, PolicyType? expected)
    {
        if (literal.Token.HasErrors)
        {
            return new BoundErrorExpression(literal); // reported by the lexer
        }

        switch (literal.LiteralKind)
        {
            case LiteralKind.Number:
                return new BoundLiteral(literal, PolicyType.Number, literal.Number);
            case LiteralKind.Percent:
                return new BoundLiteral(literal, PolicyType.Percent, literal.Number);
            case LiteralKind.Money:
                return new BoundLiteral(literal, PolicyType.Money(literal.Currency!), literal.Number);
            case LiteralKind.Duration:
                return new BoundLiteral(literal, PolicyType.Duration, literal.Number);
            case LiteralKind.Bool:
                return new BoundLiteral(literal, PolicyType.Bool, literal.Token.Kind == TokenKind.True);
            default:
                // A quoted name: a member where a member is expected ('duty-manager'), else text.
                var text = literal.Token.Text;
                if (expected is { Kind: TypeKind.Member, Vocabulary: { } vocabulary })
                {
                    if (vocabulary.TryGetOrdinal(text, out var ordinal))
                    {
                        return new BoundLiteral(literal, vocabulary.Type, ordinal);
                    }

                    Report(RecoveryDiagnostics.UnknownMember, literal, text, vocabulary.Description,
                        Suggestions.DidYouMean(text, vocabulary.Members), string.Join(", ", vocabulary.Members));
                    return new BoundErrorExpression(literal);
                }

                return new BoundLiteral(literal, PolicyType.Text, text);
        }
    }

    private BoundExpression BindUnary(UnaryExpressionSyntax unary)
    {
        var operand = BindExpression(unary.Operand);
        if (operand.HasErrors)
        {
            return new BoundErrorExpression(unary);
        }

        if (unary.Operator.Kind == TokenKind.Not)
        {
            if (operand.Type.Kind != TypeKind.Bool)
            {
                Report(RecoveryDiagnostics.TypeMismatch, unary.Operand, "The operand of 'not'", "a boolean", operand.Type, MemberHint(operand));
                return new BoundErrorExpression(unary);
            }

            return new BoundUnary(unary, BoundUnaryOperator.Not, operand, PolicyType.Bool);
        }

        if (operand.Type.Kind is TypeKind.Number or TypeKind.Money or TypeKind.Duration or TypeKind.Percent)
        {
            return Fold(new BoundUnary(unary, BoundUnaryOperator.Negate, operand, operand.Type));
        }

        Report(RecoveryDiagnostics.OperatorTypeMismatch, unary.Operator, "-", operand.Type, "nothing", " (only numbers, money and durations can be negated)");
        return new BoundErrorExpression(unary);
    }

    /// <summary>A hint for a bare member used where a boolean is expected: "compare it".</summary>
    private static string MemberHint(BoundExpression expression) =>
        expression.Type.Kind == TypeKind.Member ? " (compare it, as in 'severity == critical')" : string.Empty;

    /// <summary>
    /// Checks an amount, cap or limit: money in the policy's currency (or a number), and not a
    /// negative constant, which would make every case that reaches it an error (RR0421).
    /// </summary>
    public BoundExpression RequireAmount(BoundExpression expression, PolicyType money, string what)
    {
        var checkedExpression = Require(expression, money, what);
        if (checkedExpression.HasErrors)
        {
            return checkedExpression;
        }

        // Any constant: a literal, or arithmetic on literals and constant defines ('10 - 20'), folded by the binder.
        if (checkedExpression.Constant is < 0 and var constant)
        {
            Report(RecoveryDiagnostics.NegativeConstantAmount, checkedExpression.Syntax, what,
                constant.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new BoundErrorExpression(checkedExpression.Syntax);
        }

        return checkedExpression;
    }

    /// <summary>Checks that a top-level expression has the type its place needs (a condition, an amount…).</summary>
    public BoundExpression Require(BoundExpression expression, PolicyType required, string what)
    {
        if (expression.HasErrors)
        {
            return expression;
        }

        var type = expression.Type;
        if (required.Kind == TypeKind.Money)
        {
            if (type.Kind == TypeKind.Number)
            {
                return expression;
            }

            if (type.Kind == TypeKind.Money)
            {
                if (type.Currency != required.Currency)
                {
                    Report(RecoveryDiagnostics.CurrencyMismatch, expression.Syntax, type.Currency, required.Currency, $" ({char.ToLowerInvariant(what[0]) + what[1..]} must be in the policy's currency, {required.Currency})");
                    return new BoundErrorExpression(expression.Syntax);
                }

                return expression;
            }

            if (type.Kind == TypeKind.Percent)
            {
                Report(RecoveryDiagnostics.PercentOutsideOf, expression.Syntax, ((expression.Syntax as LiteralExpressionSyntax)?.Token.Text) ?? "20%");
                return new BoundErrorExpression(expression.Syntax);
            }
        }

        if (required.Kind == TypeKind.Bool && type.Kind == TypeKind.Bool)
        {
            return expression;
        }

        Report(RecoveryDiagnostics.TypeMismatch, expression.Syntax, what, required, type, MemberHint(expression));
        return new BoundErrorExpression(expression.Syntax);
    }

}
