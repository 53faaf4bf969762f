using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;
using Events = YamlDotNet.Core.Events;

namespace RecoveryRules.Yaml.Reading;

// YamlDotNet's Parser state machine (18.1.0, Core/Parser.cs), ported call for call over the same public Scanner, for the
// documents a policy is: no %YAML or %TAG directive, no scanner error token, nesting within the reader's limit
// (docs/design.md §30). Parser adds YamlDotNet's default tag directives at every document start, whose static
// constructor compiles a regex (Reflection.Emit and a full JIT, 15–18 ms of a fresh process's first load); this reader
// resolves the two default handles itself ('!' and '!!', the only ones a stream without %TAG has) and never touches
// them. It reads the whole stream before anything is used (a full pre-pass): any exception, from the scanner or from
// the grammar, and anything outside that subset returns null, and the caller parses with Parser as before, so every
// diagnostic of invalid YAML comes from Parser itself. The events it returns are Parser's, event for event (type,
// value, style, anchor, tag, implicit flags, start and end marks); the one difference, never read, is that a
// DocumentStart's Tags are empty where Parser lists the default directives. Each method keeps its Parser name.
// "No anchor" is default(AnchorName), never AnchorName's Empty field (the same value): its static constructor compiles a
// regex too, for anchor names, and reading any of its static fields runs it (so does compiling a method that reads one).
internal sealed class PolicyEventReader
{
    private const string SecondaryTagPrefix = "tag:yaml.org,2002:"; // the '!!' prefix of YamlDotNet's default tag directives

    private readonly Scanner _scanner;
    private readonly int _maxDepth;
    private readonly Stack<State> _states = new();
    private readonly List<Events.ParsingEvent> _events = new(64);
    private State _state;
    private Token? _currentToken;
    private int _depth;

    private PolicyEventReader(string text, int maxDepth)
    {
        _scanner = new Scanner(new StringReader(text));
        _maxDepth = maxDepth;
    }

    private enum State
    {
        StreamStart,
        StreamEnd,
        ImplicitDocumentStart,
        DocumentStart,
        DocumentContent,
        DocumentEnd,
        BlockNode,
        BlockNodeOrIndentlessSequence,
        FlowNode,
        BlockSequenceFirstEntry,
        BlockSequenceEntry,
        IndentlessSequenceEntry,
        BlockMappingFirstKey,
        BlockMappingKey,
        BlockMappingValue,
        FlowSequenceFirstEntry,
        FlowSequenceEntry,
        FlowSequenceEntryMappingKey,
        FlowSequenceEntryMappingValue,
        FlowSequenceEntryMappingEnd,
        FlowMappingFirstKey,
        FlowMappingKey,
        FlowMappingValue,
        FlowMappingEmptyValue,
    }

    /// <summary>
    /// Every event of <paramref name="text"/>, StreamStart to StreamEnd, as YamlDotNet's <see cref="Parser"/> gives them;
    /// null when the text is outside the subset this reader takes, is invalid YAML, or nests deeper than
    /// <paramref name="maxDepth"/> (the caller then parses it with <see cref="Parser"/>).
    /// </summary>
    public static List<Events.ParsingEvent>? TryRead(string text, int maxDepth)
    {
        var reader = new PolicyEventReader(text, maxDepth);
        try
        {
            while (reader._state != State.StreamEnd)
            {
                var next = reader.StateMachine();
                switch (next)
                {
                    case Events.SequenceStart or Events.MappingStart when ++reader._depth > maxDepth:
                        return null; // Parser reads lazily: the tree builder meets the limit and reports it.
                    case Events.SequenceEnd or Events.MappingEnd:
                        reader._depth--;
                        break;
                }

                reader._events.Add(next);
            }

            return reader._events;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>For the differential tests: this thread's loads parse with YamlDotNet's Parser only.</summary>
    [ThreadStatic]
    internal static bool ParserOnly;

    /// <summary>The parser the tree builder reads: these events replayed, or YamlDotNet's own over the text.</summary>
    public static IParser Open(string text, int maxDepth) =>
        !ParserOnly && TryRead(text, maxDepth) is { } events ? new ReplayedEvents(events) : new Parser(new StringReader(text));

    private Token? GetCurrentToken()
    {
        if (_currentToken == null && _scanner.MoveNextWithoutConsuming())
        {
            _currentToken = _scanner.Current;
            CheckInSubset(_currentToken);
        }

        return _currentToken;
    }

    // Where Parser looks one token ahead without GetCurrentToken (spec tests CXX2, T833, C2SP): the token it keeps.
    private Token? PeekAhead()
    {
        _currentToken = _scanner.Current;
        CheckInSubset(_currentToken);
        return _currentToken;
    }

    // Comments (the scanner skips them), directives (Parser's tag directives) and the scanner's error tokens (Parser
    // throws on most, in its own words, and accepts a few): left to Parser.
    private static void CheckInSubset(Token? token)
    {
        if (token is Comment or VersionDirective or TagDirective or Error)
        {
            throw new OutsideSubsetException();
        }
    }

    private Events.ParsingEvent StateMachine() => _state switch
    {
        State.StreamStart => ParseStreamStart(),
        State.ImplicitDocumentStart => ParseDocumentStart(true),
        State.DocumentStart => ParseDocumentStart(false),
        State.DocumentContent => ParseDocumentContent(),
        State.DocumentEnd => ParseDocumentEnd(),
        State.BlockNode => ParseNode(true, false),
        State.BlockNodeOrIndentlessSequence => ParseNode(true, true),
        State.FlowNode => ParseNode(false, false),
        State.BlockSequenceFirstEntry => ParseBlockSequenceEntry(true),
        State.BlockSequenceEntry => ParseBlockSequenceEntry(false),
        State.IndentlessSequenceEntry => ParseIndentlessSequenceEntry(),
        State.BlockMappingFirstKey => ParseBlockMappingKey(true),
        State.BlockMappingKey => ParseBlockMappingKey(false),
        State.BlockMappingValue => ParseBlockMappingValue(),
        State.FlowSequenceFirstEntry => ParseFlowSequenceEntry(true),
        State.FlowSequenceEntry => ParseFlowSequenceEntry(false),
        State.FlowSequenceEntryMappingKey => ParseFlowSequenceEntryMappingKey(),
        State.FlowSequenceEntryMappingValue => ParseFlowSequenceEntryMappingValue(),
        State.FlowSequenceEntryMappingEnd => ParseFlowSequenceEntryMappingEnd(),
        State.FlowMappingFirstKey => ParseFlowMappingKey(true),
        State.FlowMappingKey => ParseFlowMappingKey(false),
        State.FlowMappingValue => ParseFlowMappingValue(false),
        State.FlowMappingEmptyValue => ParseFlowMappingValue(true),
        _ => throw new OutsideSubsetException(),
    };

    private void Skip()
    {
        if (_currentToken != null)
        {
            _currentToken = null;
            _scanner.ConsumeCurrent();
        }
    }

    private Events.StreamStart ParseStreamStart()
    {
        if (GetCurrentToken() is not StreamStart streamStart)
        {
            throw new OutsideSubsetException();
        }

        Skip();
        _state = State.ImplicitDocumentStart;
        return new Events.StreamStart(streamStart.Start, streamStart.End);
    }

    private Events.ParsingEvent ParseDocumentStart(bool isImplicit)
    {
        var current = GetCurrentToken();
        if (!isImplicit)
        {
            while (current is DocumentEnd)
            {
                Skip();
                current = GetCurrentToken();
            }
        }

        if (current == null)
        {
            throw new OutsideSubsetException();
        }

        if (current is Scalar && _state is State.ImplicitDocumentStart or State.DocumentStart)
        {
            isImplicit = true;
        }

        if ((isImplicit && current is not (DocumentStart or StreamEnd or DocumentEnd)) || current is BlockMappingStart)
        {
            // Parser's ProcessDirectives: with no directive token (GetCurrentToken stops at one) it only adds the
            // default tag directives, resolved in ParseNode here.
            _states.Push(State.DocumentEnd);
            _state = State.BlockNode;
            return new Events.DocumentStart(null, new TagDirectiveCollection(), true, current.Start, current.End);
        }

        if (current is not (StreamEnd or DocumentEnd))
        {
            var start = current.Start;
            current = GetCurrentToken() ?? throw new OutsideSubsetException();
            if (current is not DocumentStart)
            {
                throw new OutsideSubsetException();
            }

            _states.Push(State.DocumentEnd);
            _state = State.DocumentContent;
            var end = current.End;
            Skip();
            return new Events.DocumentStart(null, new TagDirectiveCollection(), false, start, end);
        }

        if (current is DocumentEnd)
        {
            Skip();
        }

        _state = State.StreamEnd;
        current = GetCurrentToken() ?? throw new OutsideSubsetException();
        var streamEnd = new Events.StreamEnd(current.Start, current.End);
        if (_scanner.MoveNextWithoutConsuming())
        {
            throw new OutsideSubsetException(); // Parser: "The scanner should contain no more tokens."
        }

        return streamEnd;
    }

    private Events.ParsingEvent ParseDocumentContent()
    {
        if (GetCurrentToken() is DocumentStart or DocumentEnd or StreamEnd)
        {
            _state = _states.Pop();
            return ProcessEmptyScalar(_scanner.CurrentPosition);
        }

        return ParseNode(true, false);
    }

    private static Events.Scalar ProcessEmptyScalar(in Mark position) =>
        new(default(AnchorName), TagName.Empty, string.Empty, ScalarStyle.Plain, true, false, position, position);

    private Events.ParsingEvent ParseNode(bool isBlock, bool isIndentlessSequence, bool isKey = false)
    {
        var current = GetCurrentToken() ?? throw new OutsideSubsetException();
        if (current is AnchorAlias alias)
        {
            _state = _states.Pop();
            Events.ParsingEvent aliasEvent = new Events.AnchorAlias(alias.Value, alias.Start, alias.End);
            Skip();
            return aliasEvent;
        }

        var start = current.Start;
        var anchorName = default(AnchorName);
        var tagName = TagName.Empty;

        // The anchor and the tag can be in any order. This loop repeats at most twice.
        while (true)
        {
            if (anchorName.IsEmpty && current is Anchor anchor)
            {
                anchorName = anchor.Value;
                Skip();
            }
            else if (tagName.IsEmpty && current is Tag tag)
            {
                tagName = tag.Handle switch
                {
                    null or "" => new TagName(tag.Suffix),
                    "!" => new TagName(string.Concat("!", tag.Suffix)),
                    "!!" => new TagName(string.Concat(SecondaryTagPrefix, tag.Suffix)),
                    _ => throw new OutsideSubsetException(), // Parser: "found undefined tag handle"
                };
                Skip();
            }
            else if (current is Anchor or AnchorAlias)
            {
                throw new OutsideSubsetException();
            }
            else
            {
                break;
            }

            current = GetCurrentToken() ?? throw new OutsideSubsetException();
        }

        var isImplicit = tagName.IsEmpty;
        if (isIndentlessSequence && current is BlockEntry)
        {
            _state = State.IndentlessSequenceEntry;
            return new Events.SequenceStart(anchorName, tagName, isImplicit, Events.SequenceStyle.Block, start, current.End);
        }

        if (current is Scalar scalar)
        {
            var isPlainImplicit = false;
            var isQuotedImplicit = false;
            if ((scalar.Style == ScalarStyle.Plain && tagName.IsEmpty) || tagName.IsNonSpecific)
            {
                isPlainImplicit = true;
            }
            else if (tagName.IsEmpty)
            {
                isQuotedImplicit = true;
            }

            _state = _states.Pop();
            Skip();
            Events.ParsingEvent scalarEvent = new Events.Scalar(anchorName, tagName, scalar.Value, scalar.Style, isPlainImplicit, isQuotedImplicit, start, scalar.End, isKey);

            // Parser reads the next token here to report spec test CXX2 (a mapping with an anchor on the document start line).
            if (!anchorName.IsEmpty && _scanner.MoveNextWithoutConsuming())
            {
                PeekAhead();
            }

            // And here spec test T833.
            if (_state == State.FlowMappingKey && _scanner.Current is not FlowMappingEnd && _scanner.MoveNextWithoutConsuming())
            {
                if (PeekAhead() is { } next && next is not (FlowEntry or FlowMappingEnd))
                {
                    throw new OutsideSubsetException(); // Parser: "did not find expected ',' or '}'"
                }
            }

            return scalarEvent;
        }

        if (current is FlowSequenceStart flowSequenceStart)
        {
            _state = State.FlowSequenceFirstEntry;
            return new Events.SequenceStart(anchorName, tagName, isImplicit, Events.SequenceStyle.Flow, start, flowSequenceStart.End);
        }

        if (current is FlowMappingStart flowMappingStart)
        {
            _state = State.FlowMappingFirstKey;
            return new Events.MappingStart(anchorName, tagName, isImplicit, Events.MappingStyle.Flow, start, flowMappingStart.End);
        }

        if (isBlock)
        {
            if (current is BlockSequenceStart blockSequenceStart)
            {
                _state = State.BlockSequenceFirstEntry;
                return new Events.SequenceStart(anchorName, tagName, isImplicit, Events.SequenceStyle.Block, start, blockSequenceStart.End);
            }

            if (current is BlockMappingStart blockMappingStart)
            {
                _state = State.BlockMappingFirstKey;
                return new Events.MappingStart(anchorName, tagName, isImplicit, Events.MappingStyle.Block, start, blockMappingStart.End);
            }
        }

        if (!anchorName.IsEmpty || !tagName.IsEmpty)
        {
            _state = _states.Pop();
            return new Events.Scalar(anchorName, tagName, string.Empty, ScalarStyle.Plain, isImplicit, false, start, current.End);
        }

        throw new OutsideSubsetException(); // Parser: "did not find expected node content"
    }

    private Events.DocumentEnd ParseDocumentEnd()
    {
        var current = GetCurrentToken() ?? throw new OutsideSubsetException();
        var isImplicit = true;
        var start = current.Start;
        var end = start;
        if (current is DocumentEnd)
        {
            end = current.End;
            Skip();
            isImplicit = false;
        }
        else if (_currentToken is not (StreamEnd or DocumentStart or FlowSequenceEnd))
        {
            throw new OutsideSubsetException(); // Parser: "Did not find expected <document end>."
        }

        _state = State.DocumentStart;
        return new Events.DocumentEnd(isImplicit, start, end);
    }

    private Events.ParsingEvent ParseBlockSequenceEntry(bool isFirst)
    {
        if (isFirst)
        {
            GetCurrentToken();
            Skip();
        }

        var current = GetCurrentToken();
        if (current is BlockEntry blockEntry)
        {
            var mark = blockEntry.End;
            Skip();
            current = GetCurrentToken();
            if (current is not (BlockEntry or BlockEnd))
            {
                _states.Push(State.BlockSequenceEntry);
                return ParseNode(true, false);
            }

            _state = State.BlockSequenceEntry;
            return ProcessEmptyScalar(mark);
        }

        if (current is BlockEnd blockEnd)
        {
            _state = _states.Pop();
            Events.ParsingEvent sequenceEnd = new Events.SequenceEnd(blockEnd.Start, blockEnd.End);
            Skip();
            return sequenceEnd;
        }

        throw new OutsideSubsetException(); // Parser: "did not find expected '-' indicator"
    }

    private Events.ParsingEvent ParseIndentlessSequenceEntry()
    {
        var current = GetCurrentToken();
        if (current is BlockEntry blockEntry)
        {
            var mark = blockEntry.End;
            Skip();
            current = GetCurrentToken();
            if (current is not (BlockEntry or Key or Value or BlockEnd))
            {
                _states.Push(State.IndentlessSequenceEntry);
                return ParseNode(true, false);
            }

            _state = State.IndentlessSequenceEntry;
            return ProcessEmptyScalar(mark);
        }

        _state = _states.Pop();
        return new Events.SequenceEnd(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty);
    }

    private Events.ParsingEvent ParseBlockMappingKey(bool isFirst)
    {
        if (isFirst)
        {
            GetCurrentToken();
            Skip();
        }

        var current = GetCurrentToken();
        if (current is Key key)
        {
            var mark = key.End;
            Skip();
            current = GetCurrentToken();
            if (current is not (Key or Value or BlockEnd))
            {
                _states.Push(State.BlockMappingValue);
                return ParseNode(true, true, isKey: true);
            }

            _state = State.BlockMappingValue;
            return ProcessEmptyScalar(mark);
        }

        if (current is Value value)
        {
            Skip();
            return ProcessEmptyScalar(value.End);
        }

        if (current is AnchorAlias anchorAlias)
        {
            Skip();
            return new Events.AnchorAlias(anchorAlias.Value, anchorAlias.Start, anchorAlias.End);
        }

        if (current is BlockEnd blockEnd)
        {
            _state = _states.Pop();
            Events.ParsingEvent mappingEnd = new Events.MappingEnd(blockEnd.Start, blockEnd.End);
            Skip();
            return mappingEnd;
        }

        throw new OutsideSubsetException(); // Parser: "did not find expected key"
    }

    private Events.ParsingEvent ParseBlockMappingValue()
    {
        var current = GetCurrentToken();
        if (current is Value value)
        {
            var mark = value.End;
            Skip();
            current = GetCurrentToken();
            if (current is not (Key or Value or BlockEnd))
            {
                _states.Push(State.BlockMappingKey);
                return ParseNode(true, true);
            }

            _state = State.BlockMappingKey;
            return ProcessEmptyScalar(mark);
        }

        _state = State.BlockMappingKey;
        return ProcessEmptyScalar(current?.Start ?? Mark.Empty);
    }

    private Events.ParsingEvent ParseFlowSequenceEntry(bool isFirst)
    {
        if (isFirst)
        {
            GetCurrentToken();
            Skip();
        }

        var current = GetCurrentToken();
        if (current is not FlowSequenceEnd)
        {
            if (!isFirst)
            {
                if (current is not FlowEntry)
                {
                    throw new OutsideSubsetException(); // Parser: "did not find expected ',' or ']'"
                }

                Skip();
                current = GetCurrentToken();
            }

            if (current is Key)
            {
                _state = State.FlowSequenceEntryMappingKey;
                Events.ParsingEvent mappingStart = new Events.MappingStart(default(AnchorName), TagName.Empty, true, Events.MappingStyle.Flow);
                Skip();
                return mappingStart;
            }

            if (current is not FlowSequenceEnd)
            {
                _states.Push(State.FlowSequenceEntry);
                return ParseNode(false, false);
            }
        }

        _state = _states.Pop();
        Events.ParsingEvent sequenceEnd = new Events.SequenceEnd(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty);
        Skip();

        // Parser reads the next token here to report spec test C2SP (a flow mapping key on two lines).
        if (_scanner.MoveNextWithoutConsuming())
        {
            PeekAhead();
        }

        return sequenceEnd;
    }

    private Events.ParsingEvent ParseFlowSequenceEntryMappingKey()
    {
        var current = GetCurrentToken();
        if (current is not (Value or FlowEntry or FlowSequenceEnd))
        {
            _states.Push(State.FlowSequenceEntryMappingValue);
            return ParseNode(false, false);
        }

        var mark = current?.End ?? Mark.Empty;
        Skip();
        _state = State.FlowSequenceEntryMappingValue;
        return ProcessEmptyScalar(mark);
    }

    private Events.ParsingEvent ParseFlowSequenceEntryMappingValue()
    {
        var current = GetCurrentToken();
        if (current is Value)
        {
            Skip();
            current = GetCurrentToken();
            if (current is not (FlowEntry or FlowSequenceEnd))
            {
                _states.Push(State.FlowSequenceEntryMappingEnd);
                return ParseNode(false, false);
            }
        }

        _state = State.FlowSequenceEntryMappingEnd;
        return ProcessEmptyScalar(current?.Start ?? Mark.Empty);
    }

    private Events.MappingEnd ParseFlowSequenceEntryMappingEnd()
    {
        _state = State.FlowSequenceEntry;
        var current = GetCurrentToken();
        return new Events.MappingEnd(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty);
    }

    private Events.ParsingEvent ParseFlowMappingKey(bool isFirst)
    {
        if (isFirst)
        {
            GetCurrentToken();
            Skip();
        }

        var current = GetCurrentToken();
        if (current is not FlowMappingEnd)
        {
            if (!isFirst)
            {
                if (current is FlowEntry)
                {
                    Skip();
                    current = GetCurrentToken();
                }
                else if (current is not Scalar)
                {
                    throw new OutsideSubsetException(); // Parser: "did not find expected ',' or '}'"
                }
            }

            if (current is Key)
            {
                Skip();
                current = GetCurrentToken();
                if (current is not (Value or FlowEntry or FlowMappingEnd))
                {
                    _states.Push(State.FlowMappingValue);
                    return ParseNode(false, false, isKey: true);
                }

                _state = State.FlowMappingValue;
                return ProcessEmptyScalar(current?.Start ?? Mark.Empty);
            }

            if (current is Scalar)
            {
                _states.Push(State.FlowMappingValue);
                return ParseNode(false, false, isKey: true);
            }

            if (current is not FlowMappingEnd)
            {
                _states.Push(State.FlowMappingEmptyValue);
                return ParseNode(false, false, isKey: true);
            }
        }

        _state = _states.Pop();
        Skip();
        return new Events.MappingEnd(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty);
    }

    private Events.ParsingEvent ParseFlowMappingValue(bool isEmpty)
    {
        var current = GetCurrentToken();
        if (!isEmpty && current is Value)
        {
            Skip();
            current = GetCurrentToken();
            if (current is not (FlowEntry or FlowMappingEnd))
            {
                _states.Push(State.FlowMappingKey);
                return ParseNode(false, false);
            }
        }

        _state = State.FlowMappingKey;
        if (!isEmpty && current is Scalar scalar)
        {
            Skip();
            return new Events.Scalar(default(AnchorName), TagName.Empty, scalar.Value, scalar.Style, false, false, current.Start, scalar.End);
        }

        return ProcessEmptyScalar(current?.Start ?? Mark.Empty);
    }

    // Anything this reader leaves to Parser: caught in TryRead, never seen outside.
    private sealed class OutsideSubsetException : Exception;
}
