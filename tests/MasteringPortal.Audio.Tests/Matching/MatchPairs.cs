using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.Matching;

/// <summary>One mix and the reference it is matched to, each a different song at its own rate.</summary>
/// <param name="ToneLimitDb">The tone boost/cut limit the engineer opens the match to; null = the default.</param>
internal sealed record MatchPair(string Name, string Story, SongSpec Mix, int MixRateHz, SongSpec Reference, int ReferenceRateHz, double Seconds,
    double? ToneLimitDb = null)
{
    public string WriteMix(string folder) => Write(folder, $"{Name}-mix.wav", SongSynth.Render(Mix, MixRateHz, Seconds), MixRateHz);

    public string WriteReference(string folder) => Write(folder, $"{Name}-reference.wav", SongSynth.Render(Reference, ReferenceRateHz, Seconds), ReferenceRateHz);

    private static string Write(string folder, string name, float[] interleaved, int rateHz)
    {
        var path = Path.Combine(folder, name);
        using var writer = new WavWriter(path, PcmWriteFormat.Float32(rateHz, 2));
        writer.Write(interleaved);
        writer.Complete();
        return path;
    }
}

/// <summary>
/// The reference-matching test set: seven mix/reference pairs at 44.1, 48 and 96 kHz (mixed within a pair too),
/// each mix and reference a different song (tempo, key, balance of the parts, dynamics, width) with the kind of
/// tonal difference an engineer meets: dull against bright, a resonance and a boxy mid against a smooth master,
/// a thin low end against a sub-heavy one, a narrow mix against a wide one, a dynamic mix against a dense loud
/// master, holes against a flat reference, a mid-forward mix against a scooped master. One pair asks for a boost past the
/// default 12 dB and is matched with the limits opened, as an engineer would. Generated in code from fixed seeds (nothing big is committed); the
/// Matchering figures in bench/match/matchering-peer.json were measured on exactly these files.
/// </summary>
internal static class MatchPairs
{
    public const double Seconds = 16;

    public static readonly MatchPair[] All =
    [
        Pair("dull-beyond-the-limit", "a dull, boomy 44.1 kHz mix with a 16 kHz low-pass against a bright, loud modern master at 44.1 kHz: the air band needs about 20 dB, past the default 12 dB limit, so the engineer opens the limit to 18 dB",
            Song(11, 96, 55, bass: 2, pad: 2, lead: -1, hat: -3, sections: [-10, -4, 0],
                mid: [LowShelf(200, 4), HighShelf(4000, -6), LowPass(16000)], sideBands: [HighShelf(3000, -4)], lufs: -20),
            44100,
            Song(12, 124, 49, kick: 2, hat: 2, sections: [-8, -3, 0],
                mid: [LowShelf(60, 2), HighShelf(8000, 3), Bell(300, -2, 1)], sideBands: [LowShelf(150, -6)], lufs: -10, drive: 6),
            44100, toneLimitDb: 18),
        Pair("resonant-vs-smooth", "a 48 kHz mix with a 3.2 kHz resonance, a boxy 400 Hz and a thin bass against a smooth, sub-heavy 48 kHz master",
            Song(21, 110, 58, bass: -4, kick: -3, sections: [-9, -3, 0],
                mid: [Bell(3200, 6, 4), Bell(400, 5, 2), HighPass(90)], sideBands: [Bell(3200, 4, 4)], lufs: -18),
            48000,
            Song(22, 128, 44, bass: 3, kick: 3, sections: [-7, -2, 0],
                mid: [LowShelf(80, 5), HighShelf(10000, 2)], sideBands: [LowShelf(200, -8)], lufs: -9, drive: 8),
            48000),
        Pair("bright-96k-vs-warm-44k", "a harsh, bright 96 kHz mix without low end against a warm 44.1 kHz master",
            Song(31, 90, 62, bass: -5, hat: 4, lead: 2, sections: [-12, -5, 0],
                mid: [HighShelf(5000, 5), HighPass(70)], sideBands: [HighShelf(5000, 3)], lufs: -21),
            96000,
            Song(32, 100, 52, bass: 2, pad: 3, sections: [-8, -3, 0],
                mid: [LowShelf(150, 3), HighShelf(6000, -3)], sideBands: [], lufs: -12, drive: 3),
            44100),
        Pair("narrow-44k-vs-wide-96k", "a narrow, mid-scooped 44.1 kHz mix against a wide 96 kHz master with presence",
            Song(41, 118, 55, side: -8, sections: [-10, -4, 0],
                mid: [Bell(1200, -5, 1.2), LowShelf(120, 2)], sideBands: [HighShelf(2000, -5)], lufs: -19),
            44100,
            Song(42, 122, 46, side: 3, lead: 2, sections: [-8, -3, 0],
                mid: [Bell(2500, 3, 1), HighShelf(9000, 2)], sideBands: [HighShelf(4000, 3)], lufs: -11, drive: 5),
            96000),
        Pair("dynamic-48k-vs-dense-44k", "a dynamic, acoustic-sounding 48 kHz mix against a dense, driven 44.1 kHz master",
            Song(51, 84, 65, kick: -4, snare: 2, hat: -2, pad: 4, sections: [-16, -7, 0],
                mid: [LowShelf(100, -2), Bell(800, 2, 1)], sideBands: [], lufs: -23),
            48000,
            Song(52, 140, 49, kick: 3, bass: 2, hat: 1, sections: [-4, -2, 0],
                mid: [LowShelf(70, 3), Bell(3000, 2, 1.5), HighShelf(12000, 2)], sideBands: [LowShelf(120, -10)], lufs: -10, drive: 10),
            44100),
        Pair("holes-96k-vs-flat-48k", "a 96 kHz mix with holes at 120 Hz and 2.5 kHz and a 6 kHz whistle against a flat 48 kHz master",
            Song(61, 102, 55, sections: [-9, -3, 0],
                mid: [Bell(120, -8, 3), Bell(2500, -6, 3), Bell(6000, 4, 5)], sideBands: [Bell(2500, -4, 3)], lufs: -20),
            96000,
            Song(62, 112, 52, sections: [-8, -3, 0],
                mid: [Bell(200, 1, 0.7)], sideBands: [], lufs: -14, drive: 2),
            48000),
        Pair("forward-48k-vs-scooped-96k", "a mid-forward, honky 48 kHz mix against a scooped, loud 96 kHz rock master",
            Song(71, 132, 62, lead: 3, pad: 2, kick: -2, sections: [-8, -3, 0],
                mid: [Bell(700, 4, 1), Bell(1600, 3, 1.5), HighShelf(7000, -3)], sideBands: [Bell(700, 2, 1)], lufs: -17),
            48000,
            Song(72, 150, 58, kick: 2, hat: 3, bass: 1, side: 2, sections: [-6, -2, 0],
                mid: [Bell(500, -3, 0.8), LowShelf(90, 3), HighShelf(5000, 3)], sideBands: [HighShelf(3000, 2)], lufs: -10, drive: 7),
            96000),
    ];

    private static MatchPair Pair(string name, string story, SongSpec mix, int mixRate, SongSpec reference, int referenceRate, double? toneLimitDb = null) =>
        new(name, story, mix, mixRate, reference, referenceRate, Seconds, toneLimitDb);

    private static SongSpec Song(ulong seed, double bpm, double rootHz, double kick = 0, double snare = 0, double hat = 0, double bass = 0,
        double pad = 0, double lead = 0, double ambience = 0, double side = 0, double[]? sections = null,
        EqBand[]? mid = null, EqBand[]? sideBands = null, double lufs = -16, double drive = 0) =>
        new(seed, bpm, rootHz, kick, snare, hat, bass, pad, lead, ambience, sections ?? [-8, -3, 0], side,
            mid ?? [], sideBands ?? [], lufs, drive);

    private static EqBand Bell(double hz, double db, double q) => new() { Shape = EqBandShape.Bell, FrequencyHz = hz, GainDb = db, Q = q };
    private static EqBand LowShelf(double hz, double db) => new() { Shape = EqBandShape.LowShelf, FrequencyHz = hz, GainDb = db, Q = 0.7 };
    private static EqBand HighShelf(double hz, double db) => new() { Shape = EqBandShape.HighShelf, FrequencyHz = hz, GainDb = db, Q = 0.7 };
    private static EqBand HighPass(double hz) => new() { Shape = EqBandShape.HighPass, FrequencyHz = hz, SlopeDbPerOct = 12 };
    private static EqBand LowPass(double hz) => new() { Shape = EqBandShape.LowPass, FrequencyHz = hz, SlopeDbPerOct = 12 };
}
