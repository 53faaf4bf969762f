using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;

namespace RecoveryRules.Evaluation;

/// <summary>
/// A decision written as its line of JSON straight from the frame the rules filled (docs/design.md §21), with no
/// <see cref="Decision"/> made: the bytes <see cref="Decision.ToJson"/> gives for the decision
/// <see cref="DecisionCombiner"/> would combine, and a newline. Made once per policy and shared by every thread
/// (nothing in it changes after it is made): every text of a decision that does not depend on the case is
/// encoded here once, as runs of UTF-8 bytes between the values a case computes (the member names, the rule ids,
/// the items whose amounts are constant, kinds, notes, roles, targets, SLAs, actions), so writing a decision is
/// copying those runs and formatting its amounts, its total and its limit.
/// </summary>
internal sealed partial class DecisionLine
{
    /// <summary>The widest decimal as text: 29 digits, a point and a sign, with room to spare.</summary>
    private const int NumberBytes = 32;

    /// <summary>
    /// A fragment is copied in whole blocks of this many bytes (docs/design.md §25): the last block reads past the fragment's
    /// end into the next fragment or the padding after the last one, and writes past the line's end into room the line
    /// asks for beyond its bound, which the next copy or number overwrites or the line never advances over.
    /// </summary>
    private const int BlockBytes = 32;

    /// <summary>
    /// The bytes every fragment copy writes at least (docs/design.md §28): two blocks, with no choice by length for a fragment
    /// that is not longer (a rule id, a note, most item runs); the fragments end with this many zero bytes and the line asks
    /// for this many past its bound.
    /// </summary>
    private const int CopyBytes = 2 * BlockBytes;

    private readonly BoundPolicy _policy;

    /// <summary>Every fragment, one after the other; a <see cref="Fragment"/> is a range of it.</summary>
    private readonly byte[] _bytes;

    /// <summary>What each rule writes, by consideration order; the <c>otherwise</c> decision last (at <see cref="OtherwiseIndex"/>).</summary>
    private readonly RuleLine[] _rules;

    /// <summary>
    /// What the lists of a line take of each rule, by the index of <see cref="_rules"/>: its item runs, its id, its note and
    /// whether it empowers, in 28 bytes (docs/design.md §28), so the passes that write the items, notes and ids touch no more.
    /// </summary>
    private readonly RuleText[] _texts;

    /// <summary>The items of every rule as runs of constant bytes, each followed by an amount from a slot (or none).</summary>
    private readonly ItemRun[] _runs;

    /// <summary>The amount slots of every rule's items, in item order (for the total).</summary>
    private readonly int[] _amountSlots;

    /// <summary>The empowerment actions of every rule as indices into <see cref="_actions"/>.</summary>
    private readonly int[] _actionIds;

    /// <summary>Each action of the policy as <c>,"name"</c>, by its index.</summary>
    private readonly Fragment[] _actions;

    /// <summary>What the first pass reads of each rule, by the index of <see cref="_rules"/> (docs/design.md §32).</summary>
    private readonly RuleHot[] _hot;

    private readonly int[] _otherwiseOnly;
    private readonly Fragment _policyPrefix;
    private readonly Fragment _uncapped;
    private readonly Fragment _capped;
    private readonly int _fixedBytes;
    private readonly decimal _noTotal;

    /// <summary>
    /// Whether a sum-mode line writes its items while it sums their amounts, in the room past that of the total
    /// (<see cref="WriteSummedItems"/>, docs/design.md §36): in a currency of two decimals, whose common amounts
    /// <see cref="DecimalText.FormatCents(int, uint, ulong, Span{byte})"/> writes (each then an exact amount in minor units).
    /// </summary>
    private readonly bool _summedItems;

    /// <summary>The room the total and the currency's fragment take before the items written while summing (<see cref="WriteSummedItems"/>).</summary>
    private readonly int _totalRoom;

    /// <summary>The bytes each rule id of the <c>fired</c> and <c>rules</c> lists is copied as (its longest, in 16-byte blocks), or 0: <see cref="LineSpan.Copy(Fragment)"/>.</summary>
    private readonly int _idWidth;

    /// <summary>
    /// Each rule's id (<c>,"r-1"</c>) as one 16-byte block with its length in the last byte, by the index of <see cref="_rules"/>, or null
    /// when an id is longer than 15 bytes so (docs/design.md §43): an id of the <c>fired</c> and <c>rules</c> lists is then one load and
    /// one store, from a table of 16 bytes a rule, with no load of its range before its bytes.
    /// </summary>
    private readonly Vector128<byte>[]? _idBlocks;

    /// <summary>
    /// What the limit and the actions of several empowering rules read of each rule, by the index of <see cref="_rules"/>, in 24
    /// bytes (docs/design.md §43): the limit's slot and the actions, where the rule's <see cref="RuleLine"/> is 144.
    /// </summary>
    private readonly Grant[] _grants;

    /// <summary>The bytes each note of the <c>notes</c> list is copied as (its longest, in 16-byte blocks), or 0: <see cref="LineSpan.Copy(Fragment)"/>.</summary>
    private readonly int _noteWidth;

    /// <summary>Makes the line of a policy's decisions.</summary>
    public DecisionLine(BoundPolicy policy, PolicyIdentity identity)
    {
        _policy = policy;
        var bytes = new ArrayBufferWriter<byte>(4096);
        Fragment Add(ReadOnlySpan<byte> utf8)
        {
            var start = bytes.WrittenCount;
            bytes.Write(utf8);
            return new Fragment(start, utf8.Length);
        }

        _policyPrefix = Add(DecisionJson.PolicyPrefix(identity));
        var currency = Encode(policy.Currency);
        _uncapped = Add([.. ",\"currency\":\""u8, .. currency, .. "\",\"capped\":false,\"items\":"u8]);
        _capped = Add([.. ",\"currency\":\""u8, .. currency, .. "\",\"capped\":true,\"items\":"u8]);
        _noTotal = Currencies.Round(0m, policy.MinorUnit);

        var actionNames = policy.Rules.SelectMany(r => r.Decision.Empowerment?.Actions ?? [])
            .Concat(policy.Otherwise?.Empowerment?.Actions ?? [])
            .Distinct(StringComparer.Ordinal).ToArray();
        // Read here, before Write is compiled: DecimalText is initialised then, and the JIT folds its LayoutKnown into Write's
        // code (docs/design.md §28). A runtime that lays a decimal out otherwise writes its decisions through the Decision.
        Supported = actionNames.Length <= 64 && DecimalText.LayoutKnown;
        var actionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        _actions = new Fragment[actionNames.Length];
        var allActions = 0;
        foreach (var name in actionNames)
        {
            _actions[actionIndex.Count] = Add([(byte)',', .. Quoted(name)]);
            allActions += _actions[actionIndex.Count].Length;
            actionIndex.Add(name, actionIndex.Count);
        }

        var runs = new List<ItemRun>();
        var amountSlots = new List<int>();
        var actionIds = new List<int>();
        var maxWithin = ",\"within\":null"u8.Length;
        _rules = new RuleLine[policy.Rules.Length + 1];
        for (var order = 0; order <= policy.Rules.Length; order++)
        {
            var (id, decision) = order < policy.Rules.Length
                ? (policy.Rules[order].Id, policy.Rules[order].Decision)
                : (PolicyBinder.Otherwise, policy.Otherwise ?? new BoundDecision([], null, null, null));
            var quotedId = Quoted(id);
            var rule = new RuleLine
            {
                QuotedId = Add([(byte)',', .. quotedId]),
                RunStart = runs.Count,
                AmountStart = amountSlots.Count,
                ItemCount = decision.Items.Length,
                Note = decision.Note is { } note ? Add([(byte)',', .. Quoted(note)]) : default,
                LimitSlot = -1,
                Self = order,
            };
            var constantCents = 0UL;

            // The items: constant bytes up to each amount a case computes; a constant amount is written here.
            var run = new List<byte>();
            var maxBytes = 0;
            foreach (var item in decision.Items)
            {
                run.AddRange(",{\"kind\":"u8);
                run.AddRange(Quoted(item.Kind));
                run.AddRange(",\"amount\":"u8);
                if (item.Amount is not null)
                {
                    amountSlots.Add(item.AmountSlot);
                }

                if (item.Amount is null)
                {
                    run.AddRange("null"u8);
                }
                else if (EvaluationChecks.TryConstantAmount(item.Amount, policy.MinorUnit, out var constant))
                {
                    // The program writes this very constant into the slot (PolicyProgram), as the combiner's shared item holds it.
                    var number = new byte[NumberBytes];
                    run.AddRange(number.AsSpan(0, DecimalText.Format(constant, number)));

                    // Its minor units for the items written while summing (docs/design.md §36), when it is exactly that many.
                    DecimalText.Read(in constant, out var flags, out var high, out var low);
                    rule.ConstantMismatch |= flags != policy.MinorUnit << 16 || high != 0 || low > int.MaxValue;
                    constantCents += low;
                }
                else
                {
                    runs.Add(new ItemRun(Add([.. run]), item.AmountSlot));
                    maxBytes += run.Count + NumberBytes;
                    run.Clear();
                }

                run.AddRange(",\"rule\":"u8);
                run.AddRange(quotedId);
                if (item.Note is not null)
                {
                    run.AddRange(",\"note\":"u8);
                    run.AddRange(Quoted(item.Note));
                }

                run.Add((byte)'}');
            }

            if (run.Count > 0)
            {
                runs.Add(new ItemRun(Add([.. run]), -1));
                maxBytes += run.Count;
            }

            rule.RunCount = runs.Count - rule.RunStart;
            rule.AmountCount = amountSlots.Count - rule.AmountStart;
            rule.ConstantMismatch |= constantCents > int.MaxValue;
            rule.ConstantCents = rule.ConstantMismatch ? 0 : (int)constantCents;

            if (decision.Escalation is { } escalation)
            {
                rule.Escalates = true;
                rule.TargetOrdinal = escalation.TargetOrdinal;
                rule.Within = escalation.Within;
                rule.EscalationTo = Add([.. ",\"escalation\":{\"to\":"u8, .. Quoted(escalation.Target)]);
                rule.WithinText = escalation.Within is { } within
                    ? Add([.. ",\"within\":"u8, .. Quoted(Durations.ToIso(Durations.FromTimeSpan(within)))])
                    : Add(",\"within\":null"u8);
                rule.EscalationRule = Add([.. ",\"rule\":"u8, .. quotedId, (byte)'}']);
                maxWithin = Math.Max(maxWithin, rule.WithinText.Length);
                maxBytes += rule.EscalationTo.Length + rule.EscalationRule.Length;
            }

            if (decision.Empowerment is { } empowerment)
            {
                rule.Empowers = true;
                rule.RoleOrdinal = empowerment.RoleOrdinal;
                rule.LimitSlot = empowerment.Limit is null ? -1 : empowerment.LimitSlot;
                rule.RoleHead = Add([.. ",\"empowerment\":{\"role\":"u8, .. Quoted(empowerment.Role), .. ",\"limit\":"u8]);
                var own = new List<byte>(",\"actions\":["u8.ToArray());
                for (var i = 0; i < empowerment.Actions.Length; i++)
                {
                    if (i > 0)
                    {
                        own.Add((byte)',');
                    }

                    own.AddRange(Quoted(empowerment.Actions[i]));
                }

                own.Add((byte)']');
                rule.OwnActions = Add([.. own]);
                rule.ActionStart = actionIds.Count;
                if (Supported)
                {
                    foreach (var action in empowerment.Actions)
                    {
                        var index = actionIndex[action];
                        actionIds.Add(index);
                        rule.ActionMask |= 1UL << index;
                    }
                }

                rule.ActionCount = actionIds.Count - rule.ActionStart;
                maxBytes += rule.RoleHead.Length + rule.OwnActions.Length;
            }

            // The id in "fired" and in "rules", the note in "notes".
            rule.MaxBytes = maxBytes + (2 * rule.QuotedId.Length) + rule.Note.Length;
            _rules[order] = rule;
        }

        _runs = [.. runs];
        _amountSlots = [.. amountSlots];
        _actionIds = [.. actionIds];
        _otherwiseOnly = [OtherwiseIndex];
        _texts = [.. _rules.Select(rule => new RuleText(rule.RunStart, rule.RunStart + rule.RunCount, rule.QuotedId, rule.Note, rule.Empowers)
        {
            Tally = Tally(rule),
        })];
        _idWidth = ListWidth(_rules.Select(rule => rule.QuotedId.Length));
        _idBlocks = IdBlocks(_rules, bytes.WrittenSpan);
        _grants = [.. _rules.Select(rule => new Grant(rule.ActionMask, rule.ActionStart, rule.ActionCount, rule.LimitSlot))];
        _noteWidth = ListWidth(_rules.Select(rule => rule.Note.Length));
        _summedItems = policy.CompensationMode == CompensationMode.Sum && policy.MinorUnit == 2 && _rules.All(rule =>
            Enumerable.Range(rule.RunStart, rule.RunCount).All(r => (_runs[r].Slot >= 0) == (r < rule.RunStart + rule.RunCount - 1)));

        _hot = Hot(policy, _rules, _amountSlots);
        Supported &= _rules.Length <= MaxRules;
        bytes.GetSpan(CopyBytes)[..CopyBytes].Clear();
        bytes.Advance(CopyBytes);
        _bytes = bytes.WrittenSpan.ToArray();

        // Everything but the rules' own parts: the case, the policy, the total, the currency, the nulls and brackets,
        // the shortest SLA's text, a limit and every action once (their union), the moment and the line's end.
        _fixedBytes = 512 + _policyPrefix.Length + NumberBytes + _capped.Length + maxWithin + NumberBytes + allActions;

        // The total (a number and the currency's fragment, each copied in whole blocks) before items written while summing: the
        // line's bound grows by it, as the items then start there whatever the total's length (docs/design.md §36).
        _totalRoom = NumberBytes + Math.Max(CopyBytes, (_capped.Length + (BlockBytes - 1)) & ~(BlockBytes - 1));
        _fixedBytes += _totalRoom;
        _summedItems &= _totalRoom + CopyBytes <= HeadBytes;
    }

    /// <summary>
    /// Each rule's id with its quotes and comma in one 16-byte block, its length in the last byte (docs/design.md §43), when every
    /// id is at most 15 bytes so; else null.
    /// </summary>
    private static Vector128<byte>[]? IdBlocks(RuleLine[] rules, ReadOnlySpan<byte> fragments)
    {
        if (rules.Any(rule => rule.QuotedId.Length >= Vector128<byte>.Count))
        {
            return null;
        }

        var blocks = new Vector128<byte>[rules.Length];
        Span<byte> block = stackalloc byte[Vector128<byte>.Count];
        for (var r = 0; r < rules.Length; r++)
        {
            var id = rules[r].QuotedId;
            block.Clear();
            fragments.Slice(id.Start, id.Length).CopyTo(block);
            block[^1] = (byte)id.Length;
            blocks[r] = Vector128.Create((ReadOnlySpan<byte>)block);
        }

        return blocks;
    }

    /// <summary>
    /// The bytes every fragment of a list is copied as (docs/design.md §36): the longest of <paramref name="lengths"/> rounded up
    /// to 16, or 0 (copy each by its length) when that is more than <see cref="CopyBytes"/>, the padding past the last fragment.
    /// </summary>
    private static int ListWidth(IEnumerable<int> lengths)
    {
        var width = (lengths.DefaultIfEmpty(0).Max() + 15) & ~15;
        return width is > 0 and <= CopyBytes ? width : 0;
    }

    /// <summary>
    /// Whether this policy's decisions can be written here (a policy with more than 64 empowerment actions goes through the
    /// <see cref="Decision"/>, as would every policy on a runtime whose decimal is not laid out as <see cref="DecimalText.Read"/> reads it).
    /// </summary>
    public bool Supported { get; }

    private int OtherwiseIndex => _rules.Length - 1;

    /// <summary>
    /// One rule's amounts added as <see cref="DecisionCombiner"/> adds a single rule's items: each added to the total in
    /// turn, the first (when it is not negative) being the total itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private decimal AddAmounts(in RuleLine rule, decimal[] amounts)
    {
        var total = 0m;
        for (var a = 0; a < rule.AmountCount; a++)
        {
            var value = amounts[_amountSlots[rule.AmountStart + a]];
            total = a == 0 && !decimal.IsNegative(value) ? value : total + value;
        }

        return total;
    }

    /// <summary>Every fired rule's amounts summed as <see cref="DecisionCombiner"/> sums them in sum mode (in minor units, or else as decimals).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private decimal SumAmounts(ReadOnlySpan<int> fired, decimal[] amounts)
    {
        var sum = new MinorUnitSum(_policy.MinorUnit);
        foreach (var index in fired)
        {
            ref readonly var rule = ref _rules[index];
            foreach (var slot in _amountSlots.AsSpan(rule.AmountStart, rule.AmountCount))
            {
                sum.Add(amounts[slot]);
            }
        }

        if (sum.TryTotal(out var total))
        {
            return total;
        }

        // An amount not at the currency's scale (or a sum past 96 bits): add the decimals, as the combiner does.
        total = 0m;
        var first = true;
        foreach (var index in fired)
        {
            ref readonly var rule = ref _rules[index];
            for (var a = 0; a < rule.AmountCount; a++)
            {
                var value = amounts[_amountSlots[rule.AmountStart + a]];
                total = first && !decimal.IsNegative(value) ? value : total + value;
                first = false;
            }
        }

        return total;
    }

    private static byte[] Encode(string text) => JsonEncodedText.Encode(text, DecisionJson.Options.Encoder).EncodedUtf8Bytes.ToArray();

    private static byte[] Quoted(string text) => [(byte)'"', .. Encode(text), (byte)'"'];

    /// <summary>
    /// Set by tests only, per thread: told, for every line the thread writes, whether the total was summed in minor units in
    /// the first pass and how many numbers took <see cref="DecimalText.Format"/> rather than the short path (the non-vacuity
    /// check of tests/RecoveryRules.Tests/Evaluation/DecisionLineFastPathTests.cs).
    /// </summary>
    internal static LinePaths? Probe
    {
        get => t_probe;
        set => t_probe = value;
    }

    [ThreadStatic]
    private static LinePaths? t_probe;

    /// <summary>A range of <see cref="_bytes"/>.</summary>
    private readonly record struct Fragment(int Start, int Length);

    /// <summary>A rule's actions (a mask, and a range of <see cref="_actionIds"/>) and its limit's slot (-1: none), as <see cref="_grants"/> holds them.</summary>
    private readonly record struct Grant(ulong ActionMask, int ActionStart, int ActionCount, int LimitSlot);

    /// <summary>Constant bytes of a rule's items, then the amount in <see cref="Slot"/> (-1: none).</summary>
    private readonly record struct ItemRun(Fragment Bytes, int Slot);

    /// <summary>What the item, note and id lists take of a rule: its item runs (<c>[RunStart, RunEnd)</c> of <see cref="_runs"/>), its id and its note.</summary>
    private readonly record struct RuleText(int RunStart, int RunEnd, Fragment Id, Fragment Note, bool Empowers)
    {
        /// <summary>What the rule adds to the total besides its computed amounts, in one word (<see cref="DecisionLine.Tally(in RuleLine)"/>).</summary>
        public ulong Tally { get; init; }
    }

    /// <summary>The bits of a <see cref="RuleText.Tally"/> that hold the rule's constant amounts in minor units (each rule's below 2^24).</summary>
    private const ulong TallyCents = (1UL << 40) - 1;

    /// <summary>The lowest bit of the count of rules with amounts in a sum of <see cref="RuleText.Tally"/> (16 bits from here).</summary>
    private const int TallyRulesShift = 40;

    /// <summary>The bit of a <see cref="RuleText.Tally"/> that marks a constant amount the minor units cannot hold (the total then is summed as decimals).</summary>
    private const ulong TallyMismatch = 1UL << 63;

    /// <summary>
    /// What a rule adds to the total of items written while summing besides its computed amounts (docs/design.md §36), so that one
    /// addition and one <c>or</c> per rule take it: its constant amounts in minor units (bits 0–39: below 2^24 a rule, so that the
    /// sum of 32 767 rules' fits), 1 in bit 40 when it has amounts at all (the count of such rules, bits 40–55, is more than 0 when
    /// any amount is added), and bit 63 when a constant is not a whole number of minor units at the currency's scale, not
    /// negative, below 2^24 (an <c>or</c> of the rules' tallies keeps it: the total is then summed as decimals).
    /// </summary>
    private static ulong Tally(in RuleLine rule) =>
        (rule.ConstantMismatch || rule.ConstantCents >= 1 << 24 ? TallyMismatch : (ulong)rule.ConstantCents)
        | (rule.AmountCount > 0 ? 1UL << TallyRulesShift : 0UL);

    /// <summary>What a rule (or <c>otherwise</c>) writes when it fires.</summary>
    private struct RuleLine
    {
        // What the first pass reads of every fired rule, first (docs/design.md §28): in the first 56 bytes.
        public int MaxBytes;
        public int ItemCount;
        public int AmountStart;
        public int AmountCount;
        public bool Escalates;
        public bool Empowers;
        public int TargetOrdinal;
        public int RoleOrdinal;
        public int LimitSlot;
        public ulong ActionMask;
        public TimeSpan? Within;

        // The rest: read for the rules that decide the escalation and the empowerment, and by the constructor.
        public Fragment QuotedId;
        public Fragment Note;
        public Fragment EscalationTo;
        public Fragment WithinText;
        public Fragment EscalationRule;
        public Fragment RoleHead;
        public Fragment OwnActions;
        public int RunStart;
        public int RunCount;
        public int ActionStart;
        public int ActionCount;
        public int Self;
        public int ConstantCents;
        public bool ConstantMismatch;
    }
}
