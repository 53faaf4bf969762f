using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;
using RecoveryRules.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RecoveryRules.Yaml.Reading;

// Turns YamlDotNet parser events into the reader's node tree, one event at a time and without
// recursion, so depth is checked before a level is opened and a hostile file stops at the first
// list or mapping that is too deep (YamlDotNet parses lazily, so it never sees the rest). Here
// live the document-level rules that do not depend on the policy format: one document, no
// anchors or aliases (reported, never expanded), unique keys (the first wins), scalar keys.
internal sealed partial class YamlTreeBuilder
{
    private readonly string _path;
    private readonly string _text;
    private readonly SourcePositions _positions;
    private readonly PolicyReaderOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly Stack<Frame> _open = new();
    private Mark _lastMark = Mark.Empty;

    private YamlTreeBuilder(string path, string text, SourcePositions positions, PolicyReaderOptions options, DiagnosticBag diagnostics)
    {
        _path = path;
        _text = text;
        _positions = positions;
        _options = options;
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// Reads the single document of <paramref name="text"/>. Returns its root node, or <c>null</c>
    /// when reading must stop (invalid YAML, nesting too deep, no document); the reason is reported.
    /// </summary>
    public static YamlNode? Build(string path, string text, SourcePositions positions, PolicyReaderOptions options, DiagnosticBag diagnostics) =>
        new YamlTreeBuilder(path, text, positions, options, diagnostics).Build();

    private YamlNode? Build()
    {
        var parser = new Parser(new StringReader(_text));
        try
        {
            Next(parser); // StreamStart
            var first = Next(parser);
            if (first is not DocumentStart)
            {
                _diagnostics.Add(
                    RecoveryDiagnostics.InvalidDocument,
                    new SourceLocation(_path, default),
                    "The file holds no YAML document; a policy is a mapping that starts with 'policy:' and 'version:'");
                return null;
            }

            var root = ReadRoot(parser);
            if (root is null)
            {
                return null;
            }

            if (root is YamlScalarNode { IsEmpty: true } && first.Start.Index != first.End.Index)
            {
                // An empty document ('---' and nothing else): its null scalar sits past the marker, often past
                // the end of the text; the document is its '---'.
                root.Span = _positions.FromMarks(first.Start, first.End);
            }

            Next(parser); // DocumentEnd
            if (Next(parser) is DocumentStart second)
            {
                _diagnostics.Add(
                    RecoveryDiagnostics.InvalidDocument,
                    Locate(second.Start, second.End),
                    "The file holds more than one YAML document ('---' starts a new one); a policy file holds exactly one");
            }

            return root;
        }
        catch (YamlException exception)
        {
            var message = StripMarks(exception.Message);
            if (_open.Any(frame => frame.IsFlow) && message.Contains("did not find expected ',' or ']'", StringComparison.Ordinal))
            {
                // §9: in a flow list, a condition that holds brackets or commas must be quoted.
                message = message.TrimEnd('.') + ". In a flow list such as when: [a, b], quote a condition that holds brackets or commas: \"tier in [gold, platinum]\", or use a block list";
            }

            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && IndentingTab(exception.Start) is { } tab)
            {
                // YamlDotNet marks where the node it was reading starts, not the tab: point at the tab.
                _diagnostics.Add(
                    RecoveryDiagnostics.InvalidYaml,
                    new SourceLocation(_path, new LinePositionSpan(_positions.At(tab), _positions.At(tab + 1))),
                    "a tab indents this line; YAML indents with spaces only, so replace the tab with spaces");
                return null;
            }

            _diagnostics.Add(RecoveryDiagnostics.InvalidYaml, Locate(exception.Start, exception.End), message);
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // YamlDotNet throws plain exceptions on some malformed input (an unclosed flow list
            // followed by a key, a \U escape above U+10FFFF); report them as invalid YAML too.
            var flow = exception is InvalidOperationException ? _open.FirstOrDefault(frame => frame.IsFlow) : null;
            var message = flow is null
                ? $"the YAML parser failed after this point ({exception.Message})"
                : flow.Node is YamlSequenceNode
                    ? "the YAML parser failed inside the flow list that starts here; check that its '[' is closed with ']'"
                    : "the YAML parser failed inside the flow mapping that starts here; check that its '{' is closed with '}'";
            var location = flow is null
                ? Locate(_lastMark, _lastMark)
                : new SourceLocation(_path, new LinePositionSpan(flow.Node.Span.Start, flow.Node.Span.Start));
            _diagnostics.Add(RecoveryDiagnostics.InvalidYaml, location, message);
            return null;
        }
    }

    // Reads events until the root node is complete; null when nesting is too deep.
    private YamlNode? ReadRoot(IParser parser)
    {
        YamlNode? root = null;
        do
        {
            switch (Next(parser))
            {
                case Scalar scalar:
                    Add(ReadScalar(scalar), ref root);
                    break;

                case AnchorAlias alias:
                    Add(ReadAlias(alias), ref root);
                    break;

                case SequenceStart start:
                    var sequence = new YamlSequenceNode(_positions.FromMarks(start.Start, start.End), _positions.IndexOf(start.Start));
                    if (!Open(start, sequence, start.Style == SequenceStyle.Flow, ref root))
                    {
                        return null;
                    }

                    break;

                case MappingStart start:
                    var mapping = new YamlMappingNode(_positions.FromMarks(start.Start, start.End), _positions.IndexOf(start.Start));
                    if (!Open(start, mapping, start.Style == MappingStyle.Flow, ref root))
                    {
                        return null;
                    }

                    break;

                case var end and (SequenceEnd or MappingEnd):
                    var closed = _open.Pop().Node;
                    var opened = closed.Span.Start;
                    if (closed is YamlMappingNode { Entries.Count: > 0 } implicitPair && closed.StartIndex == 0 && implicitPair.Entries[0].Key.StartIndex > 0)
                    {
                        // A single-pair mapping inside a flow list ([severity: critical, …]) starts
                        // with an empty mark: it starts at its key.
                        opened = implicitPair.Entries[0].Key.Span.Start;
                    }

                    // A flow collection's end mark sits on its closing bracket: end after it.
                    var endIndex = _positions.IndexOf(end.End);
                    var closes = endIndex < _text.Length && _text[endIndex] is ']' or '}' && end.Start.Index == end.End.Index;
                    closed.Span = new LinePositionSpan(opened, closes ? _positions.At(endIndex + 1) : _positions.FromMark(end.End));
                    break;
            }
        }
        while (_open.Count > 0);

        return root;
    }

    // Adds a node to the list or mapping being read, or makes it the root.
    private void Add(YamlNode node, ref YamlNode? root)
    {
        if (_open.Count == 0)
        {
            root = node;
        }
        else
        {
            Attach(_open.Peek(), node);
        }
    }

    // Opens a list or mapping; false (with RR0003 reported) when it is one level too deep.
    private bool Open(NodeEvent start, YamlNode node, bool isFlow, ref YamlNode? root)
    {
        ReportAnchor(start);
        ReportTag(start);
        if (_open.Count + 1 > _options.MaxDepth)
        {
            _diagnostics.Add(
                RecoveryDiagnostics.NestingTooDeep,
                new SourceLocation(_path, new LinePositionSpan(node.Span.Start, node.Span.Start)),
                _options.MaxDepth);
            return false;
        }

        Add(node, ref root);
        _open.Push(new Frame(node, isFlow));
        return true;
    }

    private YamlScalarNode ReadScalar(Scalar scalar)
    {
        ReportAnchor(scalar);
        ReportTag(scalar);
        return new YamlScalarNode(
            _positions.FromMarks(scalar.Start, scalar.End),
            _positions.IndexOf(scalar.Start),
            _positions.IndexOf(scalar.End),
            scalar.Value,
            scalar.Style);
    }

    private YamlAliasNode ReadAlias(AnchorAlias alias)
    {
        var location = Locate(alias.Start, alias.End);
        _diagnostics.Add(RecoveryDiagnostics.AnchorsNotAllowed, location, "alias", alias.Value.Value);
        return new YamlAliasNode(location.Span, _positions.IndexOf(alias.Start));
    }

    private void Attach(Frame parent, YamlNode node)
    {
        switch (parent.Node)
        {
            case YamlSequenceNode sequence:
                sequence.Items.Add(node);
                break;

            case YamlMappingNode when !parent.ExpectsValue:
                parent.ExpectsValue = true;
                parent.PendingKey = AcceptKey(parent, node);
                break;

            case YamlMappingNode mapping:
                parent.ExpectsValue = false;
                if (parent.PendingKey is { } key)
                {
                    mapping.Entries.Add(new YamlMappingEntry(key, node));
                }

                parent.PendingKey = null;
                break;
        }
    }

    // A key must be a scalar and new in its mapping; otherwise its entry is dropped.
    private YamlScalarNode? AcceptKey(Frame parent, YamlNode key)
    {
        switch (key)
        {
            case YamlScalarNode scalar:
                parent.Keys ??= new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
                if (parent.Keys.TryGetValue(scalar.Value, out var first))
                {
                    _diagnostics.Add(
                        RecoveryDiagnostics.DuplicateKey,
                        new SourceLocation(_path, scalar.Span),
                        scalar.Value,
                        first.Span.Start.Line + 1);
                    return null;
                }

                parent.Keys.Add(scalar.Value, scalar);
                return scalar;

            case YamlAliasNode:
                return null; // already reported

            default:
                _diagnostics.Add(
                    RecoveryDiagnostics.WrongNodeKind,
                    new SourceLocation(_path, new LinePositionSpan(key.Span.Start, key.Span.Start)),
                    "A key",
                    "a scalar",
                    key.Description);
                return null;
        }
    }

    private void ReportAnchor(NodeEvent node)
    {
        if (node.Anchor.IsEmpty)
        {
            return;
        }

        var name = node.Anchor.Value;
        var start = _positions.IndexOf(node.Start);
        var limit = Math.Min(_text.Length, Math.Max(_positions.IndexOf(node.End), start) + name.Length + 1);
        var at = _text.IndexOf("&" + name, start, limit - start, StringComparison.Ordinal);
        var location = at < 0
            ? Locate(node.Start, node.Start)
            : new SourceLocation(_path, new LinePositionSpan(_positions.At(at), _positions.At(at + 1 + name.Length)));
        _diagnostics.Add(RecoveryDiagnostics.AnchorsNotAllowed, location, "anchor", name);
    }

    // A tag ('!name', '!!str', '!<uri>') is not part of the format. A '!' at the start of a plain
    // condition is the usual cause: YAML reads 'when: ! late' as the tag '!' on 'late' and
    // 'when: !late' as the tag '!late' on an empty value, so the negation would vanish silently.
    private void ReportTag(NodeEvent node)
    {
        if (node.Tag.IsEmpty)
        {
            return;
        }

        var start = _positions.IndexOf(node.Start);
        var end = Math.Max(_positions.IndexOf(node.End), start);
        var at = _text.IndexOf('!', start, end - start);
        if (at < 0)
        {
            return; // an implicit tag: nothing in the text to remove
        }

        var verbatim = at + 1 < _text.Length && _text[at + 1] == '<'; // '!<tag:example.com,2000:x>'
        var close = verbatim ? _text.IndexOf('>', at) : -1;
        var length = 1;
        if (close > at)
        {
            length = close - at + 1;
        }
        else
        {
            while (at + length < _text.Length && !char.IsWhiteSpace(_text[at + length]) && _text[at + length] is not (',' or ']' or '}'))
            {
                length++;
            }
        }

        var written = _text.Substring(at, length);
        var hint = written.StartsWith("!!", StringComparison.Ordinal) || verbatim
            ? "; remove it (quote a value to make it text)"
            : "; to negate a condition write 'not', as in 'not late' (YAML reads a leading '!' as a tag)";
        _diagnostics.Add(
            RecoveryDiagnostics.TagNotAllowed,
            new SourceLocation(_path, new LinePositionSpan(_positions.At(at), _positions.At(at + length))),
            written,
            hint);
    }

    private ParsingEvent Next(IParser parser)
    {
        if (!parser.MoveNext())
        {
            throw new InvalidOperationException("The YAML stream ended unexpectedly.");
        }

        var current = parser.Current!;
        _lastMark = current.End;
        return current;
    }

    private SourceLocation Locate(Mark start, Mark end) => new(_path, _positions.FromMarks(start, end));

    // The first tab in the indentation of a line, from the line of 'from' on; null when no line is indented with a tab.
    private int? IndentingTab(Mark from)
    {
        for (var line = _positions.FromMark(from).Line; line < _positions.LineCount; line++)
        {
            for (var index = _positions.LineStart(line); index < _positions.LineEnd(line) && _text[index] is ' ' or '\t'; index++)
            {
                if (_text[index] == '\t')
                {
                    return index;
                }
            }
        }

        return null;
    }

    // YamlDotNet may prefix messages with "(Line: 1, Col: 4, Idx: 3) - (Line: 1, Col: 5, Idx: 4): ".
    private static string StripMarks(string message) => MarksPrefix().Replace(message, string.Empty);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarksPrefix();

    private sealed class Frame(YamlNode node, bool isFlow)
    {
        public YamlNode Node { get; } = node;

        public bool IsFlow { get; } = isFlow;

        public bool ExpectsValue { get; set; }

        public YamlScalarNode? PendingKey { get; set; }

        public Dictionary<string, YamlScalarNode>? Keys { get; set; }
    }
}
