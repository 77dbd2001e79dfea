using System.Globalization;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>Positions in a track as musicians write them: "1:12", "0:05.5", "1:02:03"; or plain seconds "72".</summary>
public static class TimeCode
{
    public static bool TryParse(string? text, out double seconds)
    {
        seconds = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split(':');
        if (parts.Length > 3) return false;
        double total = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var isLast = i == parts.Length - 1;
            if (isLast)
            {
                if (!double.TryParse(parts[i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s)) return false;
                if (parts.Length > 1 && s >= 60) return false;
                total = total * 60 + s;
            }
            else
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var whole)) return false;
                if (i > 0 && whole >= 60) return false;
                total = total * 60 + whole;
            }
        }
        seconds = total;
        return true;
    }

    /// <summary>"1:12", "1:02:03", with tenths only when present ("0:05.5").</summary>
    public static string Format(double seconds)
    {
        if (seconds < 0) seconds = 0;
        var tenths = (long)Math.Round(seconds * 10);
        var whole = tenths / 10;
        var fraction = tenths % 10;
        var h = whole / 3600;
        var m = whole / 60 % 60;
        var s = whole % 60;
        var text = h > 0 ? $"{h}:{m:00}:{s:00}" : $"{m}:{s:00}";
        return fraction == 0 ? text : $"{text}.{fraction}";
    }
}
