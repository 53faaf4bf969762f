using System.Runtime.CompilerServices;
using System.Text;
using RecoveryRules.Text;

namespace RecoveryRules.Syntax;

/// <summary>
/// Prints expression syntax back as normalized text (single spaces, no redundant layout): for
/// messages. The text is cut at <see cref="MaxLength"/> characters, so that naming a division or a
/// clamp in a message costs the same for a huge expression as for a small one.
/// </summary>
internal static class ExpressionText
{
    /// <summary>The longest text printed; longer expressions end with "…".</summary>
    public const int MaxLength = 200;

    public static string Of(ExpressionSyntax syntax)
    {
        var builder = new StringBuilder();
        Write(builder, syntax);
        if (builder.Length > MaxLength)
        {
            builder.Length = MaxLength;
            builder.Append('…');
        }

        return builder.ToString();
    }

    private static void Write(StringBuilder builder, ExpressionSyntax syntax)
    {
        // The parser bounds the depth (docs/policy-language.md §15); the stack check is for host
        // threads with a small stack, where a message is better cut than the process lost.
        if (builder.Length > MaxLength)
        {
            return;
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            builder.Append('…');
            return;
        }

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
