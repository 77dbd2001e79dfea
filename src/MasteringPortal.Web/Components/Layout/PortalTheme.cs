using MudBlazor;

namespace MasteringPortal.Web.Components.Layout;

/// <summary>
/// The portal's colours. MudBlazor's default status colours (orange warning, bright green success, light blue info,
/// light red error) are too pale for text and for white text on them: chips, badges and error lines would fall under
/// the 4.5:1 contrast WCAG AA asks of small text. These are the same hues, darkened until both uses pass on white,
/// with room for the snackbar, whose text and background are each tinted about 5 % by the other.
/// </summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00796b",
            Info = "#1565c0",
            Success = "#27732b",
            Warning = "#9a5400",
            Error = "#c62828",
            AppbarBackground = "#1f2433",
        },
    };
}
