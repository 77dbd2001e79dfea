using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Cli;

/// <summary>
/// The reference-matching options of `mastering render` (docs/REFERENCE-MATCHING.md): `--reference REF [--weight W]`
/// (repeatable; a weight belongs to the reference before it), `--match tone,loudness,width,dynamics`, `--amount N`
/// and `--amount-tone/-loudness/-width/-dynamics N` (percent), `--max-boost-db`, `--max-cut-db`,
/// `--no-auto-clipper` (never turn the clipper on for a loud reference), `--match-report FILE.json`, `--save-settings FILE.json`.
/// </summary>
internal sealed class MatchArguments
{
    public const string Usage = "[--reference REF [--weight W]]... [--match tone,loudness,width,dynamics] [--amount N] [--amount-tone N] [--amount-loudness N] [--amount-width N] [--amount-dynamics N] [--max-boost-db X] [--max-cut-db X] [--no-auto-clipper] [--match-report FILE.json] [--save-settings FILE.json]";

    private readonly List<ReferenceFile> _references = [];
    private readonly HashSet<int> _weighted = [];
    private readonly List<string> _matchingOptionsSeen = [];
    private double? _amount, _tone, _loudness, _width, _dynamics, _maxBoost, _maxCut;
    private bool _mayAddClipper = true;

    public IReadOnlyList<ReferenceFile> References => _references;

    public bool Matching => _references.Count > 0;

    public MatchAspects Aspects { get; private set; } = MatchAspects.All;

    public string? ReportPath { get; private set; }

    public string? SettingsPath { get; private set; }

    /// <summary>Takes the option if it is a matching one; false = not ours. Throws <see cref="ArgumentException"/> with a one-line message.</summary>
    public bool TryTake(string option, Func<string> value, Func<double> number)
    {
        switch (option)
        {
            case "--reference":
                _references.Add(new ReferenceFile(value()));
                return true;
            case "--weight":
                if (_references.Count == 0) throw new ArgumentException("--weight belongs to a reference: put it after --reference REF");
                if (!_weighted.Add(_references.Count - 1)) throw new ArgumentException($"{Path.GetFileName(_references[^1].Path)} has two weights");
                var weight = number();
                if (weight < 0) throw new ArgumentException($"--weight must be 0 or more, not {weight}");
                _references[^1] = _references[^1] with { Weight = weight };
                return true;
            case "--match":
                Aspects = ParseAspects(value());
                break;
            case "--amount": _amount = number(); break;
            case "--amount-tone": _tone = number(); break;
            case "--amount-loudness": _loudness = number(); break;
            case "--amount-width": _width = number(); break;
            case "--amount-dynamics": _dynamics = number(); break;
            case "--max-boost-db": _maxBoost = number(); break;
            case "--max-cut-db": _maxCut = number(); break;
            case "--no-auto-clipper": _mayAddClipper = false; break;
            case "--match-report": ReportPath = value(); break;
            case "--save-settings": SettingsPath = value(); break;
            default: return false;
        }
        _matchingOptionsSeen.Add(option);
        return true;
    }

    /// <summary>The problem with the options as a whole, or null.</summary>
    public string? Problem()
    {
        if (!Matching && _matchingOptionsSeen.Count > 0) return $"{_matchingOptionsSeen[0]} needs a reference: add --reference REF";
        if (Matching && _references.All(r => r.Weight == 0)) return "every reference has weight 0: give at least one a weight above 0";
        return null;
    }

    public MatchOptions Options(RenderSettings baseSettings)
    {
        var all = _amount ?? 100;
        return new MatchOptions
        {
            Aspects = Aspects,
            ToneAmountPercent = _tone ?? all,
            LoudnessAmountPercent = _loudness ?? all,
            WidthAmountPercent = _width ?? all,
            DynamicsAmountPercent = _dynamics ?? all,
            MaxBoostDb = _maxBoost ?? MatchOptions.DefaultMaxBoostDb,
            MaxCutDb = _maxCut ?? MatchOptions.DefaultMaxCutDb,
            MayAddClipper = _mayAddClipper,
            BaseSettings = baseSettings,
        };
    }

    private static MatchAspects ParseAspects(string list)
    {
        var aspects = MatchAspects.None;
        foreach (var word in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            aspects |= word.ToLowerInvariant() switch
            {
                "tone" => MatchAspects.Tone,
                "loudness" => MatchAspects.Loudness,
                "width" => MatchAspects.Width,
                "dynamics" => MatchAspects.Dynamics,
                "all" => MatchAspects.All,
                _ => throw new ArgumentException($"--match takes tone, loudness, width, dynamics or all (comma-separated), not '{word}'"),
            };
        }
        if (aspects == MatchAspects.None) throw new ArgumentException("--match needs at least one of tone, loudness, width, dynamics");
        return aspects;
    }
}
