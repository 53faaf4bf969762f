using RecoveryRules.Text;

namespace RecoveryRules.Symbols;

/// <summary>Where a fact's value lives in a case frame.</summary>
internal enum SlotKind
{
    Decimal,
    Ordinal,
    Boolean,
    Text,
}

/// <summary>
/// A fact a case provides: its name, type, default and the slot it is stored in. Immutable: the
/// binder declares each fact with its default, then, once every fact is known, places it
/// (<see cref="At"/>): its index and slot.
/// </summary>
internal sealed class FactSymbol
{
    public FactSymbol(string name, PolicyType type, bool isBuiltIn, SourceLocation location, int index = -1, int slot = -1)
    {
        Name = name;
        Type = type;
        IsBuiltIn = isBuiltIn;
        Location = location;
        Index = index;
        Slot = slot;
        SlotKind = type.Kind switch
        {
            TypeKind.Bool => SlotKind.Boolean,
            TypeKind.Member => SlotKind.Ordinal,
            TypeKind.Text => SlotKind.Text,
            _ => SlotKind.Decimal,
        };
    }

    public string Name { get; }
    public PolicyType Type { get; }
    public bool IsBuiltIn { get; }
    public SourceLocation Location { get; }
    public SlotKind SlotKind { get; }

    /// <summary>The index in the frame array of <see cref="SlotKind"/>.</summary>
    public int Slot { get; }

    /// <summary>The fact's position in the policy's list of facts.</summary>
    public int Index { get; }

    /// <summary>Whether a case may omit the fact.</summary>
    public bool HasDefault { get; init; }

    /// <summary>The default, already converted to the slot's representation (decimal, int ordinal, bool or string).</summary>
    public object? DefaultValue { get; init; }

    /// <summary>The default as the author wrote it (for the canonical form).</summary>
    public string? DefaultText { get; init; }

    /// <summary>This fact at its position in the policy: <paramref name="index"/> in its facts, <paramref name="slot"/> in its slot kind's array.</summary>
    public FactSymbol At(int index, int slot) =>
        new(Name, Type, IsBuiltIn, Location, index, slot) { HasDefault = HasDefault, DefaultValue = DefaultValue, DefaultText = DefaultText };

    public override string ToString() => Name;
}
