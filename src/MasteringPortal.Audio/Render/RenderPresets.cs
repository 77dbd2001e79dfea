using System.Reflection;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// Genre starting points shipped as JSON documents (Render/Presets/*.json, embedded in the assembly), each a
/// complete <see cref="RenderSettings"/> document an engineer can save, edit and load back.
/// </summary>
public static class RenderPresets
{
    private const string ResourcePrefix = "MasteringPortal.Audio.Render.Presets.";

    public static IReadOnlyList<string> Names { get; } = typeof(RenderPresets).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The preset's JSON text, exactly as shipped.</summary>
    public static string Json(string name)
    {
        if (!Names.Contains(name, StringComparer.Ordinal))
            throw new RenderSettingsException($"There is no preset called '{name}'; the presets are {string.Join(", ", Names)}.");
        using var stream = typeof(RenderPresets).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static RenderSettings Load(string name) => RenderSettings.FromJson(Json(name));
}
