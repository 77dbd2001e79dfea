namespace MasteringPortal.Audio.Metering;

/// <summary>Conversions between weighted mean-square energy and loudness.</summary>
public static class LoudnessMath
{
    /// <summary>
    /// BS.1770-4 Annex 1, eq. 2: L = −0.691 + 10·log10(Σ G·z). The −0.691 cancels the K-filter's gain at
    /// 997 Hz so that a full-scale 997 Hz sine in one channel reads −3.01 LKFS.
    /// </summary>
    public const double LoudnessOffsetDb = -0.691;

    public static double LufsFromEnergy(double energy) => LoudnessOffsetDb + 10 * Math.Log10(energy);

    public static double EnergyFromLufs(double lufs) => Math.Pow(10, (lufs - LoudnessOffsetDb) / 10);

    /// <summary>20·log10 of a linear peak; −∞ for zero.</summary>
    public static double DecibelsFromLinear(double linear) => 20 * Math.Log10(linear);
}
