namespace MasteringPortal.Core.Domain;

/// <summary>
/// The result of one analysis pass over a file. The headline figures are columns so lists can show and
/// sort them; everything the pages chart (loudness curve, spectrum, peaks, checks) is in <see cref="ResultJson"/>.
/// </summary>
public class Analysis
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FileAssetId { get; set; }
    public FileAsset? FileAsset { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Programme loudness, BS.1770 / EBU R128 (LUFS).</summary>
    public double? IntegratedLufs { get; set; }

    /// <summary>Loudness range, EBU Tech 3342 (LU).</summary>
    public double? LoudnessRangeLu { get; set; }

    /// <summary>Maximum true-peak level, BS.1770 Annex 2 (dBTP).</summary>
    public double? TruePeakDbtp { get; set; }

    /// <summary>Maximum sample peak (dBFS).</summary>
    public double? SamplePeakDbfs { get; set; }

    public string ResultJson { get; set; } = "{}";
}
