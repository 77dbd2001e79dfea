namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Finds the brick-wall low-pass that MP3/AAC encoders leave behind (about 16 kHz at 128 kbit/s, 19-20 kHz at
/// high bit rates): a drop of at least <see cref="MinimumDropDb"/> between the 1.25 kHz just below a candidate
/// cut-off and the 1.25 kHz just above it, seen in the long-term spectrum AND in at least
/// <see cref="MinimumConsistency"/> of the frames that have content below the cut-off. Natural spectra fall by
/// a few dB over such a distance, never by 30; consistency rules out a single dark passage.
/// Candidates stop at 0.9 × Nyquist (19.85 kHz at 44.1 kHz) so that the anti-alias filter of a resampler (which
/// cuts above about 0.91 × Nyquist: 0.95 in SoX, 0.97 in ffmpeg's swr) is not mistaken for an encoder; the band above
/// a candidate is shortened to end at 0.98 × Nyquist where needed.
/// </summary>
public sealed class LossyCutoffDetector
{
    public const double MinimumDropDb = 30;
    public const double MinimumConsistency = 0.8;
    private const double LowestCandidateHz = 10_000;
    private const double CandidateStepHz = 250;
    private const double GuardHz = 250;
    private const double BandWidthHz = 1250;
    /// <summary>A frame whose band below the cut-off is under -120 dB per bin is too quiet to testify.</summary>
    private const double ActiveFramePowerPerBin = 1e-12;
    private const int MinimumActiveFrames = 4;

    private const double MinimumAboveBandHz = 400;

    private readonly double _topHz;
    private readonly double[] _candidatesHz;
    private readonly double[] _belowSum;
    private readonly double[] _aboveSum;
    private readonly int[] _activeFrames;
    private readonly int[] _droppingFrames;
    private double[] _prefix = [];

    public LossyCutoffDetector(int sampleRateHz)
    {
        var nyquist = sampleRateHz / 2.0;
        _topHz = 0.98 * nyquist;
        var highest = Math.Min(Math.Min(0.9 * nyquist, 21_000), _topHz - GuardHz - MinimumAboveBandHz);
        var list = new List<double>();
        for (var f = LowestCandidateHz; f <= highest + 1e-9; f += CandidateStepHz) list.Add(f);
        _candidatesHz = list.ToArray();
        _belowSum = new double[_candidatesHz.Length];
        _aboveSum = new double[_candidatesHz.Length];
        _activeFrames = new int[_candidatesHz.Length];
        _droppingFrames = new int[_candidatesHz.Length];
    }

    /// <summary>Takes one frame's mean-square power per FFT bin (index k at k · binWidthHz).</summary>
    public void AddFrame(ReadOnlySpan<double> powerPerBin, double binWidthHz)
    {
        if (_candidatesHz.Length == 0) return;
        if (_prefix.Length != powerPerBin.Length + 1) _prefix = new double[powerPerBin.Length + 1];
        // Only bins from the lowest band below the lowest candidate up are ever summed.
        var firstBin = Math.Max(0, (int)((LowestCandidateHz - GuardHz - BandWidthHz) / binWidthHz) - 1);
        _prefix[firstBin] = 0;
        // Four bins per step, each prefix from the one four back: one dependent addition per four bins instead of one per
        // bin (the sum's latency, not the additions, set the speed of the plain loop).
        var prefix = _prefix;
        var k = firstBin;
        for (; k + 4 <= powerPerBin.Length; k += 4)
        {
            double p0 = prefix[k], a0 = powerPerBin[k], a01 = a0 + powerPerBin[k + 1];
            double a012 = a01 + powerPerBin[k + 2], a0123 = a01 + (powerPerBin[k + 2] + powerPerBin[k + 3]);
            prefix[k + 1] = p0 + a0;
            prefix[k + 2] = p0 + a01;
            prefix[k + 3] = p0 + a012;
            prefix[k + 4] = p0 + a0123;
        }
        for (; k < powerPerBin.Length; k++) prefix[k + 1] = prefix[k] + powerPerBin[k];

        for (var c = 0; c < _candidatesHz.Length; c++)
        {
            var fc = _candidatesHz[c];
            var below = MeanPower(fc - GuardHz - BandWidthHz, fc - GuardHz, binWidthHz);
            var above = MeanPower(fc + GuardHz, Math.Min(fc + GuardHz + BandWidthHz, _topHz), binWidthHz);
            _belowSum[c] += below;
            _aboveSum[c] += above;
            if (below < ActiveFramePowerPerBin) continue;
            _activeFrames[c]++;
            if (above * DropFactor <= below) _droppingFrames[c]++;
        }
    }

    private static readonly double DropFactor = Math.Pow(10, MinimumDropDb / 10);

    private double MeanPower(double fromHz, double toHz, double binWidthHz)
    {
        var first = (int)Math.Ceiling(fromHz / binWidthHz);
        var last = Math.Min(_prefix.Length - 2, (int)Math.Floor(toHz / binWidthHz));
        if (last < first) return 0;
        return (_prefix[last + 1] - _prefix[first]) / (last - first + 1);
    }

    /// <summary>The strongest consistent cut-off, or a result with a null frequency when there is none.</summary>
    public LossyCutoff Result()
    {
        double? bestHz = null;
        double bestDropDb = 0, bestConsistency = 0;
        for (var c = 0; c < _candidatesHz.Length; c++)
        {
            if (_activeFrames[c] < MinimumActiveFrames || _belowSum[c] <= 0) continue;
            var consistency = (double)_droppingFrames[c] / _activeFrames[c];
            var dropDb = _aboveSum[c] <= 0 ? double.PositiveInfinity : 10 * Math.Log10(_belowSum[c] / _aboveSum[c]);
            if (consistency < MinimumConsistency || dropDb < MinimumDropDb) continue;
            // Among neighbouring candidates that all straddle the same wall, keep the steepest.
            if (bestHz is null || dropDb > bestDropDb)
            {
                bestHz = _candidatesHz[c];
                bestDropDb = dropDb;
                bestConsistency = consistency;
            }
        }
        return new LossyCutoff(bestHz, bestHz is null ? null : Math.Min(bestDropDb, 200), bestConsistency);
    }
}

/// <summary>Spectral evidence of a lossy encode.</summary>
/// <param name="CutoffHz">Where the spectrum falls off a cliff (to the nearest 250 Hz), or null when it does not.</param>
/// <param name="DropDb">How far the band above the cut-off (up to 1.25 kHz) sits below the 1.25 kHz under it (capped at 200 dB when the top is digital zero).</param>
/// <param name="ConsistentFraction">Share of frames with content below the cut-off that show the drop.</param>
public sealed record LossyCutoff(double? CutoffHz, double? DropDb, double ConsistentFraction);
