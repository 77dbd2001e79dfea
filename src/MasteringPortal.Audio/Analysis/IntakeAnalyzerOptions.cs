namespace MasteringPortal.Audio.Analysis;

/// <summary>Settings of the intake pass; the defaults are what the portal stores.</summary>
/// <param name="WaveformSamplesPerPixel">Zoom levels of the waveform peaks, finest first, each a multiple of the first; empty for none.</param>
/// <param name="WaveformBits">8 or 16: 8 is plenty for a screen (at most a few hundred pixels tall) and halves the JSON.</param>
/// <param name="BlockFrames">Frames read per block: memory is a few of these per channel, whatever the file's length.</param>
public sealed record IntakeAnalyzerOptions(
    IReadOnlyList<int>? WaveformSamplesPerPixel = null,
    int WaveformBits = 8,
    int BlockFrames = 16384)
{
    public static readonly int[] DefaultZoomLevels = [256, 1024, 4096];

    public IReadOnlyList<int> ZoomLevels => WaveformSamplesPerPixel ?? DefaultZoomLevels;
}
