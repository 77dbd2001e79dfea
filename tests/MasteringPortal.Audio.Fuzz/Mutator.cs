using System.Buffers.Binary;

namespace MasteringPortal.Audio.Fuzz;

/// <summary>
/// A small structure-aware mutator for the in-process mode: bit flips, "interesting" bytes and 32-bit
/// values written over chunk-size fields (0, 1, 0x7FFFFFFF, 0xFFFFFFFF, ...), truncation, duplication
/// and deletion of ranges. Deterministic for a given seed, so a failure can be replayed.
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly uint[] InterestingU32 = [0, 1, 2, 7, 8, 16, 18, 22, 28, 40, 0x7F, 0x80, 0xFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];
    private static readonly byte[] InterestingU8 = [0, 1, 0x7F, 0x80, 0xFF, 0x20, (byte)'d', (byte)'s'];
    private readonly Random _rng = new(seed);

    public byte[] Mutate(byte[] input)
    {
        var data = new List<byte>(input);
        var rounds = 1 + _rng.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            if (data.Count == 0) { data.Add((byte)_rng.Next(256)); continue; }
            switch (_rng.Next(8))
            {
                case 0: // flip a bit
                {
                    var i = _rng.Next(data.Count);
                    data[i] ^= (byte)(1 << _rng.Next(8));
                    break;
                }
                case 1: // interesting byte
                    data[_rng.Next(data.Count)] = InterestingU8[_rng.Next(InterestingU8.Length)];
                    break;
                case 2: // interesting 32-bit value, little or big endian, preferably over a chunk size field
                case 3:
                {
                    if (data.Count < 4) break;
                    var at = SizeFieldOrRandom(data);
                    Span<byte> b = stackalloc byte[4];
                    var v = InterestingU32[_rng.Next(InterestingU32.Length)];
                    if (_rng.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(b, v); else BinaryPrimitives.WriteUInt32BigEndian(b, v);
                    for (var k = 0; k < 4; k++) data[at + k] = b[k];
                    break;
                }
                case 4: // truncate
                {
                    var cut = _rng.Next(data.Count);
                    data.RemoveRange(cut, data.Count - cut);
                    break;
                }
                case 5: // delete a range
                {
                    var start = _rng.Next(data.Count);
                    data.RemoveRange(start, Math.Min(data.Count - start, 1 + _rng.Next(16)));
                    break;
                }
                case 6: // duplicate a range (repeats chunks)
                {
                    var start = _rng.Next(data.Count);
                    var len = Math.Min(data.Count - start, 1 + _rng.Next(64));
                    data.InsertRange(_rng.Next(data.Count), data.GetRange(start, len));
                    break;
                }
                default: // random byte
                    data[_rng.Next(data.Count)] = (byte)_rng.Next(256);
                    break;
            }
        }
        return data.ToArray();
    }

    /// <summary>The offset 4 bytes after a printable four-character code (a chunk size), or anywhere.</summary>
    private int SizeFieldOrRandom(List<byte> data)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var i = _rng.Next(Math.Max(1, data.Count - 8));
            var printable = true;
            for (var k = 0; k < 4 && printable; k++) printable = data[i + k] is >= 0x20 and <= 0x7E;
            if (printable && i + 8 <= data.Count) return i + 4;
        }
        return _rng.Next(data.Count - 3);
    }
}
