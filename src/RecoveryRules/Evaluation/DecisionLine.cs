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

    private readonly int[] _otherwiseOnly;
    private readonly Fragment _policyPrefix;
    private readonly Fragment _uncapped;
    private readonly Fragment _capped;
    private readonly int _fixedBytes;
    private readonly decimal _noTotal;

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
        _texts = [.. _rules.Select(rule => new RuleText(rule.RunStart, rule.RunStart + rule.RunCount, rule.QuotedId, rule.Note, rule.Empowers))];
        bytes.GetSpan(CopyBytes)[..CopyBytes].Clear();
        bytes.Advance(CopyBytes);
        _bytes = bytes.WrittenSpan.ToArray();

        // Everything but the rules' own parts: the case, the policy, the total, the currency, the nulls and brackets,
        // the shortest SLA's text, a limit and every action once (their union), the moment and the line's end.
        _fixedBytes = 512 + _policyPrefix.Length + NumberBytes + _capped.Length + maxWithin + NumberBytes + allActions;
    }

    /// <summary>
    /// Whether this policy's decisions can be written here (a policy with more than 64 empowerment actions goes through the
    /// <see cref="Decision"/>, as would every policy on a runtime whose decimal is not laid out as <see cref="DecimalText.Read"/> reads it).
    /// </summary>
    public bool Supported { get; }

    private int OtherwiseIndex => _rules.Length - 1;

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

        // Before writing: the bytes needed at most, the escalation, the empowerment and the compensation's rules.
        var bound = _fixedBytes + (idIsUtf8 ? caseIdUtf8.Length : caseId?.Length ?? 0);
        var escalating = -1;
        var shortest = -1;
        var empowering = 0;
        var role = -1;
        var limitSlot = -1;
        var compensating = -1;
        var bestSum = 0m;
        var union = 0UL;
        var escalationFirst = _policy.EscalationMode == SelectionMode.First;
        var empowermentFirst = _policy.EmpowermentMode == SelectionMode.First;
        var mode = _policy.CompensationMode;

        // Sum mode: every fired rule's amounts added as whole minor units in the same pass (docs/design.md §28): the low 64
        // bits, their carries and the high 32 bits apart, and any amount whose sign and scale are not the minor unit's noted.
        var summing = mode == CompensationMode.Sum && !otherwise;
        var minorFlags = _policy.MinorUnit << 16;
        var mismatch = 0;
        var added = 0;
        var low = 0UL;
        var carries = 0UL;
        var high = 0UL;
        var hasItems = false;
        var amountSlots = _amountSlots;
        for (var i = 0; i < fired.Length; i++)
        {
            var index = fired[i];
            ref readonly var rule = ref rules[index];
            bound += rule.MaxBytes;
            if (rule.Escalates && !(escalationFirst && escalating >= 0))
            {
                if (escalating < 0 || (!escalationFirst && rule.TargetOrdinal > rules[escalating].TargetOrdinal))
                {
                    escalating = index;
                }

                if (rule.Within is { } sla && (shortest < 0 || sla < rules[shortest].Within!.Value))
                {
                    shortest = index;
                }
            }

            if (rule.Empowers && !(empowermentFirst && role >= 0))
            {
                empowering++;
                union |= rule.ActionMask;
                if (role < 0 || (!empowermentFirst && rule.RoleOrdinal > rules[role].RoleOrdinal))
                {
                    role = index;
                }

                if (rule.LimitSlot >= 0 && (limitSlot < 0 || amounts[rule.LimitSlot] > amounts[limitSlot]))
                {
                    limitSlot = rule.LimitSlot;
                }
            }

            if (summing)
            {
                hasItems |= rule.ItemCount > 0;
                added += rule.AmountCount;
                foreach (var slot in amountSlots.AsSpan(rule.AmountStart, rule.AmountCount))
                {
                    DecimalText.Read(in amounts[slot], out var flags, out var amountHigh, out var amountLow);
                    mismatch |= flags ^ minorFlags;
                    low += amountLow;
                    carries += low < amountLow ? 1UL : 0UL;
                    high += amountHigh;
                }
            }
            else if (rule.ItemCount > 0 && !otherwise)
            {
                if (mode == CompensationMode.First && compensating < 0)
                {
                    compensating = index;
                }
                else if (mode == CompensationMode.Max)
                {
                    // As DecisionCombiner.MaxCompensating: the rule's amounts added as decimals (no amount adds 0).
                    var sum = 0m;
                    foreach (var slot in amountSlots.AsSpan(rule.AmountStart, rule.AmountCount))
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
        }

        if (otherwise)
        {
            compensating = OtherwiseIndex;
        }

        // The compensation: every fired rule's items (sum), or one rule's (max, first, otherwise).
        ReadOnlySpan<int> compensation = compensating >= 0 ? new ReadOnlySpan<int>(in rules[compensating].Self)
            : summing ? fired
            : [];
        decimal total;
        var exact = false;
        if (summing)
        {
            high += carries;
            if (mismatch == 0 && high <= uint.MaxValue)
            {
                // Every amount at the minor unit's scale and not negative, the sum within 96 bits: the integer sum at that scale
                // is what adding the decimals gives, bit for bit (MinorUnitSum), and Currencies.Round leaves it as it is.
                exact = added > 0;
                total = exact ? new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)high, false, (byte)_policy.MinorUnit) : 0m;
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
            total = compensating >= 0 ? AddAmounts(rules[compensating], amounts) : 0m;
            foreach (var index in compensation)
            {
                hasItems |= rules[index].ItemCount > 0;
            }
        }

        var capped = false;
        if (hasItems)
        {
            if (!exact)
            {
                total = Currencies.Round(total, _policy.MinorUnit);
            }

            if (_policy.Cap is not null && total > frame.Cap)
            {
                total = frame.Cap;
                capped = true;
            }
        }
        else
        {
            total = _noTotal;
        }

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
        line.Number(total);
        line.Copy(capped ? _capped : _uncapped);
        var open = line.Position;
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
                line.Copy(",\"actions\":"u8);
                open = line.Position;
                var seen = 0UL;
                foreach (var index in fired)
                {
                    if (seen == union)
                    {
                        // Every action is written (the union of the first pass).
                        break;
                    }

                    if (!texts[index].Empowers)
                    {
                        continue;
                    }

                    ref readonly var rule = ref rules[index];
                    if ((rule.ActionMask & ~seen) == 0)
                    {
                        continue;
                    }

                    for (var a = 0; a < rule.ActionCount; a++)
                    {
                        var action = _actionIds[rule.ActionStart + a];
                        if ((seen & (1UL << action)) == 0)
                        {
                            seen |= 1UL << action;
                            line.Copy(_actions[action]);
                        }
                    }
                }

                line.CloseList(open);
                line.Copy(",\"rules\":"u8);
                open = line.Position;
                foreach (var index in fired)
                {
                    ref readonly var text = ref texts[index];
                    if (text.Empowers)
                    {
                        line.Copy(text.Id);
                    }
                }
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
        foreach (var index in fired)
        {
            // A rule without a note copies its empty fragment: two blocks that the next copy overwrites, no branch to mispredict.
            line.Copy(texts[index].Note);
        }

        line.CloseList(open);
        line.Copy(",\"fired\":"u8);
        open = line.Position;
        if (!otherwise)
        {
            foreach (var index in fired)
            {
                line.Copy(texts[index].Id);
            }
        }

        line.CloseList(open);
        line.Copy(",\"evaluatedAt\":"u8);
        line.Copy(DecisionJson.Timestamp(now));
        line.Copy("}\n"u8);
        output.Advance(line.Position);
        if (Probe is { } probe)
        {
            probe.Record(summing, exact, line.SlowNumbers);
        }
    }

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

    /// <summary>Constant bytes of a rule's items, then the amount in <see cref="Slot"/> (-1: none).</summary>
    private readonly record struct ItemRun(Fragment Bytes, int Slot);

    /// <summary>What the item, note and id lists take of a rule: its item runs (<c>[RunStart, RunEnd)</c> of <see cref="_runs"/>), its id and its note.</summary>
    private readonly record struct RuleText(int RunStart, int RunEnd, Fragment Id, Fragment Note, bool Empowers);

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
    }
}
