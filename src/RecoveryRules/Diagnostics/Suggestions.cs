namespace RecoveryRules.Diagnostics;

/// <summary>"Did you mean …": the closest known name by edit distance, when it is close enough.</summary>
internal static class Suggestions
{
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name, candidate);
            if (distance < bestDistance || (distance == bestDistance && best is not null && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var allowed = Math.Max(1, name.Length / 3);
        if (best is not null && string.Equals(best, name, StringComparison.OrdinalIgnoreCase) && best != name)
        {
            return best;
        }

        if (best is not null && bestDistance <= allowed && bestDistance > 0)
        {
            return best;
        }

        // Too far by edits, but one is the other with more letters: 'min' for 'minimum', 'highest' for 'high'.
        string? extended = null;
        foreach (var candidate in candidates)
        {
            if (candidate.Length >= 3 && name.Length >= 3 && candidate != name
                && (name.StartsWith(candidate, StringComparison.OrdinalIgnoreCase) || candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                && (extended is null || Math.Abs(candidate.Length - name.Length) < Math.Abs(extended.Length - name.Length)))
            {
                extended = candidate;
            }
        }

        return extended;
    }

    /// <summary>The suffix for a message: <c> (did you mean 'critical'?)</c>, or empty.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates)
    {
        var closest = Closest(name, candidates);
        return closest is null ? string.Empty : $" (did you mean '{closest}'?)";
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions), case-insensitive for substitutions; three rolling rows.</summary>
    public static int Distance(string a, string b)
    {
        var before = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, before[j - 2] + 1);
                }

                current[j] = value;
            }

            (before, previous, current) = (previous, current, before);
        }

        return previous[b.Length];
    }
}
