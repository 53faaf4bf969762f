using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RecoveryRules.Yaml.Reading;
using YamlDotNet.Core;

namespace RecoveryRules.Testing.Reading;

/// <summary>
/// Turns a scenario's <c>given</c> (YAML) into the case's JSON, which the policy then reads exactly
/// as it reads any case, so a bad given is a case error at run time, not a load error
/// (docs/auditing.md, "Scenario tests"). YAML's own meaning is kept, as in policies: only plain
/// <c>true</c> and <c>false</c> are booleans; plain <c>null</c>, <c>~</c> and an empty value are null;
/// a plain scalar written as a decimal number is a JSON number; everything else, quoted scalars and
/// dates included, is text.
/// </summary>
internal static partial class GivenJson
{
    public static byte[] Convert(YamlNode node)
    {
        var json = new StringBuilder();
        Write(node, json);
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>Whether a plain scalar is a number (YAML 1.2 core schema, decimal notation).</summary>
    public static bool IsNumber(string text) => Number().IsMatch(text);

    private static void Write(YamlNode node, StringBuilder json)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                json.Append('{');
                var first = true;
                foreach (var entry in mapping.Entries)
                {
                    if (entry.Value is YamlAliasNode)
                    {
                        continue; // reported (RR0004); the file does not load
                    }

                    if (!first)
                    {
                        json.Append(',');
                    }

                    first = false;
                    WriteString(entry.Key.Value, json);
                    json.Append(':');
                    Write(entry.Value, json);
                }

                json.Append('}');
                break;

            case YamlSequenceNode sequence:
                json.Append('[');
                var firstItem = true;
                foreach (var item in sequence.Items.Where(i => i is not YamlAliasNode))
                {
                    if (!firstItem)
                    {
                        json.Append(',');
                    }

                    firstItem = false;
                    Write(item, json);
                }

                json.Append(']');
                break;

            case YamlScalarNode scalar:
                WriteScalar(scalar, json);
                break;

            default:
                json.Append("null");
                break;
        }
    }

    private static void WriteScalar(YamlScalarNode scalar, StringBuilder json)
    {
        if (scalar.Style != ScalarStyle.Plain)
        {
            WriteString(scalar.Value, json);
            return;
        }

        switch (scalar.Value)
        {
            case "true" or "false":
                json.Append(scalar.Value);
                return;
            case "" or "null" or "~":
                json.Append("null");
                return;
        }

        if (IsNumber(scalar.Value))
        {
            json.Append(NormalizeNumber(scalar.Value));
        }
        else
        {
            WriteString(scalar.Value, json);
        }
    }

    // YAML allows '+1', '.5', '1.', '007'; JSON does not: '1', '0.5', '1', '7'.
    private static string NormalizeNumber(string text)
    {
        var sign = text[0] == '-' ? "-" : string.Empty;
        var rest = text[0] is '-' or '+' ? text[1..] : text;
        var exponentAt = rest.IndexOfAny(['e', 'E']);
        var exponent = exponentAt < 0 ? string.Empty : "e" + rest[(exponentAt + 1)..].TrimStart('+');
        var mantissa = exponentAt < 0 ? rest : rest[..exponentAt];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var whole = (point < 0 ? mantissa : mantissa[..point]).TrimStart('0');
        var fraction = point < 0 ? string.Empty : mantissa[(point + 1)..];
        return string.Concat(sign, whole.Length == 0 ? "0" : whole, fraction.Length == 0 ? string.Empty : "." + fraction, exponent);
    }

    // JSON string escaping; a lone surrogate is written as its \u escape, so the case reader reports it (RR0412).
    private static void WriteString(string value, StringBuilder json)
    {
        json.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        json.Append(c).Append(value[++i]);
                    }
                    else if (c < ' ' || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u007F')
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        json.Append('"');
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
