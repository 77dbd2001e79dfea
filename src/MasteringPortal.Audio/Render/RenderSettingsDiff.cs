using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// One difference between two render settings documents: the stage it belongs to, the engineer's line in the chain's
/// own words ("EQ band 2: +1.5 dB at 60 Hz (was +0.0 dB at 60 Hz)") and the client's plain words ("More low end around
/// 60 Hz (+1.5 dB)").
/// </summary>
public sealed record SettingsChange(string Stage, string Engineer, string Client);

/// <summary>
/// What changed between two revisions' settings. EQ bands, the loudness target and the limiter's ceiling are described
/// as an engineer says them; every other value is found by walking the two documents side by side, so a stage added to
/// the engine later is covered without a change here (its fields are named from the document: "thresholdDb" reads
/// "threshold … dB").
/// </summary>
public static class RenderSettingsDiff
{
    /// <summary>The stages in the engine's processing order, with the engineer's name and the client's.</summary>
    static readonly (string Key, string Name, string ClientWords)[] Stages =
    [
        ("inputGain", "Input gain", "the input level"),
        ("highPass", "High-pass", "the low-end cleanup filter"),
        ("lowPass", "Low-pass", "the top-end filter"),
        ("eq", "EQ", "the tone (EQ)"),
        ("compressor", "Compressor", "the dynamics (compression)"),
        ("multiband", "Multiband", "the dynamics per frequency band"),
        ("saturation", "Saturation", "the warmth (saturation)"),
        ("imager", "Imager", "the stereo width"),
        ("loudness", "Loudness", "the loudness"),
        ("clipper", "Clipper", "the clipper that helps reach loud targets"),
        ("limiter", "Limiter", "the peak limiter"),
        ("output", "Output", "the file format"),
    ];

    public static IReadOnlyList<SettingsChange> Between(RenderSettings older, RenderSettings newer)
    {
        var a = JsonNode.Parse(older.ToJson())!.AsObject();
        var b = JsonNode.Parse(newer.ToJson())!.AsObject();
        var changes = new List<SettingsChange>();
        var keys = Stages.Select(s => s.Key).Concat(a.Select(p => p.Key)).Concat(b.Select(p => p.Key))
            .Where(k => k != "schemaVersion").Distinct().ToList();
        foreach (var key in keys)
        {
            var (name, words) = StageNames(key);
            if (key == "eq") Eq(older.Eq, newer.Eq, changes);
            else if (key == "loudness") Loudness(older.Loudness, newer.Loudness, changes);
            else if (key == "limiter") Limiter(a[key], b[key], changes);
            else if (key == "output") Output(a[key], b[key], changes);
            else Walk(name, words, name, a[key], b[key], changes);
        }
        return changes;
    }

    /// <summary>"The tone (EQ), the loudness and the peak limiter changed": one sentence for the client; null when nothing did.</summary>
    public static string? ClientSummary(IReadOnlyList<SettingsChange> changes) =>
        changes.Count == 0 ? null : string.Join(" ", changes.Select(c => c.Client).Distinct());

    static (string Name, string ClientWords) StageNames(string key)
    {
        foreach (var (k, n, w) in Stages)
            if (k == key) return (n, w);
        var words = Words(key);
        return (char.ToUpperInvariant(words[0]) + words[1..], "the " + words);
    }

    static void Eq(EqStage older, EqStage newer, List<SettingsChange> changes)
    {
        const string stage = "EQ";
        if (older.Enabled != newer.Enabled)
        {
            changes.Add(new(stage, $"EQ: {(newer.Enabled ? "on" : "off")}", newer.Enabled ? "The tone is now shaped with EQ." : "The EQ is no longer used."));
            if (!newer.Enabled) return;
        }
        if (!newer.Enabled) return;
        if (older.LinearPhase != newer.LinearPhase)
            changes.Add(new(stage, $"EQ: {(newer.LinearPhase ? "linear phase" : "minimum phase")}", "The EQ's character changed (phase behaviour)."));
        if (older.Settings.Mode != newer.Settings.Mode)
            changes.Add(new(stage, $"EQ: {(newer.Settings.Mode == EqChannelMode.MidSide ? "mid/side" : "stereo")}", "The EQ now treats the centre and the sides of the stereo image " +
                (newer.Settings.Mode == EqChannelMode.MidSide ? "separately." : "alike.")));
        var midSide = newer.Settings.Mode == EqChannelMode.MidSide;
        Bands(midSide ? "EQ mid band" : "EQ band", older.Settings.Bands, newer.Settings.Bands, midSide ? " in the centre" : "", changes);
        if (midSide || older.Settings.Mode == EqChannelMode.MidSide)
            Bands("EQ side band", older.Settings.SideBands, newer.Settings.SideBands, " on the sides", changes);
    }

    static void Bands(string label, IReadOnlyList<EqBand> older, IReadOnlyList<EqBand> newer, string where, List<SettingsChange> changes)
    {
        for (var i = 0; i < Math.Max(older.Count, newer.Count); i++)
        {
            var name = $"{label} {i + 1}";
            var was = i < older.Count ? older[i] : null;
            var now = i < newer.Count ? newer[i] : null;
            if (was == now) continue;
            if (now is null)
            {
                changes.Add(new("EQ", $"{name} removed (was {Band(was!)})", $"An EQ change {RegionOf(was!.FrequencyHz)}{where} was taken out."));
                continue;
            }
            if (was is null)
            {
                changes.Add(new("EQ", $"{name} added: {Band(now)}", Tone(now.Shape, now.GainDb, now.FrequencyHz, where)));
                continue;
            }
            changes.Add(new("EQ", $"{name}: {Band(now)} (was {Band(was)})",
                was.FrequencyHz == now.FrequencyHz && was.Shape == now.Shape ? Tone(now.Shape, now.GainDb - was.GainDb, now.FrequencyHz, where)
                    : $"An EQ change {RegionOf(now.FrequencyHz)}{where} was adjusted."));
        }
    }

    /// <summary>"+1.5 dB at 60 Hz", "+2.0 dB high shelf at 8 kHz", "high-pass 30 Hz 24 dB/oct", with Q where it matters.</summary>
    static string Band(EqBand band) => band.Shape switch
    {
        EqBandShape.HighPass => $"high-pass {Hz(band.FrequencyHz)} {band.SlopeDbPerOct} dB/oct",
        EqBandShape.LowPass => $"low-pass {Hz(band.FrequencyHz)} {band.SlopeDbPerOct} dB/oct",
        EqBandShape.LowShelf => $"{Db(band.GainDb)} low shelf at {Hz(band.FrequencyHz)}",
        EqBandShape.HighShelf => $"{Db(band.GainDb)} high shelf at {Hz(band.FrequencyHz)}",
        _ => $"{Db(band.GainDb)} at {Hz(band.FrequencyHz)}, Q {Number(band.Q, "0.##")}",
    };

    /// <summary>"More low end around 60 Hz (+1.5 dB)": the direction of a gain change in the listener's words.</summary>
    static string Tone(EqBandShape shape, double gainDb, double frequencyHz, string where)
    {
        if (shape is EqBandShape.HighPass or EqBandShape.LowPass)
            return $"A filter {RegionOf(frequencyHz)}{where} now trims the {(shape == EqBandShape.HighPass ? "lowest" : "highest")} frequencies.";
        if (Math.Abs(gainDb) < 0.05) return $"An EQ change {RegionOf(frequencyHz)}{where} was adjusted.";
        return $"{(gainDb > 0 ? "More" : "Less")} {RegionName(frequencyHz)} around {Hz(frequencyHz)}{where} ({Db(gainDb)}).";
    }

    static string RegionName(double hz) => hz switch
    {
        < 120 => "low end",
        < 500 => "warmth in the low mids",
        < 2000 => "midrange",
        < 6000 => "presence",
        _ => "air and sparkle",
    };

    static string RegionOf(double hz) => $"in the {RegionName(hz)}";

    static void Loudness(LoudnessTarget? older, LoudnessTarget? newer, List<SettingsChange> changes)
    {
        if (older?.TargetLufs == newer?.TargetLufs && older?.Platform == newer?.Platform && older?.CustomLufs == newer?.CustomLufs) return;
        if (newer is null)
        {
            changes.Add(new("Loudness", "Loudness target: off", "The master is no longer brought to a loudness target."));
            return;
        }
        var now = newer.TargetLufs;
        var engineer = $"Loudness target: {Lufs(newer)}" + (older is null ? "" : $" (was {Lufs(older)})");
        var client = older is null || Math.Abs(now - older.TargetLufs) < 0.05
            ? $"The master is aimed at {Number(now, "0.#")} LUFS."
            : $"{(now > older.TargetLufs ? "Louder" : "Quieter")}: aimed at {Number(now, "0.#")} LUFS instead of {Number(older.TargetLufs, "0.#")}.";
        changes.Add(new("Loudness", engineer, client));
    }

    static string Lufs(LoudnessTarget target) => target.CustomLufs is { } lufs
        ? $"{Number(lufs, "0.#")} LUFS"
        : $"{target.Platform} {Number(target.TargetLufs, "0.#")} LUFS";

    static void Limiter(JsonNode? older, JsonNode? newer, List<SettingsChange> changes)
    {
        var wasCeiling = older?["settings"]?["ceilingDbtp"]?.GetValue<double>();
        var nowCeiling = newer?["settings"]?["ceilingDbtp"]?.GetValue<double>();
        if (wasCeiling != nowCeiling && nowCeiling is { } now)
        {
            changes.Add(new("Limiter", $"Limiter ceiling: {Number(now, "0.0")} dBTP" + (wasCeiling is { } was ? $" (was {Number(was, "0.0")} dBTP)" : ""),
                wasCeiling is { } w && now < w
                    ? $"More room for peaks: the ceiling is now {Number(now, "0.0")} dBTP."
                    : $"The peak ceiling is now {Number(now, "0.0")} dBTP."));
            // The rest of the limiter's settings are compared field by field, without the ceiling said twice.
            older = older?.DeepClone();
            newer = newer?.DeepClone();
            older?["settings"]?.AsObject().Remove("ceilingDbtp");
            newer?["settings"]?.AsObject().Remove("ceilingDbtp");
        }
        Walk("Limiter", "the peak limiter", "Limiter", older, newer, changes);
    }

    /// <summary>The output's fields, the peak ceiling without the limiter said as the engineer and the client say it.</summary>
    static void Output(JsonNode? older, JsonNode? newer, List<SettingsChange> changes)
    {
        var wasCeiling = older?["peakCeilingDbfs"]?.GetValue<double>();
        var nowCeiling = newer?["peakCeilingDbfs"]?.GetValue<double>();
        if (wasCeiling != nowCeiling)
        {
            var was = wasCeiling is { } w ? $" (was {Number(w, "0.0")} dBFS)" : "";
            changes.Add(nowCeiling is { } now
                ? new("Output", $"Peak ceiling without the limiter: {Number(now, "0.0")} dBFS{was}",
                    $"Without a limiter, the peaks are now held under {Number(now, "0.0")} dBFS.")
                : new("Output", $"Peak ceiling without the limiter: off{was}", "The peaks are no longer held under a set level."));
            // The rest of the output's settings are compared field by field, without the ceiling said twice.
            older = older?.DeepClone();
            newer = newer?.DeepClone();
            older?.AsObject().Remove("peakCeilingDbfs");
            newer?.AsObject().Remove("peakCeilingDbfs");
        }
        Walk("Output", "the file format", "Output", older, newer, changes);
    }

    /// <summary>Compares two JSON values of one stage recursively and adds a line per changed leaf.</summary>
    static void Walk(string stage, string clientWords, string label, JsonNode? older, JsonNode? newer, List<SettingsChange> changes)
    {
        if (JsonNode.DeepEquals(older, newer)) return;
        if (older is JsonObject a && newer is JsonObject b)
        {
            // A stage switched on or off says so once; its settings then matter only while it is on.
            if (a["enabled"] is JsonValue wasOn && b["enabled"] is JsonValue isOn && wasOn.GetValue<bool>() != isOn.GetValue<bool>())
            {
                var on = isOn.GetValue<bool>();
                changes.Add(new(stage, $"{label}: {(on ? "on" : "off")}", on ? $"Added {clientWords}." : $"Took out {clientWords}."));
                return;
            }
            if (b["enabled"] is JsonValue stillOff && !stillOff.GetValue<bool>()) return;
            foreach (var key in a.Select(p => p.Key).Concat(b.Select(p => p.Key)).Distinct())
            {
                if (key == "enabled") continue;
                var child = key == "settings" ? label : $"{label} {Words(key)}";
                Walk(stage, clientWords, child, a[key], b[key], changes);
            }
            return;
        }
        if (older is JsonArray x && newer is JsonArray y)
        {
            // "Multiband crossover frequencies hz" → "Multiband crossover frequency 2 hz": the unit stays last.
            var (plural, _) = Unit(label);
            var unitWords = label[plural.Length..];
            for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
                Walk(stage, clientWords, $"{Singular(plural)} {i + 1}{unitWords}", i < x.Count ? x[i] : null, i < y.Count ? y[i] : null, changes);
            return;
        }
        var (unitLabel, unit) = Unit(label);
        changes.Add(new(stage, $"{unitLabel}: {Value(newer, unit)} (was {Value(older, unit)})", $"Adjusted {clientWords}."));
    }

    static string Value(JsonNode? node, string unit) => node switch
    {
        null => "none",
        JsonValue v when v.TryGetValue<double>(out var d) => Number(d, "0.##") + unit,
        JsonValue v when v.TryGetValue<string>(out var s) => Words(s),
        JsonValue v when v.TryGetValue<bool>(out var f) => f ? "on" : "off",
        _ => node.ToJsonString(),
    };

    /// <summary>"Compressor threshold db" → ("Compressor threshold", " dB"): the unit the field's name ends with.</summary>
    static (string Label, string Unit) Unit(string label)
    {
        foreach (var (suffix, unit) in new[] { (" db per oct", " dB/oct"), (" dbtp", " dBTP"), (" dbfs", " dBFS"), (" db", " dB"), (" hz", " Hz"), (" ms", " ms"), (" percent", " %"), (" lufs", " LUFS") })
            if (label.EndsWith(suffix, StringComparison.Ordinal)) return (label[..^suffix.Length], unit);
        return (label, "");
    }

    /// <summary>"crossoverFrequenciesHz" → "crossover frequencies hz"; "sideBands" → "side bands".</summary>
    static string Words(string camel)
    {
        var text = new StringBuilder();
        foreach (var c in camel)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append(' ');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    static string Singular(string label) =>
        label.EndsWith("ies", StringComparison.Ordinal) ? label[..^3] + "y"
        : label.EndsWith('s') ? label[..^1]
        : label;

    static string Hz(double hz) => hz >= 1000 ? Number(hz / 1000, "0.##") + " kHz" : Number(hz, "0.#") + " Hz";

    static string Db(double db) => db.ToString("+0.0;-0.0;+0.0", CultureInfo.InvariantCulture) + " dB";

    static string Number(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
