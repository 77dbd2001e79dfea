namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// The 31 one-third-octave bands from 20 Hz to 20 kHz. Nominal centres are the ISO 266 preferred numbers;
/// exact centres and edges follow the base-10 system of IEC 61260-1 (centre = 1000 · 10^(n/10) Hz,
/// edges = centre · 10^(±1/20)), so adjacent bands meet without gap or overlap.
/// </summary>
public static class ThirdOctaveBands
{
    /// <summary>ISO 266 nominal centre frequencies, Hz.</summary>
    public static readonly double[] NominalCentresHz =
    [
        20, 25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800,
        1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500, 16000, 20000,
    ];

    /// <summary>Band index n relative to 1 kHz of the first band (20 Hz is 1000 · 10^(-17/10)).</summary>
    private const int FirstBandIndex = -17;

    public static int Count => NominalCentresHz.Length;

    /// <summary>Exact (base-10) centre frequency of band <paramref name="band"/>, Hz.</summary>
    public static double ExactCentreHz(int band) => 1000.0 * Math.Pow(10, (FirstBandIndex + band) / 10.0);

    public static double LowerEdgeHz(int band) => ExactCentreHz(band) * Math.Pow(10, -1 / 20.0);

    public static double UpperEdgeHz(int band) => ExactCentreHz(band) * Math.Pow(10, 1 / 20.0);
}
