using RecoveryRules.Text;
using YamlDotNet.Core;

namespace RecoveryRules.Yaml.Reading;

// The reader's own YAML node tree: just enough of YAML to map a policy, with zero-based spans and
// the text offsets the scalar source maps need. Built iteratively from parser events by
// YamlTreeBuilder; anchors are reported and dropped, aliases stay unexpanded YamlAliasNodes.

/// <summary>A node of the document.</summary>
internal abstract class YamlNode(LinePositionSpan span, int startIndex)
{
    /// <summary>The node's zero-based range, from its first property or character to its end.</summary>
    public LinePositionSpan Span { get; set; } = span;

    /// <summary>The offset in the text where the node (with its properties) starts.</summary>
    public int StartIndex { get; } = startIndex;

    /// <summary>How the node reads in a message: "a scalar", "a list", "a mapping", "an alias".</summary>
    public abstract string Description { get; }
}

/// <summary>A scalar: plain, quoted, literal or folded text.</summary>
internal sealed class YamlScalarNode(LinePositionSpan span, int startIndex, int endIndex, string value, ScalarStyle style)
    : YamlNode(span, startIndex)
{
    /// <summary>The offset just after the scalar (after the closing quote, or after a block scalar's last line).</summary>
    public int EndIndex { get; } = endIndex;

    /// <summary>The value after YAML unquoting and folding.</summary>
    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;

    public bool IsQuoted => Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;

    /// <summary>Whether the scalar is YAML's empty value (<c>key:</c> with nothing after it).</summary>
    public bool IsEmpty => Style == ScalarStyle.Plain && Value.Length == 0;

    public override string Description => IsEmpty ? "empty" : "a scalar";
}

/// <summary>A list (block or flow sequence).</summary>
internal sealed class YamlSequenceNode(LinePositionSpan span, int startIndex) : YamlNode(span, startIndex)
{
    public List<YamlNode> Items { get; } = [];

    public override string Description => "a list";
}

/// <summary>A mapping; its keys are scalars and unique (the builder reports and drops the others).</summary>
internal sealed class YamlMappingNode(LinePositionSpan span, int startIndex) : YamlNode(span, startIndex)
{
    public List<YamlMappingEntry> Entries { get; } = [];

    public override string Description => "a mapping";
}

/// <summary>An alias (<c>*name</c>): reported when read, never expanded.</summary>
internal sealed class YamlAliasNode(LinePositionSpan span, int startIndex) : YamlNode(span, startIndex)
{
    public override string Description => "an alias";
}

/// <summary>One key and its value.</summary>
internal sealed record YamlMappingEntry(YamlScalarNode Key, YamlNode Value);
