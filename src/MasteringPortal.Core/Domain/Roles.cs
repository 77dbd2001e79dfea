namespace MasteringPortal.Core.Domain;

/// <summary>The two Identity roles of the portal. A user is in exactly one of them.</summary>
public static class Roles
{
    /// <summary>The mastering engineer who runs the studio: sees all of the studio's projects.</summary>
    public const string Engineer = "Engineer";

    /// <summary>An artist or label invited by the engineer: sees only their own projects.</summary>
    public const string Client = "Client";

    public static readonly IReadOnlyList<string> All = [Engineer, Client];
}
