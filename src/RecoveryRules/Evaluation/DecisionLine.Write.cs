using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Symbols;

namespace RecoveryRules.Evaluation;

/// <summary>Writing a decision line (docs/design.md §21, §28, §32): one pass over the fired rules with few branches, then the copies.</summary>
internal sealed partial class DecisionLine
{
    /// <summary>
    /// The most rules (and <c>otherwise</c>) a line is written for: a rule's order fits in the low 16 bits of a key, its rank
    /// (at most the number of rules) in the 15 above (<see cref="RuleHot"/>).
    /// </summary>
    private const int MaxRules = 0x7FFF;

    /// <summary>The low 16 bits of a key: the rule's order, reversed.</summary>
    private const int OrderMask = 0xFFFF;

    /// <summary>The thread's lists of the first pass and last timestamp (docs/design.md §43).</summary>
    [ThreadStatic]
    private static LineScratch? t_scratch;

    /// <summary>The room on the stack for a total and the currency's fragment (<see cref="PlaceTotal"/>), with their copies' blocks past them.</summary>
    private const int HeadBytes = 256;

    /// <summary>
    /// Writes the decision of the rules that fired in <paramref name="frame"/> as one line, ended by <c>\n</c>, into
    /// <paramref name="output"/>: the bytes of <see cref="DecisionCombiner.Combine"/>'s decision, without an explanation,
    /// written by <see cref="Decision.ToJson"/>. The total is computed before anything is written, as the combiner
    /// computes it: an <see cref="OverflowException"/> (a sum past a decimal's range) leaves nothing written. The case id,
    /// when there is one, is one <see cref="DecisionJson.IsPlainId(string)"/> accepts: <paramref name="caseId"/>, or, when
    /// <paramref name="idIsUtf8"/>, its bytes <paramref name="caseIdUtf8"/> as the case line gave them (docs/design.md §25).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(CaseFrame frame, string? caseId, ReadOnlySpan<byte> caseIdUtf8, bool idIsUtf8, DateTimeOffset now, IBufferWriter<byte> output)
    {
        var count = frame.FiredCount;
        var otherwise = count == 0 && _policy.Otherwise is not null;
        ReadOnlySpan<int> fired = otherwise ? _otherwiseOnly : frame.Fired.AsSpan(0, count);
        var rules = _rules;
        var amounts = frame.Amounts;
        var mode = _policy.CompensationMode;

        // The first passes (docs/design.md §32): per fired rule, the line's bound, the escalation's, the SLA's and the role's rule
        // as the largest of keys made once per rule (no branch), the lists of the rules that empower, have a note or have items
        // (each index written, the list's end moved by 0 or 1); in sum mode, a second pass adds the total in whole minor units (§28).
        var n = fired.Length;
        var scratch = t_scratch ??= new LineScratch();
        Span<int> lists = scratch.Lists(3 * n);
        var pass = default(Pass);
        Scan(fired, lists, ref pass);
        var empowering = pass.Empowering;
        var empowers = lists[..empowering];
        var noted = lists.Slice(n, pass.Notes);
        var itemed = lists.Slice(2 * n, pass.WithItems);
        var bound = pass.Bound + _fixedBytes + (idIsUtf8 ? caseIdUtf8.Length : caseId?.Length ?? 0);
        var union = pass.Union;
        var summing = mode == CompensationMode.Sum && !otherwise;

        // In a currency of two decimals, the items are written while their amounts are summed (docs/design.md §36), after room
        // for the total; else the total is summed first, here.
        var whileSumming = summing && _summedItems;
        var sum = default(Sum);
        if (summing && !whileSumming && _amountSlots.Length > 0)
        {
            AddMinorUnits(fired, amounts, ref sum);
        }

        var escalating = Order(pass.EscalationKey);
        var shortest = Order(pass.SlaKey);
        var role = Order(pass.RoleKey);
        var limitSlot = -1;
        if (_policy.EscalationMode == SelectionMode.First)
        {
            // The first escalating rule decides, with its own SLA.
            shortest = escalating >= 0 && rules[escalating].Within is not null ? escalating : -1;
        }

        if (_policy.EmpowermentMode == SelectionMode.First)
        {
            // The first empowering rule decides, alone.
            empowering = role >= 0 ? 1 : 0;
            union = role >= 0 ? rules[role].ActionMask : 0UL;
            limitSlot = role >= 0 ? rules[role].LimitSlot : -1;
        }
        else
        {
            limitSlot = LargestLimit(empowers, amounts);
        }

        // The compensation: every fired rule's items (sum), or one rule's (max, first, otherwise).
        var compensating = otherwise ? OtherwiseIndex : summing ? -1 : Compensating(fired, amounts, mode);
        ReadOnlySpan<int> compensation = compensating >= 0 ? new ReadOnlySpan<int>(in rules[compensating].Self)
            : summing ? itemed
            : [];
        var hasItems = summing ? itemed.Length > 0 : compensating >= 0 && rules[compensating].ItemCount > 0;
        var exact = false;
        var capped = false;
        var total = whileSumming ? 0m : Total(in sum, fired, amounts, compensating, hasItems, frame.Cap, out exact, out capped);
        var line = new LineSpan(output.GetSpan(bound + CopyBytes), _bytes);
        if (idIsUtf8)
        {
            line.Copy("{\"case\":\""u8);
            line.Copy(caseIdUtf8);
            line.Byte((byte)'"');
        }
        else if (caseId is not null)
        {
            line.Copy("{\"case\":\""u8);
            line.Ascii(caseId);
            line.Byte((byte)'"');
        }
        else
        {
            line.Copy("{\"case\":null"u8);
        }

        line.Copy(_policyPrefix);
        int open;
        var placed = false;
        if (whileSumming)
        {
            // The items while summing, after the total a capped line has (the cap: its text is known before the sum) or room for one
            // (docs/design.md §36); then the total as Total computes it (past a decimal's range, the OverflowException, with nothing
            // advanced): a capped line is done, any other has its total written and its items moved up to it.
            var totalAt = line.Position;
            var predicted = _policy.Cap is not null;
            if (predicted)
            {
                line.Number(frame.Cap);
                line.Copy(_capped);
            }
            else
            {
                line.Skip(_totalRoom);
            }

            var itemsAt = line.Position;
            WriteSummedItems(ref line, itemed, amounts, ref sum);
            total = Total(in sum, fired, amounts, compensating, hasItems, frame.Cap, out exact, out capped);
            placed = !(predicted && capped);
            open = placed ? PlaceTotal(ref line, totalAt, itemsAt, total, capped) : itemsAt;
        }
        else
        {
            line.Number(total);
            line.Copy(capped ? _capped : _uncapped);
            open = line.Position;
            WriteItems(ref line, compensation, amounts);
        }

        var texts = _texts;
        var idWidth = _idWidth;
        line.CloseList(open);
        line.Byte((byte)'}');

        if (escalating >= 0)
        {
            ref readonly var rule = ref rules[escalating];
            line.Copy(rule.EscalationTo);
            if (shortest >= 0)
            {
                line.Copy(rules[shortest].WithinText);
            }
            else
            {
                line.Copy(",\"within\":null"u8);
            }

            line.Copy(rule.EscalationRule);
        }
        else
        {
            line.Copy(",\"escalation\":null"u8);
        }

        if (role >= 0)
        {
            line.Copy(rules[role].RoleHead);
            if (limitSlot >= 0)
            {
                line.Number(amounts[limitSlot]);
            }
            else
            {
                line.Copy("null"u8);
            }

            if (empowering == 1)
            {
                line.Copy(rules[role].OwnActions);
                line.Copy(",\"rules\":"u8);
                open = line.Position;
                line.Copy(rules[role].QuotedId);
            }
            else
            {
                // Several rules empower: the actions in first-seen order, each once, and every rule.
                var empowered = empowers[..empowering];
                line.Copy(",\"actions\":"u8);
                open = line.Position;
                WriteActions(ref line, empowered, union);
                line.CloseList(open);
                line.Copy(",\"rules\":"u8);
                open = line.Position;
                WriteIds(ref line, empowered, idWidth);
            }

            line.CloseList(open);
            line.Byte((byte)'}');
        }
        else
        {
            line.Copy(",\"empowerment\":null"u8);
        }

        line.Copy(",\"notes\":"u8);
        open = line.Position;
        var noteWidth = _noteWidth;
        WriteNotes(ref line, noted, noteWidth);

        line.CloseList(open);
        line.Copy(",\"fired\":"u8);
        open = line.Position;
        if (!otherwise)
        {
            WriteIds(ref line, fired, idWidth);
        }

        line.CloseList(open);
        line.Copy(",\"evaluatedAt\":"u8);
        line.Copy(scratch.Timestamp(now));
        line.Copy("}\n"u8);
        output.Advance(line.Position);
        if (Probe is { } probe)
        {
            probe.Record(summing, exact, line.SlowNumbers);
            probe.RecordLists(empowering, noted.Length, itemed.Length, sum.Wide);
            probe.RecordItems(whileSumming, placed, idWidth > 0, noteWidth > 0);
            probe.RecordBlockIds(_idBlocks is not null);
        }
    }

    /// <summary>
    /// The first pass over the fired rules (docs/design.md §32), with no branch but the loop's: the bound, the three keys and the
    /// union of actions, and the lists of the rules that empower (from 0), have a note (from <c>fired.Length</c>) and have items
    /// (from twice that) in <paramref name="lists"/>: each rule's index is written at its list's end, which moves by 0 or 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void Scan(ReadOnlySpan<int> fired, Span<int> lists, ref Pass pass)
    {
        var hot = _hot;
        var n = fired.Length;

        // Each list's end is below the index of the rule being read (i < n), so the writes stay in their third of lists.
        ref var empowers = ref MemoryMarshal.GetReference(lists[..n]);
        ref var noted = ref MemoryMarshal.GetReference(lists.Slice(n, n));
        ref var itemed = ref MemoryMarshal.GetReference(lists.Slice(2 * n, n));
        var empowering = 0;
        var notes = 0;
        var withItems = 0;
        var bound = 0;
        var escalationKey = 0;
        var slaKey = 0;
        var roleKey = 0;
        var union = 0UL;
        foreach (var index in fired)
        {
            ref readonly var rule = ref hot[index];
            bound += rule.MaxBytes;
            escalationKey = Larger(escalationKey, rule.EscalationKey);
            slaKey = Larger(slaKey, rule.SlaKey);
            roleKey = Larger(roleKey, rule.RoleKey);
            union |= rule.ActionMask;
            Unsafe.Add(ref empowers, empowering) = index;
            empowering += rule.Empowers;
            Unsafe.Add(ref noted, notes) = index;
            notes += rule.HasNote;
            Unsafe.Add(ref itemed, withItems) = index;
            withItems += rule.HasItems;
        }

        pass.Bound = bound;
        pass.EscalationKey = escalationKey;
        pass.SlaKey = slaKey;
        pass.RoleKey = roleKey;
        pass.Union = union;
        pass.Empowering = empowering;
        pass.Notes = notes;
        pass.WithItems = withItems;
    }

    /// <summary>
    /// Every fired rule's amounts added as whole minor units (docs/design.md §28, §32): the low 64 bits, their carries and the
    /// high 32 bits apart, and any amount whose sign and scale are not the minor unit's noted. A rule's first two amounts are
    /// read whether it has them or not (slot 0 then, which a policy with amounts has) and masked off; any more in a loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void AddMinorUnits(ReadOnlySpan<int> fired, decimal[] amounts, ref Sum sum)
    {
        var hot = _hot;
        var minorFlags = _policy.MinorUnit << 16;
        var mismatch = 0;
        var added = 0;
        var low = 0UL;
        var carries = 0UL;
        var high = 0UL;
        foreach (var index in fired)
        {
            ref readonly var rule = ref hot[index];
            added += rule.AmountCount;
            DecimalText.Read(in amounts[rule.Slot0], out var flags, out var amountHigh, out var amountLow);
            mismatch |= (flags ^ minorFlags) & rule.Mask0;
            amountLow &= (ulong)(long)rule.Mask0;
            low += amountLow;
            carries += low < amountLow ? 1UL : 0UL;
            high += amountHigh & (uint)rule.Mask0;
            DecimalText.Read(in amounts[rule.Slot1], out flags, out amountHigh, out amountLow);
            mismatch |= (flags ^ minorFlags) & rule.Mask1;
            amountLow &= (ulong)(long)rule.Mask1;
            low += amountLow;
            carries += low < amountLow ? 1UL : 0UL;
            high += amountHigh & (uint)rule.Mask1;
            if (rule.AmountCount > 2)
            {
                sum.Wide = true;
                foreach (var slot in _amountSlots.AsSpan(rule.AmountStart + 2, rule.AmountCount - 2))
                {
                    DecimalText.Read(in amounts[slot], out flags, out amountHigh, out amountLow);
                    mismatch |= flags ^ minorFlags;
                    low += amountLow;
                    carries += low < amountLow ? 1UL : 0UL;
                    high += amountHigh;
                }
            }
        }

        sum.Mismatch = mismatch;
        sum.Added = added;
        sum.Low = low;
        sum.Carries = carries;
        sum.High = high;
    }

    /// <summary>
    /// Writes <paramref name="total"/> and the currency's fragment at <paramref name="totalAt"/>, and moves the items written from
    /// <paramref name="itemsAt"/> to the line's position right after them (docs/design.md §36): the two are written into a buffer
    /// on the stack first, so that the copies' blocks past their ends do not write over the items before they are moved. Returns
    /// where the items start.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int PlaceTotal(ref LineSpan line, int totalAt, int itemsAt, decimal total, bool capped)
    {
        Span<byte> buffer = stackalloc byte[HeadBytes];
        var head = new LineSpan(buffer, _bytes);
        head.Number(total);
        head.Copy(capped ? _capped : _uncapped);
        var itemsLength = line.Position - itemsAt;
        line.MoveTo(totalAt);
        line.Place(buffer[..head.Position], itemsAt, itemsLength);
        return totalAt + head.Position;
    }

    /// <summary>
    /// The total as <see cref="DecisionCombiner"/> computes it (docs/design.md §21, §28): in sum mode the minor units of
    /// <paramref name="sum"/> when they are exact, else the decimals added as the combiner adds them (past a decimal's range, the
    /// <see cref="OverflowException"/>); else the amounts of the rule whose items are kept. Rounded to the minor unit and capped
    /// when there are items, else the currency's zero.
    /// </summary>
    private decimal Total(
        in Sum sum, ReadOnlySpan<int> fired, decimal[] amounts, int compensating, bool hasItems, decimal cap, out bool exact, out bool capped)
    {
        decimal total;
        exact = false;
        capped = false;
        if (!hasItems)
        {
            // No items (so no amount to add): the currency's zero.
            return _noTotal;
        }

        if (compensating < 0)
        {
            // Sum mode (max and first mode with items have the rule whose items are kept).
            var high = sum.High + sum.Carries;
            if (sum.Mismatch == 0 && high <= uint.MaxValue)
            {
                // Every amount at the minor unit's scale and not negative, the sum within 96 bits: the integer sum at that scale
                // is what adding the decimals gives, bit for bit (MinorUnitSum), and Currencies.Round leaves it as it is.
                exact = sum.Added > 0;
                total = exact ? new decimal((int)(uint)sum.Low, (int)(uint)(sum.Low >> 32), (int)(uint)high, false, (byte)_policy.MinorUnit) : 0m;
            }
            else
            {
                // An amount of another scale or sign, or a sum past 96 bits: the decimals added as the combiner adds them
                // (past a decimal's range, the OverflowException, with nothing written).
                total = SumAmounts(fired, amounts);
            }
        }
        else
        {
            total = AddAmounts(_rules[compensating], amounts);
        }

        if (!exact)
        {
            total = Currencies.Round(total, _policy.MinorUnit);
        }

        if (_policy.Cap is not null && total > cap)
        {
            total = cap;
            capped = true;
        }

        return total;
    }

    /// <summary>
    /// The compensation's items: each rule's runs of constant bytes, each followed by its amount (docs/design.md §21, §32),
    /// written on a copy of the line that stays in registers, then handed back.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void WriteItems(ref LineSpan outer, scoped ReadOnlySpan<int> compensation, decimal[] amounts)
    {
        var line = outer;
        var texts = _texts;
        var runs = _runs;
        foreach (var index in compensation)
        {
            ref readonly var text = ref texts[index];
            for (var r = text.RunStart; r < text.RunEnd; r++)
            {
                ref readonly var run = ref runs[r];
                line.Copy(run.Bytes);

                if (run.Slot >= 0)
                {
                    line.Number(amounts[run.Slot]);
                }
            }
        }

        outer = line;
    }

    /// <summary>
    /// The ids of the rules in <paramref name="list"/> (consideration order), each after its comma: each as the same whole 16-byte
    /// blocks, the longest id's (<paramref name="width"/>; docs/design.md §36), or by its own length when <paramref name="width"/>
    /// is 0; ids of at most 15 bytes each as one block of <see cref="_idBlocks"/>, one load and one store. Out of <see cref="Write"/>, on a copy of the line that stays in registers (§43).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void WriteIds(ref LineSpan outer, scoped ReadOnlySpan<int> list, int width)
    {
        var line = outer;
        var texts = _texts;
        if (_idBlocks is { } blocks)
        {
            foreach (var index in list)
            {
                line.Block(blocks[index]);
            }
        }
        else if (width > 0)
        {
            foreach (var index in list)
            {
                line.Copy(texts[index].Id, width);
            }
        }
        else
        {
            foreach (var index in list)
            {
                line.Copy(texts[index].Id);
            }
        }

        outer = line;
    }

    /// <summary>
    /// The largest limit of the empowering rules in <paramref name="empowers"/>, the first of equal ones: its slot, or -1 when none
    /// has a limit. Each rule's limit slot is read from <see cref="_grants"/> (24 bytes a rule, docs/design.md §43), not from the
    /// rule's <see cref="RuleLine"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private int LargestLimit(scoped ReadOnlySpan<int> empowers, decimal[] amounts)
    {
        var grants = _grants;
        var limitSlot = -1;
        foreach (var index in empowers)
        {
            var slot = grants[index].LimitSlot;
            if (slot >= 0 && (limitSlot < 0 || Greater(in amounts[slot], in amounts[limitSlot])))
            {
                limitSlot = slot;
            }
        }

        return limitSlot;
    }

    /// <summary>
    /// The actions of several empowering rules (<paramref name="empowered"/>) in first-seen order, each once, up to every action of
    /// <paramref name="union"/> (the first pass's): each rule's actions read from <see cref="_grants"/> (docs/design.md §43).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void WriteActions(ref LineSpan outer, scoped ReadOnlySpan<int> empowered, ulong union)
    {
        var line = outer;
        var grants = _grants;
        var actionIds = _actionIds;
        var actions = _actions;
        var seen = 0UL;
        foreach (var index in empowered)
        {
            if (seen == union)
            {
                // Every action is written (the union of the first pass).
                break;
            }

            ref readonly var grant = ref grants[index];
            if ((grant.ActionMask & ~seen) == 0)
            {
                continue;
            }

            for (var a = 0; a < grant.ActionCount; a++)
            {
                var action = actionIds[grant.ActionStart + a];
                if ((seen & (1UL << action)) == 0)
                {
                    seen |= 1UL << action;
                    line.Copy(actions[action]);
                }
            }
        }

        outer = line;
    }

    /// <summary>The notes of the rules in <paramref name="list"/>, as <see cref="WriteIds"/> writes ids (docs/design.md §36, §43).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void WriteNotes(ref LineSpan outer, scoped ReadOnlySpan<int> list, int width)
    {
        var line = outer;
        var texts = _texts;
        if (width > 0)
        {
            foreach (var index in list)
            {
                line.Copy(texts[index].Note, width);
            }
        }
        else
        {
            foreach (var index in list)
            {
                line.Copy(texts[index].Note);
            }
        }

        outer = line;
    }

    /// <summary>What <see cref="Scan"/> finds.</summary>
    private struct Pass
    {
        public int Bound;
        public int EscalationKey;
        public int SlaKey;
        public int RoleKey;
        public ulong Union;
        public int Empowering;
        public int Notes;
        public int WithItems;
    }

    /// <summary>What <see cref="AddMinorUnits"/> adds.</summary>
    private struct Sum
    {
        public int Mismatch;
        /// <summary>More than 0 when any amount was added (the count of amounts, or of the rules with amounts, docs/design.md §36).</summary>
        public int Added;
        public ulong Low;
        public ulong Carries;
        public ulong High;

        /// <summary>Whether a rule had more than two amounts (tests: <see cref="Probe"/>).</summary>
        public bool Wide;
    }

    /// <summary>The rule whose items are kept in max and first mode (as <see cref="DecisionCombiner"/> picks it), or -1.</summary>
    private int Compensating(ReadOnlySpan<int> fired, decimal[] amounts, CompensationMode mode)
    {
        var compensating = -1;
        var bestSum = 0m;
        foreach (var index in fired)
        {
            ref readonly var rule = ref _rules[index];
            if (rule.ItemCount == 0)
            {
                continue;
            }

            if (mode == CompensationMode.First)
            {
                return index;
            }

            if (mode == CompensationMode.Max)
            {
                // As DecisionCombiner.MaxCompensating: the rule's amounts added as decimals (no amount adds 0).
                var sum = 0m;
                foreach (var slot in _amountSlots.AsSpan(rule.AmountStart, rule.AmountCount))
                {
                    sum += amounts[slot];
                }

                if (compensating < 0 || sum > bestSum)
                {
                    compensating = index;
                    bestSum = sum;
                }
            }
        }

        return compensating;
    }

    /// <summary>
    /// <c>a &gt; b</c> (docs/design.md §36): compared as their mantissas when both have the same scale and are not negative (two
    /// limits of a policy, as a rule computes them), else as decimals (a call under Native AOT).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Greater(in decimal a, in decimal b)
    {
        DecimalText.ReadInPlace(in a, out var flagsA, out var highA, out var lowA);
        DecimalText.ReadInPlace(in b, out var flagsB, out var highB, out var lowB);
        if (flagsA == flagsB && flagsA >= 0)
        {
            return highA != highB ? highA > highB : lowA > lowB;
        }

        return a > b;
    }

    /// <summary>The larger of two keys, with no branch (both are at least 0, so their difference does not overflow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Larger(int a, int b)
    {
        var difference = a - b;
        return a - (difference & (difference >> 31));
    }

    /// <summary>The rule a largest key names, or -1 when it is 0 (no rule had one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Order(int key) => key == 0 ? -1 : OrderMask - (key & OrderMask);

    /// <summary>
    /// A rule's key for one choice of the first pass: <paramref name="rank"/> (0: the rule takes no part; larger wins) above
    /// the rule's order reversed, so that of equal ranks the first rule wins, as the combiner's strict comparisons keep it.
    /// </summary>
    private static int Key(int rank, int order) => rank == 0 ? 0 : (rank << 16) | (OrderMask - order);

    /// <summary>
    /// What the first pass reads of each rule (docs/design.md §32): its keys for the escalation (the target's rank, or 1 for
    /// any escalating rule in first mode), the SLA (shorter ranks higher) and the role, its actions, its bound, and its amounts.
    /// </summary>
    private static RuleHot[] Hot(BoundPolicy policy, RuleLine[] rules, int[] amountSlots)
    {
        var escalationFirst = policy.EscalationMode == SelectionMode.First;
        var empowermentFirst = policy.EmpowermentMode == SelectionMode.First;
        var targets = Ranks(rules.Where(r => r.Escalates).Select(r => (long)r.TargetOrdinal));
        var slas = Ranks(rules.Where(r => r.Escalates && r.Within is not null).Select(r => -r.Within!.Value.Ticks));
        var roles = Ranks(rules.Where(r => r.Empowers).Select(r => (long)r.RoleOrdinal));
        var hot = new RuleHot[rules.Length];
        for (var order = 0; order < rules.Length; order++)
        {
            ref readonly var rule = ref rules[order];
            hot[order] = new RuleHot
            {
                EscalationKey = Key(!rule.Escalates ? 0 : escalationFirst ? 1 : targets[rule.TargetOrdinal], order),
                SlaKey = Key(!rule.Escalates || rule.Within is not { } within || escalationFirst ? 0 : slas[-within.Ticks], order),
                RoleKey = Key(!rule.Empowers ? 0 : empowermentFirst ? 1 : roles[rule.RoleOrdinal], order),
                ActionMask = rule.Empowers ? rule.ActionMask : 0UL,
                MaxBytes = rule.MaxBytes,
                AmountStart = rule.AmountStart,
                AmountCount = rule.AmountCount,
                Slot0 = rule.AmountCount > 0 ? amountSlots[rule.AmountStart] : 0,
                Slot1 = rule.AmountCount > 1 ? amountSlots[rule.AmountStart + 1] : 0,
                Mask0 = rule.AmountCount > 0 ? -1 : 0,
                Mask1 = rule.AmountCount > 1 ? -1 : 0,
                Empowers = rule.Empowers ? 1 : 0,
                HasNote = rule.Note.Length > 0 ? 1 : 0,
                HasItems = rule.ItemCount > 0 ? 1 : 0,
            };
        }

        return hot;
    }

    /// <summary>Each distinct value's rank, from 1 for the smallest.</summary>
    private static Dictionary<long, int> Ranks(IEnumerable<long> values) =>
        values.Distinct().Order().Select((value, rank) => (value, rank)).ToDictionary(pair => pair.value, pair => pair.rank + 1);

    /// <summary>
    /// What the first pass of <see cref="Write"/> reads of a rule, in 56 bytes (docs/design.md §32): its three keys (0 when it
    /// takes no part), the actions it empowers (0 when it does not), the bytes it adds at most, its amounts (the first two
    /// slots with a mask each: a slot of 0 masked off when the rule has no such amount) and three list flags as 0 or 1.
    /// </summary>
    private struct RuleHot
    {
        public ulong ActionMask;
        public int EscalationKey;
        public int SlaKey;
        public int RoleKey;
        public int MaxBytes;
        public int AmountStart;
        public int AmountCount;
        public int Slot0;
        public int Slot1;
        public int Mask0;
        public int Mask1;
        public int Empowers;
        public int HasNote;
        public int HasItems;
    }
}
