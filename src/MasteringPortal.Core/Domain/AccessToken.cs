namespace MasteringPortal.Core.Domain;

/// <summary>
/// An engineer's personal access token for the HTTP API and the CLI (`mastering push`). The secret is shown once, at
/// creation; the database keeps only its SHA-256 (see Access/AccessTokenSecrets), so a leaked database opens nothing.
/// The token acts as its engineer only while they are still an engineer of <see cref="StudioId"/>.
/// </summary>
public class AccessToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string UserId { get; set; } = "";
    public Guid StudioId { get; set; }

    /// <summary>What the engineer called it ("mastering desk", "export script"), so a list of tokens can be read.</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole token text (<c>mp_…</c>).</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>The token's first characters (<c>mp_</c> and six more), shown in lists to tell tokens apart; not a secret.</summary>
    public string Prefix { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When a request last authenticated with it (written at most once a minute).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
