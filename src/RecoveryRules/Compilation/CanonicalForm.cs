using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using RecoveryRules.Text;
using System.Text.Json;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Compilation;

/// <summary>
/// The policy's canonical content and its SHA-256. Built from the bound policy, not the text, so
/// whitespace, comments, quoting, key order, number spelling (1.50 and 1.5) and implicit versus
/// explicit defaults do not change it; any change of meaning does. Rules appear in consideration
/// order with their priorities; mappings with sorted keys.
/// </summary>
internal static class CanonicalForm
{
    public static string Hash(BoundPolicy policy)
    {
        var bytes = Write(policy);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public static byte[] Write(BoundPolicy policy)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", "recoveryrules/1");
            writer.WriteString("policy", policy.Id);
            writer.WriteString("version", policy.Version);
            writer.WriteString("description", policy.Description ?? string.Empty);
            writer.WriteString("currency", policy.Currency);
            writer.WriteStartObject("scales");
            foreach (var scale in new[] { policy.Escalation, policy.Role, policy.Severity, policy.Tier })
            {
                Strings(writer, scale.Name, scale.Members);
            }

            writer.WriteEndObject();
            Strings(writer, "channels", policy.Channel.Members);
            writer.WriteStartObject("facts");
            foreach (var fact in ByName(policy.Facts.Where(f => !f.IsBuiltIn).ToArray(), f => f.Name))
            {
                writer.WriteStartObject(fact.Name);
                writer.WriteString("type", TypeName(fact.Type));
                if (fact.Type.Kind == TypeKind.Member && fact.Type.Vocabulary!.VocabularyKind == VocabularyKind.OneOf)
                {
                    Strings(writer, "oneOf", fact.Type.Vocabulary.Members);
                }

                if (fact.HasDefault)
                {
                    writer.WriteString("default", Value(fact.DefaultValue, fact.Type));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteStartObject("define");
            foreach (var define in ByName(policy.Defines.ToArray(), d => d.Symbol.Name))
            {
                writer.WriteString(define.Symbol.Name, Expression(define.Body));
            }

            writer.WriteEndObject();
            writer.WriteStartObject("combine");
            writer.WriteString("cap", policy.Cap is null ? string.Empty : Expression(policy.Cap));
            writer.WriteString("compensation", policy.CompensationMode.ToString().ToLowerInvariant());
            writer.WriteString("empowerment", policy.EmpowermentMode.ToString().ToLowerInvariant());
            writer.WriteString("escalation", policy.EscalationMode.ToString().ToLowerInvariant());
            writer.WriteEndObject();
            writer.WriteStartArray("rules");
            foreach (var rule in policy.Rules)
            {
                writer.WriteStartObject();
                writer.WriteString("description", rule.Description ?? string.Empty);
                writer.WriteString("id", rule.Id);
                writer.WriteString("priority", Number(rule.Priority));
                writer.WriteBoolean("stop", rule.Stop);
                Decision(writer, "then", rule.Decision);
                writer.WriteStartArray("when");
                foreach (var condition in rule.Conditions)
                {
                    writer.WriteStringValue(Expression(condition.Expression));
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (policy.Otherwise is { } otherwise)
            {
                Decision(writer, "otherwise", otherwise);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Sorted by ordinal name (names are unique, so as OrderBy sorted them) without LINQ's OrderBy, whose sorter uses
    // Vector<T> code that ReadyToRun never precompiles (docs/performance.md, "Where the time goes in a fresh process").
    private static T[] ByName<T>(T[] items, Func<T, string> name)
        where T : class
    {
        Array.Sort(items, (a, b) => string.CompareOrdinal(name(a), name(b)));
        return items;
    }

    private static void Decision(Utf8JsonWriter writer, string name, BoundDecision decision)
    {
        writer.WriteStartObject(name);
        writer.WriteStartArray("compensate");
        foreach (var item in decision.Items)
        {
            writer.WriteStartObject();
            writer.WriteString("amount", item.Amount is null ? string.Empty : Expression(item.Amount));
            writer.WriteString("kind", item.Kind);
            writer.WriteString("note", item.Note ?? string.Empty);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (decision.Empowerment is { } empower)
        {
            writer.WriteStartObject("empower");
            Strings(writer, "actions", empower.Actions);
            writer.WriteString("limit", empower.Limit is null ? string.Empty : Expression(empower.Limit));
            writer.WriteString("role", empower.Role);
            writer.WriteEndObject();
        }

        if (decision.Escalation is { } escalate)
        {
            writer.WriteStartObject("escalate");
            writer.WriteString("to", escalate.Target);
            writer.WriteString("within", escalate.WithinSeconds is { } s ? Number(s) + "s" : string.Empty);
            writer.WriteEndObject();
        }

        writer.WriteString("note", decision.Note ?? string.Empty);
        writer.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string TypeName(PolicyType type) => type.Kind switch
    {
        TypeKind.Member => type.Vocabulary!.VocabularyKind == VocabularyKind.OneOf ? "oneOf" : type.Vocabulary.Name,
        TypeKind.Money => "money",
        _ => type.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>A decimal without trailing zeros: 1.50 and 1.5 are the same number.</summary>
    public static string Number(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    private static string Value(object? value, PolicyType type) => value switch
    {
        decimal d => Number(d),
        int ordinal when type.Kind == TypeKind.Member => type.Vocabulary!.Members[ordinal],
        bool b => b ? "true" : "false",
        string s => s,
        _ => string.Empty,
    };

    /// <summary>The bound expression, fully parenthesized, with every name resolved to what it is.</summary>
    public static string Expression(BoundExpression expression)
    {
        var builder = new StringBuilder();
        Write(builder, expression);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, BoundExpression node)
    {
        // Defines are written by name, never expanded, so the form is linear in the policy's text;
        // the depth is the parser's bound, and the check only matters on a very small stack.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case BoundLiteral literal:
                builder.Append(literal.Type.Kind switch
                {
                    TypeKind.Member => $"{literal.Type.Vocabulary!.Name}:{literal.Type.Vocabulary.Members[(int)literal.Value]}",
                    // Money in a compiled policy is always in its currency: 50 and 50 USD mean the same.
                    TypeKind.Money => Number((decimal)literal.Value),
                    TypeKind.Percent => $"{Number((decimal)literal.Value)}%",
                    TypeKind.Duration => $"{Number((decimal)literal.Value)}s",
                    TypeKind.Text => JsonSerializer.Serialize((string)literal.Value, RecoveryRulesJsonContext.Default.String),
                    _ => Value(literal.Value, literal.Type),
                });
                break;
            case BoundFactReference fact:
                builder.Append("fact:").Append(fact.Fact.Name);
                break;
            case BoundDefineReference define:
                builder.Append("define:").Append(define.Define.Name);
                break;
            case BoundUnary unary:
                builder.Append('(').Append(unary.Operator == BoundUnaryOperator.Not ? "not " : "-");
                Write(builder, unary.Operand);
                builder.Append(')');
                break;
            case BoundBinary binary:
                builder.Append('(');
                Write(builder, binary.Left);
                builder.Append(' ').Append(binary.Operator.ToString()).Append(' ');
                Write(builder, binary.Right);
                builder.Append(')');
                break;
            case BoundDivision division:
                builder.Append('(');
                Write(builder, division.Left);
                builder.Append(" Divide ");
                Write(builder, division.Right);
                builder.Append(')');
                break;
            case BoundIn @in:
                builder.Append('(');
                Write(builder, @in.Left);
                builder.Append(@in.IsNegated ? " NotIn [" : " In [");
                builder.AppendSeparated(@in.Items, Write);

                builder.Append("])");
                break;
            case BoundCall call:
                builder.Append(call.Function.ToString().ToLowerInvariant()).Append('(');
                builder.AppendSeparated(call.Arguments, Write);

                builder.Append(')');
                break;
            case BoundDurationPart part:
                builder.Append('(');
                Write(builder, part.Operand);
                builder.Append(").").Append(part.Unit.ToString().ToLowerInvariant());
                break;
            default:
                builder.Append('?');
                break;
        }
    }
}

/// <summary>Source-generated JSON metadata: no reflection at run time.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class RecoveryRulesJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
