using System.Buffers.Binary;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.IO;

public class SampleQuantiserTests
{
    /// <summary>The rule, written the slow way: round half away from zero, clip to the code range, NaN to 0.</summary>
    private static short Reference(float sample)
    {
        var v = Math.Round(sample * 32768.0, MidpointRounding.AwayFromZero);
        if (double.IsNaN(v)) return 0;
        return (short)Math.Clamp(v, short.MinValue, short.MaxValue);
    }

    [Fact]
    public void Sixteen_bit_codes_follow_the_rounding_rule_for_every_kind_of_sample()
    {
        var random = new Random(7);
        var samples = new List<float>
        {
            0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f, -1f, 1.5f, -1.5f,
            32767.5f / 32768, -32768.5f / 32768, 0.5f / 32768, -0.5f / 32768, 1.5f / 32768, -1.5f / 32768,
            BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(0.5f / 32768) - 1), // just under a half code
            BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(0.5f / 32768) + 1), // just over
            float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
        };
        for (var k = -40000; k <= 40000; k += 7) samples.Add((k + 0.5f) / 32768); // every kind of tie, in and out of range
        for (var i = 0; i < 20000; i++) samples.Add((float)(2.4 * random.NextDouble() - 1.2));
        samples.Add(0.25f); // an odd count: the tail goes through the scalar loop
        var source = samples.ToArray();

        var bytes = new byte[source.Length * 2];
        SampleQuantiser.Encode(source, SampleLayout.Int16LittleEndian, bytes);

        for (var i = 0; i < source.Length; i++)
        {
            var written = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i));
            Assert.True(Reference(source[i]) == written, $"sample {i} ({source[i]:R}): wrote {written}, the rule gives {Reference(source[i])}");
        }
    }
}
