namespace MasteringPortal.Web.Hosting;

/// <summary>The <c>RateLimits</c> section: how many requests one network may make to each limited place per window.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in attempts (and password changes or resets): a person who mistypes gets several goes; a guesser does not.</summary>
    public RateLimitRule SignIn { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>Accounts created from invitations.</summary>
    public RateLimitRule SignUp { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>
    /// Upload requests (begin, chunks, complete). 600 a minute is a 2 GB file in 8 MB chunks (256 pieces) twice over
    /// in one minute, about 80 MB/s from one network; a faster network waits for the next minute.
    /// </summary>
    public RateLimitRule Uploads { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    public void Validate()
    {
        foreach (var (name, rule) in new[] { (nameof(SignIn), SignIn), (nameof(SignUp), SignUp), (nameof(Uploads), Uploads) })
            if (rule.PermitLimit < 1 || rule.WindowSeconds < 1)
                throw new InvalidOperationException(
                    $"{Section}:{name}: PermitLimit and WindowSeconds must both be at least 1 (got {rule.PermitLimit} and {rule.WindowSeconds}).");
    }
}

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="WindowSeconds"/> from one network.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; }
}
