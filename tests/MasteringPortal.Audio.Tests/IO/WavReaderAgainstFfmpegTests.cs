using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.IO;

/// <summary>
/// Our WAV/AIFF readers against ffmpeg's decoders as an independent reference: for every PCM and float
/// variant ffmpeg can write, both must yield the very same float samples (integer codes / 2^(N-1)).
/// </summary>
public sealed class WavReaderAgainstFfmpegTests : IClassFixture<WavReaderAgainstFfmpegTests.Corpus>
{
    /// <summary>(codec, muxer, channels, rate, expected bit depth, expected container, extra ffmpeg options)</summary>
    private static readonly (string Codec, string Muxer, int Channels, int RateHz, int Bits, string Container, string[] Extra)[] Variants =
    [
        ("pcm_u8", "wav", 1, 44100, 8, "wav", []),
        ("pcm_s16le", "wav", 2, 44100, 16, "wav", []),
        ("pcm_s24le", "wav", 2, 48000, 24, "wav", []),         // ffmpeg writes WAVE_FORMAT_EXTENSIBLE for > 16 bits
        ("pcm_s32le", "wav", 2, 96000, 32, "wav", []),
        ("pcm_f32le", "wav", 2, 48000, 32, "wav", []),
        ("pcm_f64le", "wav", 1, 44100, 64, "wav", []),
        ("pcm_s16le", "wav", 6, 48000, 16, "wav", []),         // 5.1: extensible with a channel mask
        ("pcm_s24le", "wav", 2, 48000, 24, "rf64", ["-rf64", "always"]),
        ("pcm_s16be", "aiff", 2, 44100, 16, "aiff", []),
        ("pcm_s24be", "aiff", 2, 88200, 24, "aiff", []),
        ("pcm_s32be", "aiff", 1, 192000, 32, "aiff", []),
        ("pcm_s16le", "aiff", 2, 44100, 16, "aifc", []),       // AIFF-C 'sowt'
        ("pcm_f32be", "aiff", 2, 48000, 32, "aifc", []),       // AIFF-C 'fl32'
        ("pcm_f64be", "aiff", 1, 22050, 64, "aifc", []),       // AIFF-C 'fl64'
    ];

    public static TheoryData<int> VariantIndexes => new(Enumerable.Range(0, Variants.Length));

    /// <summary>All variants made by one ffmpeg run and decoded by one more.</summary>
    public sealed class Corpus : IDisposable
    {
        public TempFolder Temp { get; } = new();
        public string[] Files { get; } = new string[Variants.Length];
        public float[][]? Reference { get; }

        public Corpus()
        {
            if (Ffmpeg.Missing) return;
            var args = new List<string> { "-y", "-v", "error" };
            for (var i = 0; i < Variants.Length; i++)
            {
                var v = Variants[i];
                Files[i] = Temp.File($"{i}-{v.Codec}.{v.Muxer}");
                // A sweep plus a tone at up to -3 dBFS: every code range gets exercised.
                args.AddRange(["-f", "lavfi", "-i", $"aevalsrc=0.7*sin(2*PI*(220+3000*t)*t)|0.5*sin(2*PI*997*t):s={v.RateHz}:d=0.37"]);
            }
            for (var i = 0; i < Variants.Length; i++)
            {
                var v = Variants[i];
                args.AddRange(["-map", $"{i}:a", "-ac", v.Channels.ToString(), "-c:a", v.Codec]);
                args.AddRange(v.Extra);
                args.AddRange(["-f", v.Muxer, Files[i]]);
            }
            Ffmpeg.Run(args.ToArray());
            Reference = Ffmpeg.DecodeManyF32(Files);
        }

        public void Dispose() => Temp.Dispose();
    }

    private readonly Corpus _corpus;

    public WavReaderAgainstFfmpegTests(Corpus corpus) => _corpus = corpus;

    [SkippableTheory]
    [MemberData(nameof(VariantIndexes))]
    public void Reader_matches_ffmpeg_sample_for_sample(int index)
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var v = Variants[index];
        var file = _corpus.Files[index];
        var expected = _corpus.Reference![index];

        var info = AudioFile.Probe(file, Ffmpeg.Tools);
        Assert.Equal(v.RateHz, info.Format.SampleRateHz);
        Assert.Equal(v.Channels, info.Format.Channels);
        Assert.Equal(v.Bits, info.Format.BitDepth);
        Assert.Equal(v.Container, info.Format.Container);
        Assert.Equal(expected.Length / v.Channels, info.LengthFrames);
        Assert.Equal(expected, AudioReading.ReadAll(file));
        if (v.Channels == 6) Assert.Equal(0x3Fu, info.ChannelMask); // ffmpeg's "5.1": FL FR FC LFE BL BR
        if (v.Container == "rf64") Assert.Equal("RF64"u8.ToArray(), File.ReadAllBytes(file)[..4]);
    }
}
