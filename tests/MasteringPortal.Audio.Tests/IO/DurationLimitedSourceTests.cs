using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.IO;

public class DurationLimitedSourceTests
{
    sealed class Silence(int rate, long frames) : IAudioSource
    {
        long _left = frames;
        public AudioFormat Format { get; } = new(rate, 2, 24, SampleEncoding.Pcm, "flac");
        public long? LengthFrames => null;
        public int Read(Span<float> interleaved)
        {
            var n = (int)Math.Min(_left, interleaved.Length / 2);
            interleaved[..(n * 2)].Clear();
            _left -= n;
            return n;
        }
        public void Dispose() { }
    }

    static long ReadAll(IAudioSource source)
    {
        var buffer = new float[8192];
        long total = 0;
        int n;
        while ((n = source.Read(buffer)) > 0) total += n;
        return total;
    }

    [Fact]
    public void A_stream_longer_than_the_limit_is_refused_while_decoding_even_when_no_length_was_stated()
    {
        using var limited = new DurationLimitedSource(new Silence(1000, 61 * 60 * 1000), TimeSpan.FromMinutes(60));
        var refused = Assert.Throws<AudioFileException>(() => ReadAll(limited));
        Assert.Equal("This file goes on for more than 1 hour; this studio takes files of up to 1 hour. " +
                     "If it should be shorter, please export just the song; for a longer piece, ask the studio to raise the limit.",
            refused.Message);
    }

    [Fact]
    public void A_stream_exactly_at_the_limit_reads_to_its_end()
    {
        using var limited = new DurationLimitedSource(new Silence(48000, 48000L * 90), TimeSpan.FromSeconds(90));
        Assert.Equal(48000L * 90, ReadAll(limited));
    }

    [Fact]
    public void A_stated_length_over_the_limit_is_refused_before_decoding_and_says_how_long_the_file_is()
    {
        var refused = Assert.Throws<AudioFileException>(() =>
            DurationLimitedSource.CheckStatedLength(44100L * 3 * 3600, 44100, TimeSpan.FromMinutes(20)));
        Assert.StartsWith("This file is 3 hours long; this studio takes files of up to 20 minutes.", refused.Message);
        DurationLimitedSource.CheckStatedLength(44100L * 20 * 60, 44100, TimeSpan.FromMinutes(20));
        refused = Assert.Throws<AudioFileException>(() => DurationLimitedSource.CheckStatedLength(44100L * 61, 44100, TimeSpan.FromMinutes(1)));
        Assert.StartsWith("This file is 1 min 1 s long; this studio takes files of up to 1 minute.", refused.Message);
        DurationLimitedSource.CheckStatedLength(null, 44100, TimeSpan.FromMinutes(20));
    }
}
