using System.Text;
using RecoveryRules.Text;

namespace RecoveryRules.Syntax;

/// <summary>Prints expression syntax back as normalized text (single spaces, no redundant layout): for messages.</summary>
internal static class ExpressionText
{
    public static string Of(ExpressionSyntax syntax)
    {
        var builder = new StringBuilder();
        Write(builder, syntax);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, ExpressionSyntax syntax)
    {
        switch (syntax)
        {
            case LiteralExpressionSyntax { LiteralKind: LiteralKind.String } literal:
                builder.Append('\'').Append(literal.Token.Text.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
                break;
            case LiteralExpressionSyntax literal:
                builder.Append(literal.Token.Text);
                break;
            case NameExpressionSyntax name:
                builder.Append(name.Name);
                break;
            case ParenthesizedExpressionSyntax parenthesized:
                builder.Append('(');
                Write(builder, parenthesized.Expression);
                builder.Append(')');
                break;
            case UnaryExpressionSyntax unary:
                builder.Append(unary.Operator.Text);
                if (unary.Operator.Kind == TokenKind.Not)
                {
                    builder.Append(' ');
                }

                Write(builder, unary.Operand);
                break;
            case BinaryExpressionSyntax binary:
                Write(builder, binary.Left);
                builder.Append(' ').Append(binary.Operator.Text).Append(' ');
                Write(builder, binary.Right);
                break;
            case InExpressionSyntax @in:
                Write(builder, @in.Left);
                builder.Append(@in.IsNegated ? " not in " : " in ");
                Write(builder, @in.List);
                break;
            case ListExpressionSyntax list:
                builder.Append('[');
                builder.AppendSeparated(list.Items, Write);

                builder.Append(']');
                break;
            case CallExpressionSyntax call:
                builder.Append(call.Name.Text).Append('(');
                builder.AppendSeparated(call.Arguments, Write);

                builder.Append(')');
                break;
            default:
                builder.Append('?');
                break;
        }
    }
}
