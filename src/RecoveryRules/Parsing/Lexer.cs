using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Parsing;

/// <summary>Turns expression text into tokens, each with its span; reports bad characters and literals.</summary>
internal sealed partial class Lexer
{
    private readonly string _text;
    private readonly SourceMap _map;
    private readonly DiagnosticBag _diagnostics;
    private int _position;

    private Lexer(string text, SourceMap map, DiagnosticBag diagnostics)
    {
        _text = text;
        _map = map;
        _diagnostics = diagnostics;
    }

    public static ImmutableArray<Token> Tokenize(string text, SourceMap map, DiagnosticBag diagnostics)
    {
        var lexer = new Lexer(text, map, diagnostics);
        var tokens = ImmutableArray.CreateBuilder<Token>();
        while (true)
        {
            var token = lexer.Next();
            if (token.Kind != TokenKind.Bad)
            {
                tokens.Add(token);
            }

            if (token.Kind == TokenKind.EndOfText)
            {
                return tokens.ToImmutable();
            }
        }
    }

    private char Current => _position < _text.Length ? _text[_position] : '\0';

    private char Peek(int ahead) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private Token Next()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }

        var start = _position;
        if (_position >= _text.Length)
        {
            return new Token(TokenKind.EndOfText, new TextSpan(_text.Length, 0), string.Empty);
        }

        var c = Current;
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return LexNumeric(start);
        }

        if (char.IsLetter(c) || c == '_')
        {
            return LexName(start);
        }

        if (MistakenOperator(start) is { } mistaken)
        {
            return mistaken;
        }

        switch (c)
        {
            case '\'':
                return LexString(start);
            case '+': return Single(TokenKind.Plus);
            case '-': return Single(TokenKind.Minus);
            case '*': return Single(TokenKind.Star);
            case '/': return Single(TokenKind.Slash);
            case '(': return Single(TokenKind.OpenParen);
            case ')': return Single(TokenKind.CloseParen);
            case '[': return Single(TokenKind.OpenBracket);
            case ']': return Single(TokenKind.CloseBracket);
            case ',': return Single(TokenKind.Comma);
            case '=' when Peek(1) == '=': return Double(TokenKind.EqualsEquals);
            case '!' when Peek(1) == '=': return Double(TokenKind.BangEquals);
            case '<' when Peek(1) == '=': return Double(TokenKind.LessEquals);
            case '>' when Peek(1) == '=': return Double(TokenKind.GreaterEquals);
            case '<': return Single(TokenKind.Less);
            case '>': return Single(TokenKind.Greater);
        }

        _position++;
        if (char.IsHighSurrogate(c) && _position < _text.Length && char.IsLowSurrogate(_text[_position]))
        {
            _position++; // a character beyond U+FFFF (an emoji) is one character: one diagnostic for both halves
        }

        var hint = c switch
        {
            '=' => " (write '==' to compare)",
            '!' => " (write 'not' instead of '!'; '!=' is valid)",
            '&' when Current == '&' => " (write 'and' instead of '&&')",
            '&' => " (write 'and' instead of '&')",
            '|' when Current == '|' => " (write 'or' instead of '||')",
            '|' => " (write 'or' instead of '|')",
            '"' => " (text is written in single quotes: 'text')",
            '%' => " (a percent is written after a number: 20%)",
            _ => string.Empty,
        };

        // Recover as the author meant ('=' as '==', '&&' as 'and', "text" as 'text'), so that one
        // mistaken character is one diagnostic, not a second one from the parser.
        var recovered = c switch
        {
            '=' => TokenKind.EqualsEquals,
            '!' => TokenKind.Not,
            '&' => TokenKind.And,
            '|' => TokenKind.Or,
            '"' when _text.IndexOf('"', _position) >= 0 => TokenKind.String,
            _ => TokenKind.Bad,
        };
        if (recovered is TokenKind.And or TokenKind.Or && Current == c)
        {
            _position++; // '&&', '||'
        }

        var value = string.Empty;
        if (recovered == TokenKind.String)
        {
            var close = _text.IndexOf('"', _position);
            value = _text[_position..close];
            _position = close + 1;
        }

        var reported = recovered == TokenKind.String ? new TextSpan(start, 1) : TextSpan.FromBounds(start, _position);
        // A lone surrogate cannot be printed: show it as its escape.
        var shown = recovered != TokenKind.Bad ? c.ToString()
            : char.IsSurrogate(c) && _position == start + 1 ? $"\\u{(int)c:X4}"
            : _text[start.._position];
        _diagnostics.Add(RecoveryDiagnostics.UnexpectedCharacter, _map.Locate(reported), shown, hint);
        return recovered == TokenKind.String
            ? new Token(TokenKind.String, TextSpan.FromBounds(start, _position), value)
            : new Token(recovered, TextSpan.FromBounds(start, _position), _text[start.._position]);
    }

    /// <summary>
    /// Reads a comparison spelled as in another language (<c>===</c>, <c>!==</c>, <c>=&lt;</c>, <c>=&gt;</c>,
    /// <c>&lt;&gt;</c>) as one token: reported once at the whole spelling with the operator to
    /// write (RR0100), and read as that operator so that the parser reports nothing more.
    /// </summary>
    private Token? MistakenOperator(int start)
    {
        var (length, meant, write) = (Current, Peek(1), Peek(2)) switch
        {
            ('=', '=', '=') => (3, TokenKind.EqualsEquals, "'==' to compare"),
            ('!', '=', '=') => (3, TokenKind.BangEquals, "'!=' instead of '!=='"),
            ('=', '<', _) => (2, TokenKind.LessEquals, "'<=' instead of '=<'"),
            ('=', '>', _) => (2, TokenKind.GreaterEquals, "'>=' instead of '=>'"),
            ('<', '>', _) => (2, TokenKind.BangEquals, "'!=' instead of '<>'"),
            _ => (0, TokenKind.Bad, string.Empty),
        };
        if (length == 0)
        {
            return null;
        }

        // The unexpected character: the third '=' of '===' and '!==', the '=' of '=<' and '=>', the '>' of '<>'.
        var character = length == 3 ? '=' : Current == '<' ? '>' : '=';
        _position += length;
        var span = TextSpan.FromBounds(start, _position);
        _diagnostics.Add(RecoveryDiagnostics.UnexpectedCharacter, _map.Locate(span), character, $" (write {write})");
        return new Token(meant, span, _text[start.._position]);
    }

    private Token Single(TokenKind kind)
    {
        var token = new Token(kind, new TextSpan(_position, 1), _text.Substring(_position, 1));
        _position++;
        return token;
    }

    private Token Double(TokenKind kind)
    {
        var token = new Token(kind, new TextSpan(_position, 2), _text.Substring(_position, 2));
        _position += 2;
        return token;
    }

    private Token LexString(int start)
    {
        _position++; // opening quote
        var builder = new System.Text.StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                _diagnostics.Add(RecoveryDiagnostics.UnterminatedString, _map.Locate(TextSpan.FromBounds(start, _text.Length)));
                return new Token(TokenKind.String, TextSpan.FromBounds(start, _text.Length), builder.ToString());
            }

            var c = _text[_position++];
            if (c == '\'')
            {
                if (Current == '\'')
                {
                    builder.Append('\'');
                    _position++;
                    continue;
                }

                return new Token(TokenKind.String, TextSpan.FromBounds(start, _position), builder.ToString());
            }

            builder.Append(c);
        }
    }

    private Token LexName(int start)
    {
        // Names are letters, digits, '_' and '-'; dots join the parts of dotted names (customer.tier, delay.hours).
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsLetterOrDigit(c) || c == '_' || c == '-')
            {
                _position++;
            }
            else if (c == '.' && (char.IsLetter(Peek(1)) || Peek(1) == '_'))
            {
                _position++;
            }
            else
            {
                break;
            }
        }

        // A trailing '-' belongs to an operator (a- b is "a" minus "b").
        while (_position - 1 > start && _text[_position - 1] == '-')
        {
            _position--;
        }

        var span = TextSpan.FromBounds(start, _position);
        var text = _text.Substring(start, span.Length);
        var kind = text switch
        {
            "and" => TokenKind.And,
            "or" => TokenKind.Or,
            "not" => TokenKind.Not,
            "in" => TokenKind.In,
            "of" => TokenKind.Of,
            "true" => TokenKind.True,
            "false" => TokenKind.False,
            _ => TokenKind.Name,
        };

        if (kind == TokenKind.Name && text.Length > 1 && text[0] == 'P' && IsoDuration().IsMatch(text))
        {
            var reading = ReadDuration(text, iso: true, out var seconds);
            if (reading != DurationReading.Invalid)
            {
                return Checked(new Token(TokenKind.Duration, span, text, seconds), reading == DurationReading.TooLarge, "a duration", MaxDurationText);
            }
        }

        return new Token(kind, span, text);
    }

    private Token LexNumeric(int start)
    {
        // Scan the longest run of digits, dots and unit letters: 12.5, 20%, 90s, 1h30m, 50 USD.
        while (char.IsAsciiDigit(Current) || Current == '.')
        {
            _position++;
        }

        var numberEnd = _position;
        var numberText = _text[start..numberEnd];
        var parsed = decimal.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number);

        // Digits with at most one dot that do not parse are too many digits: beyond decimal's range.
        var tooLarge = !parsed && numberText.Count(c => c == '.') <= 1 && numberText.Any(char.IsAsciiDigit) && numberText[^1] != '.';
        if (!parsed && !tooLarge)
        {
            _diagnostics.Add(RecoveryDiagnostics.InvalidLiteral, _map.Locate(TextSpan.FromBounds(start, numberEnd)), numberText, "number", string.Empty);
            return new Token(TokenKind.Number, TextSpan.FromBounds(start, numberEnd), numberText, 0) { HasErrors = true };
        }

        if (Current == '%')
        {
            _position++;
            return Checked(new Token(TokenKind.Percent, TextSpan.FromBounds(start, _position), _text[start.._position], number), tooLarge, "a percent", MaxNumberText + "%");
        }

        if (char.IsLetter(Current))
        {
            // A duration (1h30m) or a number glued to a name (an error).
            while (char.IsLetterOrDigit(Current) || Current == '.')
            {
                _position++;
            }

            var text = _text[start.._position];
            var span = TextSpan.FromBounds(start, _position);
            var reading = ReadDuration(text, iso: false, out var seconds);
            if (reading != DurationReading.Invalid)
            {
                return Checked(new Token(TokenKind.Duration, span, text, seconds), reading == DurationReading.TooLarge, "a duration", MaxDurationText);
            }

            var isMoney = IsCurrencyCode(text[numberText.Length..]);
            var hint = isMoney ? $" (write money with a space: '{numberText} {text[numberText.Length..]}')"
                : Exponent().IsMatch(text) ? $" (numbers are written in full, without an exponent: 1e3 is 1000; the largest is {MaxNumberText})"
                : " (durations are written like 90s, 30m, 2h, 1d, 1w or 1h30m)";
            _diagnostics.Add(RecoveryDiagnostics.InvalidLiteral, _map.Locate(span), text, isMoney ? "amount of money" : Exponent().IsMatch(text) ? "number" : "duration", hint);
            return new Token(TokenKind.Duration, span, text, 0) { HasErrors = true };
        }

        // Money: a number, one space, a three-letter upper-case currency code that ends there.
        if (Current == ' ' && _position + 4 <= _text.Length && IsCurrencyCode(_text.Substring(_position + 1, 3))
            && (_position + 4 == _text.Length || !(char.IsLetterOrDigit(_text[_position + 4]) || _text[_position + 4] is '_' or '-' or '.')))
        {
            var currency = _text.Substring(_position + 1, 3);
            _position += 4;
            return Checked(new Token(TokenKind.Money, TextSpan.FromBounds(start, _position), _text[start.._position], number, currency), tooLarge, "an amount of money", $"{MaxNumberText} {currency}");
        }

        return Checked(new Token(TokenKind.Number, TextSpan.FromBounds(start, numberEnd), numberText, number), tooLarge, "a number", MaxNumberText);
    }

    /// <summary>Reports a literal beyond its kind's largest value (RR0107); the token then binds to an error.</summary>
    private Token Checked(Token token, bool tooLarge, string kind, string largest)
    {
        if (!tooLarge)
        {
            return token;
        }

        _diagnostics.Add(RecoveryDiagnostics.LiteralTooLarge, _map.Locate(token.Span), token.Text, kind, largest);
        return token with { Number = 0, HasErrors = true };
    }

    /// <summary>The largest number, amount of money or percent a policy can write: decimal's largest value.</summary>
    public const string MaxNumberText = "79228162514264337593543950335";

    /// <summary>
    /// The largest duration a policy can write, in seconds: 10675199 days, the whole days of
    /// <see cref="TimeSpan.MaxValue"/>, so every duration of a policy (a literal, an SLA, a fact's
    /// default) is also a <see cref="TimeSpan"/>.
    /// </summary>
    public const decimal MaxDurationSeconds = 10675199m * 86400m;

    /// <summary><see cref="MaxDurationSeconds"/> as a policy writes it.</summary>
    public const string MaxDurationText = "10675199d";

    /// <summary>
    /// Reads a compact (<c>1h30m</c>) or, with <paramref name="iso"/>, an ISO 8601 duration, telling
    /// a malformed one from one larger than <see cref="MaxDurationSeconds"/>. Every caller in the
    /// compiler goes through here, so no duration text can throw.
    /// </summary>
    public static DurationReading ReadDuration(string text, bool? iso, out decimal seconds)
    {
        bool parsed;
        try
        {
            parsed = iso switch
            {
                true => Durations.TryParseIso(text, out seconds),
                false => Durations.TryParseCompact(text, out seconds),
                null => Durations.TryParse(text, out seconds),
            };
        }
        catch (OverflowException)
        {
            // Durations.cs may throw when the sum of its units overflows decimal; it is being
            // changed to return false instead, which the shape test below then tells apart.
            seconds = 0;
            return DurationReading.TooLarge;
        }

        if (parsed)
        {
            return seconds <= MaxDurationSeconds ? DurationReading.Valid : DurationReading.TooLarge;
        }

        // Well formed but not readable: more digits than decimal holds, or a sum beyond its range.
        var wellFormed = (iso != true && CompactDuration().IsMatch(text)) || (iso != false && IsoDuration().IsMatch(text) && text.Length > 2);
        seconds = 0;
        return wellFormed ? DurationReading.TooLarge : DurationReading.Invalid;
    }

    private static bool IsCurrencyCode(string text) => text.Length == 3 && text.All(char.IsAsciiLetterUpper);

    [GeneratedRegex(@"^P(?:\d+(?:\.\d+)?[WD])*(?:T(?:\d+(?:\.\d+)?[HMS])+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDuration();

    [GeneratedRegex(@"^(?=.)(?:(?:\d+(?:\.\d+)?|\.\d+)w)?(?:(?:\d+(?:\.\d+)?|\.\d+)d)?(?:(?:\d+(?:\.\d+)?|\.\d+)h)?(?:(?:\d+(?:\.\d+)?|\.\d+)m)?(?:(?:\d+(?:\.\d+)?|\.\d+)s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDuration();

    [GeneratedRegex(@"^(?:\d+(?:\.\d*)?|\.\d+)[eE]\d*$", RegexOptions.CultureInvariant)]
    private static partial Regex Exponent();
}

/// <summary>What <see cref="Lexer.ReadDuration"/> made of a duration's text.</summary>
internal enum DurationReading
{
    Valid,
    Invalid,
    TooLarge,
}
