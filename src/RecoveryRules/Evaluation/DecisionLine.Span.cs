using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RecoveryRules.Evaluation;

/// <summary>How a <see cref="DecisionLine"/> writes its bytes (docs/design.md §21, §25, §28): copies of fragments and numbers into a span.</summary>
internal sealed partial class DecisionLine
{
    /// <summary>What <see cref="Probe"/> counts of the lines written (tests only).</summary>
    internal sealed class LinePaths
    {
        private long _lines;
        private long _summed;
        private long _exact;
        private long _slowNumbers;
        private long _severalEmpowering;
        private long _severalNoted;
        private long _severalWithItems;
        private long _wideSums;
        private long _itemsWhileSumming;
        private long _placedTotals;
        private long _fixedIds;
        private long _fixedNotes;

        /// <summary>Lines written.</summary>
        public long Lines => Interlocked.Read(ref _lines);

        /// <summary>Lines whose total was a sum of every fired rule's items (sum mode).</summary>
        public long Summed => Interlocked.Read(ref _summed);

        /// <summary>Of those, the lines whose total was summed in minor units in the first pass.</summary>
        public long Exact => Interlocked.Read(ref _exact);

        /// <summary>Numbers written by <see cref="DecimalText.Format"/>.</summary>
        public long SlowNumbers => Interlocked.Read(ref _slowNumbers);

        /// <summary>Lines with more than one empowering rule (docs/design.md §32: the list of the first pass).</summary>
        public long SeveralEmpowering => Interlocked.Read(ref _severalEmpowering);

        /// <summary>Lines with more than one rule with a note.</summary>
        public long SeveralNoted => Interlocked.Read(ref _severalNoted);

        /// <summary>Lines with more than one rule with items (the list of the first pass).</summary>
        public long SeveralWithItems => Interlocked.Read(ref _severalWithItems);

        /// <summary>Lines whose minor-unit sum read a rule of more than two amounts (the loop past the two masked reads).</summary>
        public long WideSums => Interlocked.Read(ref _wideSums);

        /// <summary>Counts what the first pass's lists held for one line.</summary>
        public void RecordLists(int empowering, int noted, int withItems, bool wide)
        {
            Interlocked.Add(ref _severalEmpowering, empowering > 1 ? 1 : 0);
            Interlocked.Add(ref _severalNoted, noted > 1 ? 1 : 0);
            Interlocked.Add(ref _severalWithItems, withItems > 1 ? 1 : 0);
            Interlocked.Add(ref _wideSums, wide ? 1 : 0);
        }

        /// <summary>Lines whose items were written while their amounts were summed (docs/design.md §36).</summary>
        public long ItemsWhileSumming => Interlocked.Read(ref _itemsWhileSumming);

        /// <summary>Lines whose ids were copied as fixed 16-byte blocks (docs/design.md §36).</summary>
        public long FixedIds => Interlocked.Read(ref _fixedIds);

        /// <summary>Lines whose notes were copied as fixed 16-byte blocks (docs/design.md §36).</summary>
        public long FixedNotes => Interlocked.Read(ref _fixedNotes);

        private long _blockIds;

        /// <summary>Lines whose ids were stored as one 16-byte block each, with their lengths (docs/design.md §43).</summary>
        public long BlockIds => Interlocked.Read(ref _blockIds);

        /// <summary>Counts a line whose ids were stored as blocks.</summary>
        public void RecordBlockIds(bool blocks) => Interlocked.Add(ref _blockIds, blocks ? 1 : 0);

        /// <summary>Of the lines written while summing, those whose total was written after the items, which were moved (not capped, or no cap).</summary>
        public long PlacedTotals => Interlocked.Read(ref _placedTotals);

        /// <summary>Counts how a line's items, ids and notes were written.</summary>
        public void RecordItems(bool whileSumming, bool placed, bool fixedIds, bool fixedNotes)
        {
            Interlocked.Add(ref _itemsWhileSumming, whileSumming ? 1 : 0);
            Interlocked.Add(ref _placedTotals, placed ? 1 : 0);
            Interlocked.Add(ref _fixedIds, fixedIds ? 1 : 0);
            Interlocked.Add(ref _fixedNotes, fixedNotes ? 1 : 0);
        }

        /// <summary>Counts one line.</summary>
        public void Record(bool summed, bool exact, int slowNumbers)
        {
            Interlocked.Increment(ref _lines);
            Interlocked.Add(ref _summed, summed ? 1 : 0);
            Interlocked.Add(ref _exact, exact ? 1 : 0);
            Interlocked.Add(ref _slowNumbers, slowNumbers);
        }
    }

    /// <summary>A line being written into a span long enough for it (the bound computed first): copies and numbers.</summary>
    private ref struct LineSpan(Span<byte> span, byte[] fragments)
    {
        private readonly Span<byte> _span = span;
        private readonly ReadOnlySpan<byte> _fragments = fragments;
        private int _position;

        /// <summary>How many numbers were written by <see cref="DecimalText.Format"/> (not <see cref="DecimalText.FormatCents(in decimal, Span{byte})"/>).</summary>
        public int SlowNumbers;

        public readonly int Position => _position;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Copy(scoped ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_span[_position..]);
            _position += bytes.Length;
        }

        /// <summary>
        /// Copies a fragment in whole blocks (<see cref="BlockBytes"/>), at least <see cref="CopyBytes"/> of them: no call and,
        /// for the short runs a line is mostly made of, no choice by length (docs/design.md §25, §28). Both ranges are checked
        /// once, with the padding: the fragments end with <see cref="CopyBytes"/> zeros, and the line's span has as many bytes
        /// of room past its bound.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Copy(Fragment fragment)
        {
            var length = fragment.Length;
            var blocks = Math.Max(CopyBytes, (length + (BlockBytes - 1)) & ~(BlockBytes - 1));
            ref var source = ref MemoryMarshal.GetReference(_fragments.Slice(fragment.Start, blocks));
            ref var target = ref MemoryMarshal.GetReference(_span.Slice(_position, blocks));
            Block(ref source, ref target, 0);
            Block(ref source, ref target, BlockBytes);
            for (nuint at = CopyBytes; at < (nuint)length; at += BlockBytes)
            {
                Block(ref source, ref target, at);
            }

            _position += length;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Block(ref byte source, ref byte target, nuint at)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256.LoadUnsafe(ref source, at).StoreUnsafe(ref target, at);
            }
            else
            {
                Vector128.LoadUnsafe(ref source, at).StoreUnsafe(ref target, at);
                Vector128.LoadUnsafe(ref source, at + 16).StoreUnsafe(ref target, at + 16);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Byte(byte value) => _span[_position++] = value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Ascii(string text)
        {
            var target = _span.Slice(_position, text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                target[i] = (byte)text[i];
            }

            _position += text.Length;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Number(in decimal value)
        {
            // The common amount in one store (docs/design.md §28), any other number through the digit writer. The fields are read
            // in place: a line is written only where the layout is known (Supported; docs/design.md §36).
            DecimalText.ReadInPlace(in value, out var flags, out var high, out var low);
            var written = DecimalText.FormatCents(flags, high, low, _span[_position..]);
            if (written == 0)
            {
                written = DecimalText.Format(value, _span[_position..]);
                SlowNumbers++;
            }

            _position += written;
        }

        /// <summary>
        /// An amount <see cref="DecimalText.IsCents"/> accepts, as <paramref name="cents"/> hundredths: one 8-byte store
        /// (docs/design.md §28, §36).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Cents(uint cents)
        {
            var text = DecimalText.CentsText(cents, out var length);
            Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(_span.Slice(_position, sizeof(ulong))), text);
            _position += length;
        }

        /// <summary>Any other number, through the digit writer.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void SlowNumber(in decimal value)
        {
            _position += DecimalText.Format(value, _span[_position..]);
            SlowNumbers++;
        }

        /// <summary>
        /// Copies a fragment of at most <paramref name="width"/> bytes (a multiple of 16, at most <see cref="CopyBytes"/>) as
        /// <paramref name="width"/> bytes in 16-byte blocks (docs/design.md §36): every fragment of a list (the ids, the notes)
        /// takes the same number of blocks, the list's longest, so the loop's turns are the same for each and no more is stored
        /// than the list needs (a rule id of 11 bytes is one 16-byte store, not the two 32-byte blocks of <see cref="Copy(Fragment)"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Copy(Fragment fragment, int width)
        {
            ref var source = ref MemoryMarshal.GetReference(_fragments.Slice(fragment.Start, width));
            ref var target = ref MemoryMarshal.GetReference(_span.Slice(_position, width));
            for (nuint at = 0; at < (nuint)width; at += 16)
            {
                Vector128.LoadUnsafe(ref source, at).StoreUnsafe(ref target, at);
            }

            _position += fragment.Length;
        }

        /// <summary>
        /// Stores a block of <see cref="_idBlocks"/> (up to 15 bytes, its length in the last) as 16 bytes and goes past its length
        /// (docs/design.md §43): the bytes past it are past the line's position, which the next copy overwrites or the line never
        /// advances over, as with every copy in whole blocks.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block(Vector128<byte> block)
        {
            block.StoreUnsafe(ref MemoryMarshal.GetReference(_span.Slice(_position, Vector128<byte>.Count)));
            _position += block.GetElement(Vector128<byte>.Count - 1);
        }

        /// <summary>Leaves <paramref name="bytes"/> bytes to be written later (the room of the total, docs/design.md §36).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Skip(int bytes) => _position += bytes;

        /// <summary>Goes back to <paramref name="position"/>, which the line wrote up to or left room at.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void MoveTo(int position) => _position = position;

        /// <summary>
        /// Moves the <paramref name="length"/> bytes written from <paramref name="from"/> on to the line's position past
        /// <paramref name="head"/>'s length, then writes <paramref name="head"/> (exactly, nothing past it) at the position, and goes
        /// past both (docs/design.md §36).
        /// </summary>
        public void Place(scoped ReadOnlySpan<byte> head, int from, int length)
        {
            _span.Slice(from, length).CopyTo(_span[(_position + head.Length)..]);
            head.CopyTo(_span[_position..]);
            _position += head.Length + length;
        }

        /// <summary>
        /// Ends a list whose elements were written from <paramref name="open"/> on, each after a comma: the first comma
        /// becomes the opening bracket (<c>,"a","b"</c> → <c>["a","b"</c>), and the closing one follows.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void CloseList(int open)
        {
            if (_position == open)
            {
                _span[_position++] = (byte)'[';
            }
            else
            {
                _span[open] = (byte)'[';
            }

            _span[_position++] = (byte)']';
        }
    }

    /// <summary>
    /// A thread's scratch for the lines it writes (docs/design.md §43), taken with one thread-static read per line: the first
    /// pass's lists (<see cref="Scan"/> writes each element before any is read, so they are never cleared, where a
    /// <c>stackalloc</c> of them was zeroed at every line) and the text of the last moment written (a batch's block has one).
    /// </summary>
    private sealed class LineScratch
    {
        private int[] _lists = new int[3 * 256];
        private DateTimeOffset _at;
        private byte[]? _timestamp;

        /// <summary>The lists' room for <paramref name="length"/> elements, whatever they held.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Span<int> Lists(int length)
        {
            if (_lists.Length < length)
            {
                _lists = new int[Math.Max(length, 2 * _lists.Length)];
            }

            return _lists.AsSpan(0, length);
        }

        /// <summary><see cref="DecisionJson.Timestamp"/> of <paramref name="at"/>, kept while the moment is the same.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte[] Timestamp(DateTimeOffset at)
        {
            if (_timestamp is null || !_at.EqualsExact(at))
            {
                _timestamp = DecisionJson.Timestamp(at);
                _at = at;
            }

            return _timestamp;
        }
    }
}
