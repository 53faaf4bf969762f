using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RecoveryRules.Yaml.EditorConfig;

/// <summary>
/// A section name of an <c>.editorconfig</c> as a matcher of file paths, by the editorconfig specification
/// (https://spec.editorconfig.org, "Glob expressions"): <c>*</c> any characters but <c>/</c>, <c>**</c> any
/// characters, <c>?</c> one character but <c>/</c>, <c>[abc]</c>, <c>[a-z]</c> and <c>[!abc]</c> one character
/// of (or not of) a set, <c>{a,b}</c> one of the alternatives (nested too), <c>{1..10}</c> an integer in the
/// range, <c>\</c> escapes. A glob without a <c>/</c> matches a file name in the file's folder or any below
/// it; one with a <c>/</c> matches the path from the <c>.editorconfig</c>'s folder. Matching is case-sensitive.
/// A glob is compiled to a regular expression without backtracking, so no section name makes matching slow.
/// </summary>
internal sealed class EditorConfigGlob
{
    /// <summary>Longer section names match nothing: no real one is, and they only cost.</summary>
    public const int MaxLength = 4096;

    // Building a regular expression without backtracking costs milliseconds; the same few section names
    // come back on every load of every policy beside them, so the matchers are kept (at most this many).
    private const int CacheSize = 256;

    private static readonly ConcurrentDictionary<string, EditorConfigGlob> Cache = new(StringComparer.Ordinal);

    private readonly Regex? _regex;
    private readonly ImmutableArray<(long Low, long High)> _ranges;

    private EditorConfigGlob(Regex? regex, ImmutableArray<(long Low, long High)> ranges)
    {
        _regex = regex;
        _ranges = ranges;
    }

    /// <summary>Compiles a section name; never throws.</summary>
    /// <param name="glob">The text between the section's brackets.</param>
    /// <returns>The matcher (one that matches nothing when the name is too long).</returns>
    public static EditorConfigGlob Parse(string glob)
    {
        ArgumentNullException.ThrowIfNull(glob);
        if (Cache.TryGetValue(glob, out var cached))
        {
            return cached;
        }

        var parsed = Build(glob);
        if (Cache.Count >= CacheSize)
        {
            Cache.Clear();
        }

        Cache.TryAdd(glob, parsed);
        return parsed;
    }

    private static EditorConfigGlob Build(string glob)
    {
        if (glob.Length > MaxLength)
        {
            return new EditorConfigGlob(null, []);
        }

        var ranges = ImmutableArray.CreateBuilder<(long, long)>();
        var pattern = new StringBuilder("^");
        var hasSlash = HasSlash(glob);
        if (!hasSlash)
        {
            pattern.Append("(?:.*/)?");
        }

        var body = hasSlash && glob.StartsWith('/') ? glob[1..] : glob;
        new Translator(body, pattern, ranges).Translate(0, body.Length);
        pattern.Append('$');
        try
        {
            var regex = new Regex(pattern.ToString(), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.Singleline);
            return new EditorConfigGlob(regex, ranges.ToImmutable());
        }
        catch (ArgumentException)
        {
            return new EditorConfigGlob(null, []); // not expected: every character is escaped
        }
        catch (NotSupportedException)
        {
            return new EditorConfigGlob(null, []);
        }
    }

    /// <summary>Whether the glob matches a path relative to the <c>.editorconfig</c>'s folder, with <c>/</c> separators.</summary>
    /// <param name="relativePath">The path, such as <c>policies/retail.policy.yaml</c>.</param>
    /// <returns>Whether it matches.</returns>
    public bool IsMatch(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (_regex is null)
        {
            return false;
        }

        var match = _regex.Match(relativePath);
        if (!match.Success)
        {
            return false;
        }

        for (var i = 0; i < _ranges.Length; i++)
        {
            var group = match.Groups["n" + i.ToString(CultureInfo.InvariantCulture)];
            if (group.Success
                && !(long.TryParse(group.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    && number >= _ranges[i].Low && number <= _ranges[i].High))
            {
                return false;
            }
        }

        return true;
    }

    // A '/' outside a [...] set makes the glob a path from the .editorconfig's folder.
    private static bool HasSlash(string glob)
    {
        var inSet = false;
        for (var i = 0; i < glob.Length; i++)
        {
            switch (glob[i])
            {
                case '\\':
                    i++;
                    break;
                case '[' when !inSet:
                    inSet = glob.IndexOf(']', i + 1) > 0;
                    break;
                case ']':
                    inSet = false;
                    break;
                case '/' when !inSet:
                    return true;
            }
        }

        return false;
    }

    private sealed class Translator(string glob, StringBuilder pattern, ImmutableArray<(long, long)>.Builder ranges)
    {
        // Translates glob[from..to) into the pattern.
        public void Translate(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var c = glob[i];
                switch (c)
                {
                    case '\\' when i + 1 < to:
                        Literal(glob[++i]);
                        break;
                    case '*' when i + 1 < to && glob[i + 1] == '*':
                        pattern.Append(".*");
                        while (i + 1 < to && glob[i + 1] == '*')
                        {
                            i++;
                        }

                        break;
                    case '*':
                        pattern.Append("[^/]*");
                        break;
                    case '?':
                        pattern.Append("[^/]");
                        break;
                    case '[' when SetEnd(i, to) is var end and > 0:
                        Set(i + 1, end);
                        i = end;
                        break;
                    case '{' when BraceEnd(i, to) is var close and > 0:
                        i = Braces(i + 1, close) ? close : Literal(c, i);
                        break;
                    default:
                        Literal(c);
                        break;
                }
            }
        }

        private int Literal(char c, int i)
        {
            Literal(c);
            return i;
        }

        private void Literal(char c) => pattern.Append(Regex.Escape(c.ToString()));

        // The index of the ']' that closes the set opened at 'open', or -1.
        private int SetEnd(int open, int to)
        {
            var i = open + 1;
            if (i < to && glob[i] == '!')
            {
                i++;
            }

            if (i < to && glob[i] == ']')
            {
                i++; // a ']' first in the set is a member
            }

            for (; i < to; i++)
            {
                if (glob[i] == '\\')
                {
                    i++;
                }
                else if (glob[i] == '/')
                {
                    return -1; // a set never holds '/': the '[' is literal
                }
                else if (glob[i] == ']')
                {
                    return i;
                }
            }

            return -1;
        }

        private void Set(int from, int to)
        {
            pattern.Append('[');
            if (from < to && glob[from] == '!')
            {
                pattern.Append('^');
                from++;
            }

            for (var i = from; i < to; i++)
            {
                var c = glob[i];
                if (c == '\\' && i + 1 < to)
                {
                    c = glob[++i];
                }

                if (i + 2 < to && glob[i + 1] == '-' && glob[i + 2] != '\\' && glob[i + 2] >= c)
                {
                    SetMember(c);
                    pattern.Append('-');
                    SetMember(glob[i + 2]);
                    i += 2;
                }
                else
                {
                    SetMember(c);
                }
            }

            pattern.Append(']');
        }

        private void SetMember(char c) =>
            pattern.Append(c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString());

        // The index of the '}' that closes the braces opened at 'open', or -1.
        private int BraceEnd(int open, int to)
        {
            var depth = 0;
            for (var i = open; i < to; i++)
            {
                switch (glob[i])
                {
                    case '\\':
                        i++;
                        break;
                    case '{':
                        depth++;
                        break;
                    case '}':
                        if (--depth == 0)
                        {
                            return i;
                        }

                        break;
                }
            }

            return -1;
        }

        // {a,b,c} or {1..10} between from and to; false when it is neither (then the braces are literal).
        private bool Braces(int from, int to)
        {
            var inside = glob[from..to];
            if (NumericRange(inside) is var (low, high))
            {
                pattern.Append("(?<n").Append(ranges.Count.ToString(CultureInfo.InvariantCulture)).Append(">[-+]?[0-9]+)");
                ranges.Add((Math.Min(low, high), Math.Max(low, high)));
                return true;
            }

            var commas = TopLevelCommas(from, to);
            if (commas.Count == 0)
            {
                return false; // {single} is literal, as in the specification's tests
            }

            pattern.Append("(?:");
            var start = from;
            foreach (var comma in commas.Append(to))
            {
                Translate(start, comma);
                if (comma != to)
                {
                    pattern.Append('|');
                }

                start = comma + 1;
            }

            pattern.Append(')');
            return true;
        }

        private List<int> TopLevelCommas(int from, int to)
        {
            var commas = new List<int>();
            var depth = 0;
            for (var i = from; i < to; i++)
            {
                switch (glob[i])
                {
                    case '\\':
                        i++;
                        break;
                    case '{':
                        depth++;
                        break;
                    case '}':
                        depth--;
                        break;
                    case ',' when depth == 0:
                        commas.Add(i);
                        break;
                }
            }

            return commas;
        }

        private static (long, long)? NumericRange(string text)
        {
            var dots = text.IndexOf("..", StringComparison.Ordinal);
            return dots > 0
                && long.TryParse(text.AsSpan(0, dots), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var low)
                && long.TryParse(text.AsSpan(dots + 2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var high)
                    ? (low, high)
                    : null;
        }
    }
}
