using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace RecoveryRules;

internal sealed partial class CaseReader
{
    /// <summary>
    /// A name or a member the scanner expects at a place in a line, with its closing quote (docs/design.md §34): its first
    /// 16 bytes compared as two words under masks, where <see cref="MemoryExtensions.StartsWith{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
    /// called the framework's general comparison for a dozen bytes. A longer literal compares the rest with <c>StartsWith</c>,
    /// and so does every literal where fewer than 16 bytes of the line are left: the result is always <c>StartsWith</c>'s.
    /// A value held in its name (<see cref="ScanName"/>) and in a member array, so that comparing it loads no object of its own
    /// (docs/design.md §43).
    /// </summary>
    internal readonly struct Utf8Literal
    {
        private const int Words = 16;

        private readonly ulong _first;
        private readonly ulong _second;
        private readonly ulong _firstMask;
        private readonly ulong _secondMask;
        private readonly byte[]? _rest;

        public Utf8Literal(byte[] bytes)
        {
            Bytes = bytes;
            Length = bytes.Length;

            // The words and their masks are read from padded copies the way the line is read, so byte order does not matter.
            var padded = new byte[Words];
            var mask = new byte[Words];
            var head = Math.Min(bytes.Length, Words);
            bytes.AsSpan(0, head).CopyTo(padded);
            mask.AsSpan(0, head).Fill(0xFF);
            _first = BinaryPrimitives.ReadUInt64LittleEndian(padded);
            _second = BinaryPrimitives.ReadUInt64LittleEndian(padded.AsSpan(8));
            _firstMask = BinaryPrimitives.ReadUInt64LittleEndian(mask);
            _secondMask = BinaryPrimitives.ReadUInt64LittleEndian(mask.AsSpan(8));
            _rest = bytes.Length > Words ? bytes[Words..] : null;
        }

        /// <summary>The literal's bytes.</summary>
        public byte[] Bytes { get; }

        /// <summary>How many bytes the literal has (<see cref="Bytes"/>' length, without loading the array).</summary>
        public int Length { get; }

        /// <summary>Whether <paramref name="json"/> has the literal's bytes at <paramref name="at"/> (<c>json[at..].StartsWith(Bytes)</c>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool IsAt(ReadOnlySpan<byte> json, int at)
        {
            if ((uint)at > (uint)json.Length || json.Length - at < Words)
            {
                return (uint)at <= (uint)json.Length && json[at..].StartsWith(Bytes);
            }

            var words = json.Slice(at, Words);
            var differ = ((BinaryPrimitives.ReadUInt64LittleEndian(words) ^ _first) & _firstMask)
                | ((BinaryPrimitives.ReadUInt64LittleEndian(words[8..]) ^ _second) & _secondMask);
            return differ == 0 && (_rest is null || json[(at + Words)..].StartsWith(_rest));
        }
    }
}
