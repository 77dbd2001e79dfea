namespace MasteringPortal.Core.Commands;

/// <summary>
/// What came of a command: done, or refused with a message for the person who tried (shown in a snackbar).
/// <paramref name="Conflicted"/>: someone else saved the same thing first, so nothing was saved.
/// </summary>
public sealed record ActionOutcome(bool Succeeded, string? Message, bool Conflicted = false)
{
    public static readonly ActionOutcome Done = new(true, null);
    public static ActionOutcome Refused(string message) => new(false, message);

    public static readonly ActionOutcome NotYours = Refused("This project does not exist, or it is not yours to see.");
    public static readonly ActionOutcome Conflict =
        new(false, "Someone else changed this project a moment ago. The page now shows the latest state; please try again.", Conflicted: true);
}
