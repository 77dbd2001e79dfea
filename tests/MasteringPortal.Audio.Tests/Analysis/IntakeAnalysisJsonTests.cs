using System.Text.Json;
using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class IntakeAnalysisJsonTests
{
    private const int Rate = 48000;

    [Fact]
    public void Json_carries_the_documented_fields_in_camel_case_with_status_words()
    {
        var sine = Signals.Sine(1000, 0.25, Rate, 4);
        var json = JsonDocument.Parse(PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(sine, sine, Rate)).ToJson()).RootElement;

        foreach (var name in new[] { "integratedLufs", "loudnessRangeLu", "truePeakDbtp", "samplePeakDbfs", "maxMomentaryLufs",
                     "maxShortTermLufs", "durationSeconds", "sampleRateHz", "channels", "bitDepth", "checks", "spectrum", "loudnessCurves" })
            Assert.True(json.TryGetProperty(name, out _), $"missing {name}");
        Assert.Equal(JsonValueKind.Number, json.GetProperty("integratedLufs").ValueKind);
        Assert.False(json.TryGetProperty("waveforms", out _)); // switched off in this analysis
        var check = json.GetProperty("checks")[0];
        Assert.Equal("headroom", check.GetProperty("id").GetString());
        Assert.Equal("pass", check.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(check.GetProperty("message").GetString()));
    }

    [Fact]
    public void Loudness_of_silence_is_json_null_never_a_number()
    {
        var json = JsonDocument.Parse(PeakAndHeadroomTests.Analyze(ArrayAudioSource.Mono(new float[Rate * 5], Rate)).ToJson()).RootElement;
        foreach (var name in new[] { "integratedLufs", "loudnessRangeLu", "maxMomentaryLufs", "maxShortTermLufs", "truePeakDbtp", "samplePeakDbfs" })
            Assert.Equal(JsonValueKind.Null, json.GetProperty(name).ValueKind);
        Assert.All(json.GetProperty("loudnessCurves").GetProperty("momentaryLufs").EnumerateArray(),
            v => Assert.Equal(JsonValueKind.Null, v.ValueKind));
    }

    [Fact]
    public void Analysis_survives_a_round_trip_through_json()
    {
        var noise = Signals.WhiteNoise(0.1, Rate * 4);
        var original = IntakeAnalyzer.Analyze(ArrayAudioSource.Stereo(noise, noise, Rate));
        var copy = IntakeAnalysis.FromJson(original.ToJson())!;
        Assert.Equal(original.IntegratedLufs, copy.IntegratedLufs);
        Assert.Equal(original.Checks, copy.Checks);
        Assert.Equal(original.Spectrum.MidDb, copy.Spectrum.MidDb);
        Assert.Equal(original.Waveforms![0].Data, copy.Waveforms![0].Data);
        Assert.Equal(original.ToJson(), copy.ToJson());
    }
    /// <summary>The CLI's fast writer and the portal's stored JSON are one schema: same text, waveforms, nulls and status words included.</summary>
    [Fact]
    public void Fast_path_writer_writes_exactly_what_ToJson_writes()
    {
        var silenceThenNoise = Signals.Concat(Signals.Silence(Rate, 1), Signals.WhiteNoise(0.1, Rate * 4));
        foreach (var analysis in new[]
                 {
                     IntakeAnalyzer.Analyze(ArrayAudioSource.Stereo(silenceThenNoise, silenceThenNoise, Rate)),
                     PeakAndHeadroomTests.Analyze(ArrayAudioSource.Mono(new float[Rate * 5], Rate)),
                 })
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer)) analysis.WriteJson(writer);
            Assert.Equal(analysis.ToJson(), System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }
}
