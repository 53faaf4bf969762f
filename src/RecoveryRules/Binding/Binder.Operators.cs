using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;

namespace RecoveryRules.Binding;

// Binder.Operators: types arithmetic, 'of', 'and'/'or', comparisons and 'in'. Numbers become
// money where money meets them; money never mixes currencies; a percent lives only in 'P of X'.
internal sealed partial class Binder
{
    private BoundExpression BindBinary(BinaryExpressionSyntax syntax)
    {
        switch (syntax.Operator.Kind)
        {
            case TokenKind.And:
            case TokenKind.Or:
                return BindLogical(syntax);
            case TokenKind.EqualsEquals:
            case TokenKind.BangEquals:
            case TokenKind.Less:
            case TokenKind.LessEquals:
            case TokenKind.Greater:
            case TokenKind.GreaterEquals:
                return BindComparison(syntax);
            case TokenKind.Of:
                return BindPercentOf(syntax);
            default:
                return BindArithmetic(syntax);
        }
    }

    private BoundExpression BindLogical(BinaryExpressionSyntax syntax)
    {
        var left = BindExpression(syntax.Left);
        var right = BindExpression(syntax.Right);
        var op = syntax.Operator.Text;
        var ok = true;
        foreach (var operand in (ReadOnlySpan<BoundExpression>)[left, right])
        {
            if (!operand.HasErrors && operand.Type.Kind != TypeKind.Bool)
            {
                Report(RecoveryDiagnostics.TypeMismatch, operand.Syntax, $"An operand of '{op}'", "a boolean", operand.Type, MemberHint(operand));
                ok = false;
            }
        }

        if (!ok || left.HasErrors || right.HasErrors)
        {
            return new BoundErrorExpression(syntax);
        }

        var kind = syntax.Operator.Kind == TokenKind.And ? BoundBinaryOperator.And : BoundBinaryOperator.Or;
        return new BoundBinary(syntax, kind, left, right, PolicyType.Bool);
    }

    private BoundExpression BindPercentOf(BinaryExpressionSyntax syntax)
    {
        var left = BindExpression(syntax.Left);
        var right = BindExpression(syntax.Right);
        if (left.HasErrors || right.HasErrors)
        {
            return new BoundErrorExpression(syntax);
        }

        if (left.Type.Kind != TypeKind.Percent)
        {
            Report(RecoveryDiagnostics.OperatorTypeMismatch, syntax.Operator, "of", left.Type, right.Type, " ('P of X' needs a percent on its left, such as 20%)");
            return new BoundErrorExpression(syntax);
        }

        if (right.Type.Kind is not (TypeKind.Number or TypeKind.Money))
        {
            Report(RecoveryDiagnostics.OperatorTypeMismatch, syntax.Operator, "of", left.Type, right.Type, " ('P of X' takes a percent of a number or of money)");
            return new BoundErrorExpression(syntax);
        }

        return Fold(new BoundBinary(syntax, BoundBinaryOperator.PercentOf, left, right, right.Type));
    }

    private BoundExpression BindArithmetic(BinaryExpressionSyntax syntax)
    {
        var left = BindExpression(syntax.Left);
        var right = BindExpression(syntax.Right);
        if (left.HasErrors || right.HasErrors)
        {
            return new BoundErrorExpression(syntax);
        }

        var op = syntax.Operator.Kind;
        foreach (var operand in (ReadOnlySpan<BoundExpression>)[left, right])
        {
            if (operand.Type.Kind == TypeKind.Percent)
            {
                Report(RecoveryDiagnostics.PercentOutsideOf, operand.Syntax, (operand.Syntax as LiteralExpressionSyntax)?.Token.Text ?? "20%");
                return new BoundErrorExpression(syntax);
            }
        }

        var l = left.Type;
        var r = right.Type;
        PolicyType? result = null;
        var hint = string.Empty;
        switch (op)
        {
            case TokenKind.Plus:
            case TokenKind.Minus:
                result = UnifyNumeric(l, r, syntax, out var mismatch);
                if (mismatch)
                {
                    return new BoundErrorExpression(syntax);
                }

                break;
            case TokenKind.Star:
                if (l.Kind == TypeKind.Money && r.Kind == TypeKind.Money)
                {
                    hint = " (money × money has no meaning; multiply money by a number)";
                }
                else if (l.Kind == TypeKind.Number && r.Kind is TypeKind.Number or TypeKind.Money or TypeKind.Duration)
                {
                    result = r;
                }
                else if (r.Kind == TypeKind.Number && l.Kind is TypeKind.Money or TypeKind.Duration)
                {
                    result = l;
                }

                break;
            case TokenKind.Slash:
                if (r.Kind == TypeKind.Number && l.Kind is TypeKind.Number or TypeKind.Money or TypeKind.Duration)
                {
                    result = l;
                }
                else if (l.Kind == TypeKind.Money && r.Kind == TypeKind.Money)
                {
                    if (l.Currency != r.Currency)
                    {
                        Report(RecoveryDiagnostics.CurrencyMismatch, ForeignMoney(syntax.Left, syntax.Right, r), l.Currency, r.Currency, string.Empty);
                        return new BoundErrorExpression(syntax);
                    }

                    result = PolicyType.Number;
                }
                else if (l.Kind == TypeKind.Duration && r.Kind == TypeKind.Duration)
                {
                    result = PolicyType.Number;
                }

                break;
        }

        if (result is null)
        {
            if (hint.Length == 0)
            {
                hint = " (arithmetic applies to numbers, money and durations)";
            }

            Report(RecoveryDiagnostics.OperatorTypeMismatch, syntax.Operator, syntax.Operator.Text, l, r, hint);
            return new BoundErrorExpression(syntax);
        }

        if (op == TokenKind.Slash)
        {
            if (right is BoundLiteral { Value: decimal zero } && zero == 0)
            {
                Report(RecoveryDiagnostics.ConstantDivisionByZero, syntax.Right);
                return new BoundErrorExpression(syntax);
            }

            var site = _scope.AddSite($"{_context}: '{Text(syntax)}'", Locate(syntax));
            return Fold(new BoundDivision(syntax, left, right, result, site));
        }

        var kind = op switch
        {
            TokenKind.Plus => BoundBinaryOperator.Add,
            TokenKind.Minus => BoundBinaryOperator.Subtract,
            _ => BoundBinaryOperator.Multiply,
        };
        return Fold(new BoundBinary(syntax, kind, left, right, result));
    }

    /// <summary>The common type of two operands of + - min max clamp: numbers and money meet as money; durations with durations.</summary>
    private PolicyType? UnifyNumeric(PolicyType l, PolicyType r, ExpressionSyntax at, out bool reported, string? function = null)
    {
        reported = false;
        if (l.Kind == TypeKind.Number && r.Kind == TypeKind.Number)
        {
            return PolicyType.Number;
        }

        if ((l.Kind == TypeKind.Money && r.Kind is TypeKind.Money or TypeKind.Number) || (r.Kind == TypeKind.Money && l.Kind == TypeKind.Number))
        {
            if (l.Kind == TypeKind.Money && r.Kind == TypeKind.Money && l.Currency != r.Currency)
            {
                Report(RecoveryDiagnostics.CurrencyMismatch, at is BinaryExpressionSyntax pair ? ForeignMoney(pair.Left, pair.Right, r) : at, l.Currency, r.Currency, string.Empty);
                reported = true;
                return null;
            }

            return l.Kind == TypeKind.Money ? l : r;
        }

        if (l.Kind == TypeKind.Duration && r.Kind == TypeKind.Duration)
        {
            return PolicyType.Duration;
        }

        var hint = (l.Kind, r.Kind) switch
        {
            (TypeKind.Duration, TypeKind.Number) or (TypeKind.Number, TypeKind.Duration) => " (give the number a unit, such as 24h)",
            _ => " (arithmetic applies to numbers, money and durations)",
        };
        if (function is not null)
        {
            // min(1h, 2): the arguments of a function must be of one kind.
            Report(RecoveryDiagnostics.TypeMismatch, at, $"This argument of '{function}'", l.Kind == TypeKind.Number ? "a number or money" : l.ToString(), r, hint);
        }
        else if (at is BinaryExpressionSyntax binary)
        {
            Report(RecoveryDiagnostics.OperatorTypeMismatch, binary.Operator, binary.Operator.Text, l, r, hint);
        }
        else
        {
            Report(RecoveryDiagnostics.IncomparableTypes, at, l, r, hint);
        }

        reported = true;
        return null;
    }

    private (BoundExpression Left, BoundExpression Right) BindPair(ExpressionSyntax leftSyntax, ExpressionSyntax rightSyntax)
    {
        // Bind first the side that can stand alone; when both need the other (a misspelled fact
        // compared with a member: 'severty == critical'), the one that is no member anywhere.
        var leftNeeds = NeedsContext(leftSyntax);
        var rightNeeds = NeedsContext(rightSyntax);
        if ((leftNeeds && !rightNeeds) || (leftNeeds && rightNeeds && IsMemberName(leftSyntax) && !IsMemberName(rightSyntax)))
        {
            var right = BindExpression(rightSyntax);
            var left = right.HasErrors && leftNeeds ? new BoundErrorExpression(leftSyntax) : BindExpression(leftSyntax, right.HasErrors ? null : right.Type);
            return (left, right);
        }

        var l = BindExpression(leftSyntax);

        // Without the left's type a member on the right cannot be resolved: reporting it would be a cascade.
        var r = l.HasErrors && rightNeeds ? new BoundErrorExpression(rightSyntax) : BindExpression(rightSyntax, l.HasErrors ? null : l.Type);
        return (l, r);
    }

    private bool IsMemberName(ExpressionSyntax syntax) =>
        syntax is NameExpressionSyntax name && _scope.Vocabularies.Any(v => v.TryGetOrdinal(name.Name, out _));

    private BoundExpression BindComparison(BinaryExpressionSyntax syntax)
    {
        var (left, right) = BindPair(syntax.Left, syntax.Right);
        if (left.HasErrors || right.HasErrors)
        {
            return new BoundErrorExpression(syntax);
        }

        var op = syntax.Operator.Kind;
        var ordering = op is not (TokenKind.EqualsEquals or TokenKind.BangEquals);
        if (!CheckComparable(left, right, syntax.Operator.Text, syntax.Right, syntax.Operator))
        {
            return new BoundErrorExpression(syntax);
        }

        if (ordering && !left.Type.IsOrdered)
        {
            if (left.Type.Kind == TypeKind.Member)
            {
                Report(RecoveryDiagnostics.UnorderedComparison, syntax.Left, Text(syntax.Left), left.Type);
            }
            else
            {
                Report(RecoveryDiagnostics.OperatorTypeMismatch, syntax.Operator, syntax.Operator.Text, left.Type, right.Type, " (only numbers, money, durations and scales are ordered)");
            }

            return new BoundErrorExpression(syntax);
        }

        var kind = op switch
        {
            TokenKind.EqualsEquals => BoundBinaryOperator.Equal,
            TokenKind.BangEquals => BoundBinaryOperator.NotEqual,
            TokenKind.Less => BoundBinaryOperator.Less,
            TokenKind.LessEquals => BoundBinaryOperator.LessOrEqual,
            TokenKind.Greater => BoundBinaryOperator.Greater,
            _ => BoundBinaryOperator.GreaterOrEqual,
        };
        return new BoundBinary(syntax, kind, left, right, PolicyType.Bool);
    }

    /// <summary>Whether two values can be compared with == (and, if ordered, with &lt;).</summary>
    private bool CheckComparable(BoundExpression left, BoundExpression right, string op, ExpressionSyntax at, Token opToken)
    {
        var l = left.Type;
        var r = right.Type;
        if (l.Kind == TypeKind.Percent || r.Kind == TypeKind.Percent)
        {
            var percent = l.Kind == TypeKind.Percent ? left : right;
            Report(RecoveryDiagnostics.PercentOutsideOf, percent.Syntax, (percent.Syntax as LiteralExpressionSyntax)?.Token.Text ?? "20%");
            return false;
        }

        if (l.Kind is TypeKind.Number or TypeKind.Money && r.Kind is TypeKind.Number or TypeKind.Money)
        {
            if (l.Kind == TypeKind.Money && r.Kind == TypeKind.Money && l.Currency != r.Currency)
            {
                Report(RecoveryDiagnostics.CurrencyMismatch, ForeignMoney(left.Syntax, right.Syntax, r), l.Currency, r.Currency, string.Empty);
                return false;
            }

            return true;
        }

        if (l.Equals(r))
        {
            return true;
        }

        var hint = (l.Kind, r.Kind) switch
        {
            (TypeKind.Duration, TypeKind.Number) => " (give the number a unit, such as 24h)",
            (TypeKind.Member, TypeKind.Text) => $" (quote only members of {l.Vocabulary!.Description})",
            _ => string.Empty,
        };
        Report(RecoveryDiagnostics.IncomparableTypes, at, l, r, hint);
        return false;
    }

    private BoundExpression BindIn(InExpressionSyntax syntax)
    {
        var left = BindExpression(syntax.Left);
        if (left.HasErrors)
        {
            return new BoundErrorExpression(syntax);
        }

        if (syntax.List is not ListExpressionSyntax list)
        {
            Report(RecoveryDiagnostics.UnexpectedToken, syntax.List, "a list such as [gold, platinum]", $"'{Text(syntax.List)}'");
            return new BoundErrorExpression(syntax);
        }

        var items = ImmutableArray.CreateBuilder<BoundExpression>(list.Items.Length);
        var ok = true;
        foreach (var itemSyntax in list.Items)
        {
            var item = BindExpression(itemSyntax, left.Type);
            if (item.HasErrors || !CheckComparable(left, item, "in", itemSyntax, syntax.In))
            {
                ok = false;
                continue;
            }

            items.Add(item);
        }

        return ok ? new BoundIn(syntax, left, items.ToImmutable(), syntax.IsNegated) : new BoundErrorExpression(syntax);
    }

    /// <summary>Of two money operands in different currencies, the one not in the policy's currency: where the author went wrong.</summary>
    private ExpressionSyntax ForeignMoney(ExpressionSyntax left, ExpressionSyntax right, PolicyType rightType) =>
        rightType.Currency != _scope.Currency ? right : left;

    private string Text(ExpressionSyntax syntax) => ExpressionText.Of(syntax);
}
