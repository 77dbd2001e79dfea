using System.Net;
using System.Text;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// Builds the two parts of an email side by side from paragraphs, so the text part says exactly what the HTML part
/// says. Every value goes through <see cref="WebUtility.HtmlEncode"/> on the HTML side: a song called
/// <c>&lt;script&gt;</c> arrives as text.
/// </summary>
public sealed class EmailLayout(string studioName, PortalLinks links)
{
    readonly StringBuilder text = new();
    readonly StringBuilder html = new();

    public EmailLayout Greeting(string name)
    {
        var hello = string.IsNullOrWhiteSpace(name) ? "Hello," : $"Hello {name.Trim()},";
        return Paragraph(hello);
    }

    public EmailLayout Paragraph(string words)
    {
        text.Append(words).Append("\n\n");
        html.Append("<p style=\"margin:0 0 16px\">").Append(Encode(words).Replace("\n", "<br>")).Append("</p>");
        return this;
    }

    /// <summary>Someone's own words (a comment), set apart as a quotation.</summary>
    public EmailLayout Quote(string words)
    {
        if (string.IsNullOrWhiteSpace(words)) return this;
        foreach (var line in words.Trim().Split('\n')) text.Append("> ").Append(line.TrimEnd('\r')).Append('\n');
        text.Append('\n');
        html.Append("<blockquote style=\"margin:0 0 16px;padding:8px 12px;border-left:3px solid #999;color:#333\">")
            .Append(Encode(words.Trim()).Replace("\n", "<br>")).Append("</blockquote>");
        return this;
    }

    /// <summary>A link to a place in the portal: the words, then the address (the text part shows it in full).</summary>
    public EmailLayout Link(string words, string path)
    {
        var url = links.Absolute(path);
        text.Append(words).Append(":\n").Append(url).Append("\n\n");
        html.Append("<p style=\"margin:0 0 16px\"><a href=\"").Append(Encode(url)).Append("\">").Append(Encode(words)).Append("</a></p>");
        return this;
    }

    /// <summary>The closing lines every email carries: who sent it and where to change what arrives by email.</summary>
    public EmailContent Finish(string subject)
    {
        var settings = links.Absolute(NotificationSettingsPath);
        text.Append("-- \n").Append(studioName).Append(" (via MasteringPortal)\n")
            .Append("Choose which emails you get: ").Append(settings).Append('\n');
        var body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                   + "<title>" + Encode(subject) + "</title></head>"
                   + "<body style=\"font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#111;max-width:600px;margin:0 auto;padding:16px\">"
                   + html
                   + "<hr style=\"border:none;border-top:1px solid #ccc;margin:24px 0 8px\"><p style=\"font-size:13px;color:#555\">"
                   + Encode(studioName) + " (via MasteringPortal)<br><a href=\"" + Encode(settings) + "\">Choose which emails you get</a></p>"
                   + "</body></html>";
        return new EmailContent(subject.ReplaceLineEndings(" "), text.ToString(), body);
    }

    public const string NotificationSettingsPath = "/account/notifications";

    static string Encode(string value) => WebUtility.HtmlEncode(value);
}
