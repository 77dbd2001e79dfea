using MasteringPortal.Audio;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Core.Jobs;

/// <summary>What the pages say about a job that did not finish, in the words of the people using them.</summary>
public static class JobMessages
{
    public const string CancelledByEngineer = "Cancelled by the engineer.";

    /// <summary>
    /// The reason a job failed. The audio engine's own refusals are already written for musicians and are shown
    /// as they are; anything else is named briefly, with what to do next. The exception itself goes to the log.
    /// </summary>
    public static string FailureReason(PortalJobKind kind, Exception error) => error switch
    {
        AudioFileException or RenderSettingsException or JobRefusedException => error.Message,
        _ => $"The {Name(kind)} stopped unexpectedly ({Brief(error)}). Retry, or tell the studio if it happens again.",
    };

    static string Name(PortalJobKind kind) => kind switch
    {
        PortalJobKind.Render => "render",
        PortalJobKind.Match => "reference match",
        PortalJobKind.Album => "album assembly",
        PortalJobKind.Platforms => "check on the streaming services",
        _ => "analysis",
    };

    /// <summary>A job stopped at its time limit, in words that say what to do next.</summary>
    public static string TookTooLong(PortalJobKind kind, TimeSpan limit) => kind switch
    {
        PortalJobKind.Render => $"The render took longer than {(int)limit.TotalMinutes} minutes, the most a render may take, and was stopped. " +
          "Retry it; if it happens again, the mix may be damaged or the chain may need simplifying.",
        PortalJobKind.Match => $"The reference match took longer than {(int)limit.TotalMinutes} minutes, the most a match may take, and was stopped. " +
          "Retry it with fewer references; if it happens again, a file may be damaged.",
        PortalJobKind.Album => $"Assembling the album took longer than {(int)limit.TotalMinutes} minutes, the most it may take, and was stopped. " +
          "Retry it; if it happens again, tell the studio.",
        PortalJobKind.Platforms => $"Checking the master on the streaming services took longer than {(int)limit.TotalMinutes} minutes and was " +
          "stopped. The master itself is fine; check again, and if it happens again, tell the studio.",
        _ => $"The analysis took longer than {(int)limit.TotalMinutes} minutes, the most an analysis may take, and was stopped. " +
          "The file may be damaged: please export it again and upload it once more.",
    };

    /// <summary>One short clause about what went wrong, without paths, types or stack frames.</summary>
    static string Brief(Exception error) => error switch
    {
        FileNotFoundException or DirectoryNotFoundException => "a stored file is missing",
        IOException io when io.Message.Contains("space", StringComparison.OrdinalIgnoreCase) => "the server's disk is full",
        IOException => "the server could not read or write a file",
        UnauthorizedAccessException => "the server may not write to its storage folder",
        OutOfMemoryException => "the server ran out of memory",
        TimeoutException => "the server took too long to answer",
        _ => "an internal error",
    };
}

/// <summary>A job that cannot run for a reason the user can act on; its message is shown as it is.</summary>
public sealed class JobRefusedException(string message) : Exception(message);
