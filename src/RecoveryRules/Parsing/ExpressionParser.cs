using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using RecoveryRules.Diagnostics;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Parsing;

/// <summary>
/// Parses expression text into syntax, by recursive descent over the precedence levels of
/// docs/policy-language.md §5, lowest first: or; and; not; comparisons and in; + -; * /; unary -;
/// P of X. On an error it reports once, returns an error node and resynchronizes, so one mistake
/// does not cascade.
/// </summary>
/// <remarks>
/// Every tree it returns is at most <see cref="MaxDepth"/> levels deep, counting each operator
/// of a chain (<c>a + b + c</c> is two levels), each parenthesis, call, list, <c>not</c> and unary
/// minus. A left-associative chain is parsed by a loop, not recursion, so the check is on the
/// height of the tree built so far: the binder, emitter, hash and printers recurse over these
/// trees and rely on the bound.
/// </remarks>
internal sealed class ExpressionParser
{
    /// <summary>
    /// Nesting deeper than this is reported rather than built. Deep enough for any expression a
    /// person writes (a sum of a hundred terms); shallow enough that binding, emitting and
    /// compiling it stays within a few tens of kilobytes of stack (docs/design.md).
    /// </summary>
    public const int MaxDepth = 100;

    private readonly ImmutableArray<Token> _tokens;
    private readonly SourceMap _map;
    private readonly DiagnosticBag _diagnostics;
    private int _position;
    private int _depth;
    private bool _reportedDepth;

    private ExpressionParser(ImmutableArray<Token> tokens, SourceMap map, DiagnosticBag diagnostics)
    {
        _tokens = tokens;
        _map = map;
        _diagnostics = diagnostics;
    }

    /// <summary>Parses a whole expression; <paramref name="what"/> names it in messages ("The condition").</summary>
    public static ExpressionSyntax Parse(string text, SourceMap map, DiagnosticBag diagnostics, string what = "The expression")
    {
        var tokens = Lexer.Tokenize(text, map, diagnostics);
        if (tokens.Length == 1)
        {
            // No token: an empty expression, or only characters the lexer reported and dropped.
            if (string.IsNullOrWhiteSpace(text))
            {
                diagnostics.Add(RecoveryDiagnostics.EmptyExpression, new SourceLocation(map.Path, map.Node), what);
            }

            return new ErrorExpressionSyntax(new TextSpan(0, text.Length));
        }

        var parser = new ExpressionParser(tokens, map, diagnostics);
        var expression = parser.ParseOr();
        if (parser.Current.Kind != TokenKind.EndOfText)
        {
            if (expression is not ErrorExpressionSyntax)
            {
                parser.ReportUnexpected(ExpectedAfter(parser.Current));
            }

            return new ErrorExpressionSyntax(new TextSpan(0, text.Length));
        }

        return expression;
    }

    private static string ExpectedAfter(Token token) => token.Kind switch
    {
        TokenKind.CloseParen => "the end of the expression (this ')' has no matching '(')",
        TokenKind.CloseBracket => "the end of the expression (this ']' has no matching '[')",
        TokenKind.Name or TokenKind.Number or TokenKind.String => "an operator such as 'and', 'or' or '=='",
        _ => "the end of the expression",
    };

    private Token Current => _tokens[Math.Min(_position, _tokens.Length - 1)];

    private Token PeekToken(int ahead) => _tokens[Math.Min(_position + ahead, _tokens.Length - 1)];

    private Token Advance()
    {
        var token = Current;
        if (_position < _tokens.Length - 1)
        {
            _position++;
        }

        return token;
    }

    /// <summary>
    /// Whether <paramref name="token"/> is a name spelling the keyword <paramref name="keyword"/>
    /// in another case (<c>AND</c>, <c>Or</c>, <c>NOT</c>). Names are case-sensitive and may be
    /// upper case, so this is asked only where a name cannot stand: between two operands, or
    /// before one.
    /// </summary>
    private static bool IsKeywordInOtherCase(Token token, TokenKind keyword) =>
        token.Kind == TokenKind.Name && string.Equals(token.Text, KeywordText(keyword), StringComparison.OrdinalIgnoreCase);

    private static string KeywordText(TokenKind keyword) => keyword switch
    {
        TokenKind.And => "and",
        TokenKind.Or => "or",
        _ => "not",
    };

    private static bool StartsOperand(TokenKind kind) => kind is TokenKind.Name or TokenKind.Number or TokenKind.Percent
        or TokenKind.Money or TokenKind.Duration or TokenKind.String or TokenKind.True or TokenKind.False
        or TokenKind.OpenParen or TokenKind.OpenBracket or TokenKind.Not; // not '-': 'Not - 1' subtracts from a fact named Not

    /// <summary>
    /// Consumes the operator <paramref name="keyword"/>; a name spelling it in another case is
    /// reported once, at the name (RR0201, with the keyword to write), and read as the keyword.
    /// </summary>
    private Token AdvanceOperator(TokenKind keyword)
    {
        var token = Advance();
        if (token.Kind == keyword)
        {
            return token;
        }

        var text = KeywordText(keyword);
        _diagnostics.Add(RecoveryDiagnostics.UnknownName, _map.Locate(token.Span), token.Text, "member", $" (write '{text}': keywords are lower case)");
        return token with { Kind = keyword };
    }

    private void ReportUnexpected(string expected)
    {
        var found = Current.Kind == TokenKind.EndOfText ? "the end of the expression" : $"'{Current.Text}'";
        _diagnostics.Add(RecoveryDiagnostics.UnexpectedToken, _map.Locate(Current.Span), expected, found);
    }

    private ExpressionSyntax Error()
    {
        // Skip to the end: the rest of this expression is not parsed, so nothing cascades.
        var start = Current.Span.Start;
        _position = _tokens.Length - 1;
        return new ErrorExpressionSyntax(TextSpan.FromBounds(start, Current.Span.End));
    }

    private bool Enter()
    {
        if (++_depth > MaxDepth)
        {
            ReportTooDeep(Current);
            return false;
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            // A host thread with a small stack: a diagnostic, never a stack overflow.
            if (!_reportedDepth)
            {
                _reportedDepth = true;
                _diagnostics.Add(RecoveryDiagnostics.ExpressionTooDeep, _map.Locate(Current.Span), RecoveryDiagnostics.DeeperThanStack);
            }

            return false;
        }

        return true;
    }

    private void ReportTooDeep(Token at)
    {
        if (!_reportedDepth)
        {
            _reportedDepth = true;
            _diagnostics.Add(RecoveryDiagnostics.ExpressionTooDeep, _map.Locate(at.Span), RecoveryDiagnostics.DeeperThan(MaxDepth));
        }
    }

    /// <summary>
    /// Returns <paramref name="node"/>, or reports the operator <paramref name="at"/> that made the
    /// tree deeper than <see cref="MaxDepth"/> and returns an error node, skipping the rest.
    /// </summary>
    private ExpressionSyntax Bounded(ExpressionSyntax node, Token at)
    {
        if (_depth + node.Height <= MaxDepth)
        {
            return node;
        }

        ReportTooDeep(at);
        return Error();
    }

    private ExpressionSyntax ParseOr()
    {
        var left = ParseAnd();
        while ((Current.Kind == TokenKind.Or || IsKeywordInOtherCase(Current, TokenKind.Or)) && left is not ErrorExpressionSyntax)
        {
            var op = AdvanceOperator(TokenKind.Or);
            var right = ParseAnd();
            left = right is ErrorExpressionSyntax ? right : Bounded(new BinaryExpressionSyntax(left, op, right), op);
        }

        return left;
    }

    private ExpressionSyntax ParseAnd()
    {
        var left = ParseNot();
        while ((Current.Kind == TokenKind.And || IsKeywordInOtherCase(Current, TokenKind.And)) && left is not ErrorExpressionSyntax)
        {
            var op = AdvanceOperator(TokenKind.And);
            var right = ParseNot();
            left = right is ErrorExpressionSyntax ? right : Bounded(new BinaryExpressionSyntax(left, op, right), op);
        }

        return left;
    }

    private ExpressionSyntax ParseNot()
    {
        if ((Current.Kind == TokenKind.Not && PeekToken(1).Kind != TokenKind.In)
            || (IsKeywordInOtherCase(Current, TokenKind.Not) && StartsOperand(PeekToken(1).Kind)))
        {
            if (!Enter())
            {
                return Error();
            }

            var op = AdvanceOperator(TokenKind.Not);
            var operand = ParseNot();
            _depth--;
            return operand is ErrorExpressionSyntax ? operand : new UnaryExpressionSyntax(op, operand);
        }

        return ParseComparison();
    }

    private static bool IsComparison(TokenKind kind) => kind is TokenKind.EqualsEquals or TokenKind.BangEquals
        or TokenKind.Less or TokenKind.LessEquals or TokenKind.Greater or TokenKind.GreaterEquals;

    private ExpressionSyntax ParseComparison()
    {
        var left = ParseAdditive();
        if (left is ErrorExpressionSyntax)
        {
            return left;
        }

        ExpressionSyntax result;
        if (IsComparison(Current.Kind))
        {
            var op = Advance();
            var right = ParseAdditive();
            if (right is ErrorExpressionSyntax)
            {
                return right;
            }

            result = Bounded(new BinaryExpressionSyntax(left, op, right), op);
            if (result is ErrorExpressionSyntax)
            {
                return result;
            }
        }
        else if (Current.Kind == TokenKind.In || (Current.Kind == TokenKind.Not && PeekToken(1).Kind == TokenKind.In))
        {
            var not = Current.Kind == TokenKind.Not ? Advance() : null;
            var @in = Advance();
            if (Current.Kind != TokenKind.OpenBracket)
            {
                ReportUnexpected("a list such as [gold, platinum] after 'in'");
                return Error();
            }

            var list = ParsePrimary();
            if (list is ErrorExpressionSyntax)
            {
                return list;
            }

            result = Bounded(new InExpressionSyntax(left, not, @in, list), @in);
            if (result is ErrorExpressionSyntax)
            {
                return result;
            }
        }
        else
        {
            return left;
        }

        if (IsComparison(Current.Kind) || Current.Kind == TokenKind.In)
        {
            _diagnostics.Add(RecoveryDiagnostics.ChainedComparison, _map.Locate(Current.Span));
            return Error();
        }

        return result;
    }

    private ExpressionSyntax ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus && left is not ErrorExpressionSyntax)
        {
            var op = Advance();
            var right = ParseMultiplicative();
            left = right is ErrorExpressionSyntax ? right : Bounded(new BinaryExpressionSyntax(left, op, right), op);
        }

        return left;
    }

    private ExpressionSyntax ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash && left is not ErrorExpressionSyntax)
        {
            var op = Advance();
            var right = ParseUnary();
            left = right is ErrorExpressionSyntax ? right : Bounded(new BinaryExpressionSyntax(left, op, right), op);
        }

        return left;
    }

    private ExpressionSyntax ParseUnary()
    {
        if (Current.Kind == TokenKind.Minus)
        {
            if (!Enter())
            {
                return Error();
            }

            var op = Advance();
            var operand = ParseUnary();
            _depth--;
            return operand is ErrorExpressionSyntax ? operand : new UnaryExpressionSyntax(op, operand);
        }

        return ParseOf();
    }

    private ExpressionSyntax ParseOf()
    {
        var left = ParsePrimary();
        if (Current.Kind == TokenKind.Of && left is not ErrorExpressionSyntax)
        {
            var op = Advance();
            var right = ParsePrimary();
            return right is ErrorExpressionSyntax ? right : Bounded(new BinaryExpressionSyntax(left, op, right), op);
        }

        return left;
    }

    private ExpressionSyntax ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new LiteralExpressionSyntax(token, LiteralKind.Number);
            case TokenKind.Percent:
                Advance();
                return new LiteralExpressionSyntax(token, LiteralKind.Percent);
            case TokenKind.Money:
                Advance();
                return new LiteralExpressionSyntax(token, LiteralKind.Money);
            case TokenKind.Duration:
                Advance();
                return new LiteralExpressionSyntax(token, LiteralKind.Duration);
            case TokenKind.String:
                Advance();
                return new LiteralExpressionSyntax(token, LiteralKind.String);
            case TokenKind.True:
            case TokenKind.False:
                Advance();
                return new LiteralExpressionSyntax(token, LiteralKind.Bool);
            case TokenKind.Name:
                Advance();
                if (Current.Kind == TokenKind.OpenParen)
                {
                    return ParseCall(token);
                }

                return new NameExpressionSyntax(token);
            case TokenKind.OpenParen:
            {
                if (!Enter())
                {
                    return Error();
                }

                Advance();
                var inner = ParseOr();
                _depth--;
                if (inner is ErrorExpressionSyntax)
                {
                    return inner;
                }

                if (Current.Kind != TokenKind.CloseParen)
                {
                    ReportUnexpected("')'");
                    return Error();
                }

                var close = Advance();
                return new ParenthesizedExpressionSyntax(TextSpan.FromBounds(token.Span.Start, close.Span.End), inner);
            }

            case TokenKind.OpenBracket:
                return ParseList(token);
            default:
                ReportUnexpected(token.Kind switch
                {
                    TokenKind.EndOfText => "an operand",
                    _ => "a name, a literal or '('",
                });
                return Error();
        }
    }

    private ExpressionSyntax ParseCall(Token name)
    {
        if (!Enter())
        {
            return Error();
        }

        Advance(); // (
        var arguments = ImmutableArray.CreateBuilder<ExpressionSyntax>();
        if (Current.Kind != TokenKind.CloseParen)
        {
            while (true)
            {
                var argument = ParseOr();
                if (argument is ErrorExpressionSyntax)
                {
                    _depth--;
                    return argument;
                }

                arguments.Add(argument);
                if (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                    continue;
                }

                break;
            }
        }

        _depth--;
        if (Current.Kind != TokenKind.CloseParen)
        {
            ReportUnexpected("',' or ')'");
            return Error();
        }

        var close = Advance();
        return new CallExpressionSyntax(name, arguments.ToImmutable(), TextSpan.FromBounds(name.Span.Start, close.Span.End));
    }

    private ExpressionSyntax ParseList(Token open)
    {
        if (!Enter())
        {
            return Error();
        }

        Advance(); // [
        var items = ImmutableArray.CreateBuilder<ExpressionSyntax>();
        if (Current.Kind != TokenKind.CloseBracket)
        {
            while (true)
            {
                var item = ParseAdditive();
                if (item is ErrorExpressionSyntax)
                {
                    _depth--;
                    return item;
                }

                items.Add(item);
                if (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                    continue;
                }

                break;
            }
        }

        _depth--;
        if (Current.Kind != TokenKind.CloseBracket)
        {
            ReportUnexpected("',' or ']'");
            return Error();
        }

        var close = Advance();
        return new ListExpressionSyntax(TextSpan.FromBounds(open.Span.Start, close.Span.End), items.ToImmutable());
    }
}
