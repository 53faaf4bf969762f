using System.Collections.Immutable;
using RecoveryRules.Text;

namespace RecoveryRules.Syntax;

// The expression language's syntax tree. Spans are offsets into the expression's text;
// the expression's SourceMap turns them into file positions.

internal enum TokenKind
{
    EndOfText,
    Bad,
    Number,
    Percent,
    Money,
    Duration,
    String,
    Name,
    True,
    False,
    And,
    Or,
    Not,
    In,
    Of,
    Plus,
    Minus,
    Star,
    Slash,
    EqualsEquals,
    BangEquals,
    Less,
    LessEquals,
    Greater,
    GreaterEquals,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Comma,
}

/// <summary>A token; literal tokens carry their parsed value (decimal, or decimal seconds for durations).</summary>
internal sealed record Token(TokenKind Kind, TextSpan Span, string Text, decimal Number = 0, string? Currency = null)
{
    /// <summary>Whether the lexer already reported this token as malformed (an invalid literal): binding it reports nothing more.</summary>
    public bool HasErrors { get; init; }

    public override string ToString() => Text;
}

internal abstract record ExpressionSyntax(TextSpan Span)
{
    /// <summary>
    /// The levels of operators, parentheses, calls and lists below and including this node: 0 for
    /// a name or literal, one more than the deepest operand otherwise. The parser bounds it
    /// (docs/policy-language.md, the limits), so every stage that walks a tree may recurse.
    /// </summary>
    public virtual int Height => 0;
}

internal enum LiteralKind
{
    Number,
    Percent,
    Money,
    Duration,
    String,
    Bool,
}

/// <summary>A literal. Numbers, percents, money and durations (in seconds) are decimals.</summary>
internal sealed record LiteralExpressionSyntax(Token Token, LiteralKind LiteralKind) : ExpressionSyntax(Token.Span)
{
    public decimal Number => Token.Number;
    public string? Currency => Token.Currency;
}

/// <summary>A (possibly dotted) name: a fact, define, member, or a duration property such as <c>delay.hours</c>.</summary>
internal sealed record NameExpressionSyntax(Token Token) : ExpressionSyntax(Token.Span)
{
    public string Name => Token.Text;
}

internal sealed record UnaryExpressionSyntax(Token Operator, ExpressionSyntax Operand)
    : ExpressionSyntax(TextSpan.FromBounds(Operator.Span.Start, Operand.Span.End))
{
    public override int Height { get; } = Operand.Height + 1;
}

internal sealed record BinaryExpressionSyntax(ExpressionSyntax Left, Token Operator, ExpressionSyntax Right)
    : ExpressionSyntax(TextSpan.FromBounds(Left.Span.Start, Right.Span.End))
{
    public override int Height { get; } = Math.Max(Left.Height, Right.Height) + 1;
}

/// <summary><c>x in [a, b]</c> or <c>x not in [a, b]</c>.</summary>
internal sealed record InExpressionSyntax(ExpressionSyntax Left, Token? Not, Token In, ExpressionSyntax List)
    : ExpressionSyntax(TextSpan.FromBounds(Left.Span.Start, List.Span.End))
{
    public bool IsNegated => Not is not null;

    public override int Height { get; } = Math.Max(Left.Height, List.Height) + 1;
}

internal sealed record ListExpressionSyntax(TextSpan ListSpan, ImmutableArray<ExpressionSyntax> Items) : ExpressionSyntax(ListSpan)
{
    public override int Height { get; } = MaxHeight(Items) + 1;

    internal static int MaxHeight(ImmutableArray<ExpressionSyntax> items)
    {
        var height = 0;
        foreach (var item in items)
        {
            height = Math.Max(height, item.Height);
        }

        return height;
    }
}

internal sealed record CallExpressionSyntax(Token Name, ImmutableArray<ExpressionSyntax> Arguments, TextSpan CallSpan) : ExpressionSyntax(CallSpan)
{
    public override int Height { get; } = ListExpressionSyntax.MaxHeight(Arguments) + 1;
}

internal sealed record ParenthesizedExpressionSyntax(TextSpan ParenSpan, ExpressionSyntax Expression) : ExpressionSyntax(ParenSpan)
{
    public override int Height { get; } = Expression.Height + 1;
}

/// <summary>Stands in for an expression that could not be parsed; the error is already reported.</summary>
internal sealed record ErrorExpressionSyntax(TextSpan ErrorSpan) : ExpressionSyntax(ErrorSpan);
