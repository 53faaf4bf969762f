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

/// <summary>A fact a case provides: its name, type, default and the slot it is stored in.</summary>
internal sealed class FactSymbol
{
    public FactSymbol(string name, PolicyType type, bool isBuiltIn, SourceLocation location)
    {
        Name = name;
        Type = type;
        IsBuiltIn = isBuiltIn;
        Location = location;
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
    public int Slot { get; set; }

    /// <summary>The fact's position in the policy's list of facts.</summary>
    public int Index { get; set; }

    /// <summary>Whether a case may omit the fact.</summary>
    public bool HasDefault { get; set; }

    /// <summary>The default, already converted to the slot's representation (decimal, int ordinal, bool or string).</summary>
    public object? DefaultValue { get; set; }

    /// <summary>The default as the author wrote it (for the canonical form).</summary>
    public string? DefaultText { get; set; }

    public override string ToString() => Name;
}
