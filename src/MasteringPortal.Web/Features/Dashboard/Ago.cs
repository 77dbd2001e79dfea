namespace MasteringPortal.Web.Features.Dashboard;

/// <summary>"just now", "2 hours ago", "yesterday", "3 days ago": how long ago, in words.</summary>
public static class Ago
{
    public static string Describe(DateTimeOffset then, DateTimeOffset now)
    {
        var elapsed = now - then;
        if (elapsed < TimeSpan.FromHours(1)) return "just now";
        if (elapsed < TimeSpan.FromDays(1))
        {
            var hours = (int)elapsed.TotalHours;
            return hours == 1 ? "1 hour ago" : $"{hours} hours ago";
        }
        var days = (int)elapsed.TotalDays;
        return days == 1 ? "yesterday" : $"{days} days ago";
    }
}
