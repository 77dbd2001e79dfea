namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Long-term average spectrum of a whole file in 1/3-octave bands (see <see cref="LongTermSpectrumAnalyzer"/>
/// for the method). Levels are mean-square power in dB relative to full scale (a square wave at ±1.0 is
/// 0 dB, so a full-scale sine reads -3.01 dB); null when the band holds no energy or lies above Nyquist.
/// </summary>
/// <param name="CentresHz">ISO 266 nominal centre of each band.</param>
/// <param name="MidDb">Bands of the mid signal (L+R)/2, or of the only channel for mono.</param>
/// <param name="SideDb">Bands of the side signal (L-R)/2; null for mono.</param>
public sealed record ThirdOctaveSpectrum(double[] CentresHz, double?[] MidDb, double?[]? SideDb);
