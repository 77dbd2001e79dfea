using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Web.Features.Workspace;

/// <summary>
/// A settings document made whole for editing. JSON written by hand can say <c>"compressor": { "enabled": false }</c>
/// or <c>"widths": null</c>; the engine's records then hold nulls that neither the editor nor the validator can show.
/// <see cref="Complete"/> puts the defaults of a new <see cref="RenderSettings"/> in their place and names each one
/// (by its JSON path), so the engineer is told what was filled in. The loudness target is the one part that may be
/// null: that means "no loudness gain".
/// </summary>
public static class ChainDocument
{
    static readonly RenderSettings Defaults = new();

    public static RenderSettings Complete(RenderSettings settings, out IReadOnlyList<string> filled)
    {
        var missing = new List<string>();
        T Fill<T>(T? value, T fallback, string path) where T : class
        {
            if (value is not null) return value;
            missing.Add(path);
            return fallback;
        }
        IReadOnlyList<T> Items<T>(IReadOnlyList<T?>? items, IReadOnlyList<T> fallback, Func<T> item, string path) where T : class
        {
            if (items is null)
            {
                missing.Add(path);
                return fallback;
            }
            if (items.All(i => i is not null)) return items!;
            for (var i = 0; i < items.Count; i++)
                if (items[i] is null) missing.Add($"{path}[{i}]");
            return items.Select(i => i ?? item()).ToArray();
        }
        ProcessorStage<T> Stage<T>(ProcessorStage<T>? stage, ProcessorStage<T> fallback, string path, Func<T, T>? inner = null) where T : class
        {
            var s = Fill(stage, fallback, path);
            var settingsOf = Fill(s.Settings, fallback.Settings, path + ".settings");
            return s with { Settings = inner is null ? settingsOf : inner(settingsOf) };
        }

        var eq = Fill(settings.Eq, Defaults.Eq, "eq");
        var eqSettings = Fill(eq.Settings, Defaults.Eq.Settings, "eq.settings");
        eqSettings = eqSettings with
        {
            Bands = Items<EqBand>(eqSettings.Bands, [], () => new EqBand(), "eq.settings.bands"),
            SideBands = Items<EqBand>(eqSettings.SideBands, [], () => new EqBand(), "eq.settings.sideBands"),
        };

        var complete = settings with
        {
            InputGain = Fill(settings.InputGain, Defaults.InputGain, "inputGain"),
            HighPass = Stage(settings.HighPass, Defaults.HighPass, "highPass"),
            LowPass = Stage(settings.LowPass, Defaults.LowPass, "lowPass"),
            Eq = eq with { Settings = eqSettings },
            Compressor = Stage(settings.Compressor, Defaults.Compressor, "compressor"),
            Multiband = Stage(settings.Multiband, Defaults.Multiband, "multiband", m => m with
            {
                CrossoverFrequenciesHz = Fill(m.CrossoverFrequenciesHz, Defaults.Multiband.Settings.CrossoverFrequenciesHz, "multiband.settings.crossoverFrequenciesHz"),
                Bands = Items<CompressorSettings>(m.Bands, Defaults.Multiband.Settings.Bands, () => new CompressorSettings(), "multiband.settings.bands"),
            }),
            Saturation = Stage(settings.Saturation, Defaults.Saturation, "saturation"),
            Imager = Stage(settings.Imager, Defaults.Imager, "imager", i => i with
            {
                CrossoverFrequenciesHz = Fill(i.CrossoverFrequenciesHz, Defaults.Imager.Settings.CrossoverFrequenciesHz, "imager.settings.crossoverFrequenciesHz"),
                Widths = Fill(i.Widths, Defaults.Imager.Settings.Widths, "imager.settings.widths"),
            }),
            Clipper = Stage(settings.Clipper, Defaults.Clipper, "clipper"),
            Limiter = Stage(settings.Limiter, Defaults.Limiter, "limiter"),
            Output = Fill(settings.Output, Defaults.Output, "output"),
        };
        filled = missing;
        return missing.Count == 0 ? settings : complete;
    }
}
