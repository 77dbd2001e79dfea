namespace MasteringPortal.Audio.Dsp.Dither;

/// <summary>Shape of the requantisation noise spectrum (error feedback; see <see cref="NoiseShapingFilter"/>).</summary>
public enum NoiseShaping
{
    /// <summary>Plain TPDF: white noise, total error power LSB²/4.</summary>
    None,
    /// <summary>NTF = 1 − z⁻¹: noise falls 6 dB/octave towards DC, +6 dB at Nyquist.</summary>
    FirstOrderHighPass,
    /// <summary>NTF with a double zero pair placed in the 1-5 kHz band where hearing is most sensitive (ISO 226).</summary>
    SecondOrderPsychoacoustic,
}

/// <summary>
/// The last step before a fixed-point file: TPDF dither to <paramref name="TargetBitDepth"/> bits.
/// </summary>
/// <param name="TargetBitDepth">16 or 24.</param>
/// <param name="Shaping">Noise shaping; none by default.</param>
/// <param name="Seed">Seed of the dither noise: the same seed gives the same bits on every run and machine.</param>
public sealed record DitherSettings(int TargetBitDepth = 16, NoiseShaping Shaping = NoiseShaping.None, ulong Seed = 0x6D617374UL);
