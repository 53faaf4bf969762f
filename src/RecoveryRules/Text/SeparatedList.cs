using System.Text;

namespace RecoveryRules.Text;

/// <summary>Writes items separated by ", ": the lists and arguments of the expression printers.</summary>
internal static class SeparatedList
{
    public static StringBuilder AppendSeparated<T>(this StringBuilder builder, IReadOnlyList<T> items, Action<StringBuilder, T> write)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            write(builder, items[i]);
        }

        return builder;
    }
}
