using Microsoft.AspNetCore.Components;
using OtpNet;
using QRCoder;

namespace MasteringPortal.Web.Features.Account.TwoFactor;

/// <summary>
/// How a key reaches the person's authenticator app: the otpauth:// address (Google's Key Uri Format, which every
/// common app reads), the same address as a QR code drawn server-side as SVG, and the key itself in groups of four
/// for typing by hand.
/// </summary>
public sealed record AuthenticatorLink(string Key, string Uri)
{
    public const string Issuer = "MasteringPortal";

    public static AuthenticatorLink For(byte[] key, string accountName)
    {
        var base32 = Base32Encoding.ToString(key).TrimEnd('=');
        var uri = new OtpUri(OtpType.Totp, base32, accountName, Issuer, OtpHashMode.Sha1,
            AuthenticatorCodes.Digits, AuthenticatorCodes.StepSeconds).ToString();
        return new AuthenticatorLink(base32, uri);
    }

    /// <summary>The key as people copy it: "ABCD EFGH …".</summary>
    public string GroupedKey => string.Join(' ', Key.Chunk(4).Select(group => new string(group)));

    /// <summary>The QR code as inline SVG (scales with its box; no script, no image request).</summary>
    public MarkupString QrSvg()
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
        return new MarkupString(svg);
    }
}
