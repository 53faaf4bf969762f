using System.Collections.Immutable;

namespace RecoveryRules;

/// <summary>
/// Value equality for the arrays the decision records hold: a record compares an
/// <see cref="ImmutableArray{T}"/> by reference, so its Equals and GetHashCode are written out
/// with these (docs/embedding.md §5). Elements compare with their own equality (records by value,
/// strings ordinally, decimals numerically: 80.00 equals 80); a default array equals only a default array.
/// </summary>
internal static class DecisionEquality
{
    public static bool SequenceEqual<T>(ImmutableArray<T> left, ImmutableArray<T> right)
    {
        if (left.IsDefault || right.IsDefault)
        {
            return left.IsDefault && right.IsDefault;
        }

        if (left.Length != right.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < left.Length; i++)
        {
            if (!comparer.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Facts compare by name and text, ordinally.</summary>
    public static bool SequenceEqual(ImmutableArray<KeyValuePair<string, string>> left, ImmutableArray<KeyValuePair<string, string>> right)
    {
        if (left.IsDefault || right.IsDefault)
        {
            return left.IsDefault && right.IsDefault;
        }

        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!string.Equals(left[i].Key, right[i].Key, StringComparison.Ordinal)
                || !string.Equals(left[i].Value, right[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds the array's length and elements to <paramref name="hash"/>; equal sequences add the same.</summary>
    public static void AddSequence<T>(ref HashCode hash, ImmutableArray<T> array)
    {
        if (array.IsDefault)
        {
            hash.Add(-1);
            return;
        }

        hash.Add(array.Length);
        foreach (var item in array)
        {
            hash.Add(item);
        }
    }

    public static void AddSequence(ref HashCode hash, ImmutableArray<KeyValuePair<string, string>> array)
    {
        if (array.IsDefault)
        {
            hash.Add(-1);
            return;
        }

        hash.Add(array.Length);
        foreach (var (key, value) in array)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }
    }
}
