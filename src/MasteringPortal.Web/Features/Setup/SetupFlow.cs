namespace MasteringPortal.Web.Features.Setup;

/// <summary>
/// The set-up page's action: the one-time code is taken for the attempt, the studio founded, and the code retired
/// (or given back when the form was refused, so a typo in the password does not cost the code).
/// </summary>
public sealed class SetupFlow(SetupCode code, SetupState state, StudioFounding founding)
{
    public const string WrongCode = "That set-up code is not right, or it has been used. The code is in the portal's log; restarting the portal prints a new one.";

    public async Task<FoundingResult> SetUpAsync(string? setupCode, NewStudioForm form, CancellationToken ct = default)
    {
        if (await state.IsSetUpAsync(ct)) return new(null, null, ["This portal already has a studio. Please sign in."]);
        if (!code.TryClaim(setupCode)) return new(null, null, [WrongCode]);
        FoundingResult result;
        try
        {
            result = await founding.FoundAsync(form, ct: ct);
        }
        catch
        {
            code.Release();
            throw;
        }
        if (result.Succeeded) code.Retire();
        else code.Release();
        return result;
    }
}
