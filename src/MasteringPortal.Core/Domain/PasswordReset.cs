namespace MasteringPortal.Core.Domain;

/// <summary>
/// A password-reset link that was emailed. Only the SHA-256 of its token is stored; it works once, until
/// <see cref="ExpiresAt"/>.
/// </summary>
public class PasswordReset
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string UserId { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
