namespace MasteringPortal.Core.Domain;

/// <summary>
/// The Identity roles of the portal. A client's member is in <see cref="Client"/> only. A member of a studio's team is
/// in one of <see cref="Engineer"/> (the owner too, who is also in <see cref="Owner"/>) or <see cref="Assistant"/>.
/// </summary>
public static class Roles
{
    /// <summary>A mastering engineer of the studio: sees all of the studio's projects and has every right on them.</summary>
    public const string Engineer = "Engineer";

    /// <summary>The studio's first engineer, who manages the team (always an <see cref="Engineer"/> too).</summary>
    public const string Owner = "Owner";

    /// <summary>A member of the team who prepares the work: uploads, analyses, renders; never posts to the client or takes money.</summary>
    public const string Assistant = "Assistant";

    /// <summary>An artist or label invited by the engineer: sees only their own projects.</summary>
    public const string Client = "Client";

    /// <summary>Who sees every project of the studio: engineers (the owner included) and assistants.</summary>
    public const string Team = Engineer + "," + Assistant;

    public static readonly IReadOnlyList<string> All = [Engineer, Owner, Assistant, Client];

    /// <summary>The Identity roles a member of the team with <paramref name="role"/> holds.</summary>
    public static IReadOnlyList<string> For(TeamRole role) => role switch
    {
        TeamRole.Owner => [Owner, Engineer],
        TeamRole.Engineer => [Engineer],
        _ => [Assistant],
    };
}
