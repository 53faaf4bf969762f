namespace RecoveryRules.Text;

/// <summary>
/// Finds and rewrites UTF-16 surrogates that are not part of a pair: text a caller built in .NET can
/// hold them, and neither JSON nor UTF-8 can. One walk serves the case builder, the UTF-8 encoding of
/// a case and the messages of internal errors.
/// </summary>
internal static class LoneSurrogates
{
    /// <summary>The index of the first lone surrogate at or after <paramref name="start"/>, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<char> text, int start = 0)
    {
        // Most text holds no surrogate at all: a vectorized search finds the first, and the walk starts there.
        var first = text[start..].IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return -1;
        }

        for (var i = start + first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the text holds a surrogate that is not part of a pair (null holds none).</summary>
    public static bool Any(string? text) => text is not null && IndexOf(text) >= 0;

    /// <summary>The text with each lone surrogate replaced by what <paramref name="replacement"/> gives for it.</summary>
    public static string Replace(string text, Func<char, string> replacement)
    {
        var at = IndexOf(text);
        if (at < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 8);
        var start = 0;
        for (; at >= 0; at = IndexOf(text, start))
        {
            builder.Append(text, start, at - start).Append(replacement(text[at]));
            start = at + 1;
        }

        return builder.Append(text, start, text.Length - start).ToString();
    }
}
