namespace MasteringPortal.Web.Features.Uploads;

/// <summary>The small message uploader.js sends a few times a second (never file bytes).</summary>
/// <param name="Phase">"checking" (hashing in the browser), "uploading", "reconnecting", "verifying" (the server checks the whole file).</param>
/// <param name="SecondsLeft">At the current speed; null while it cannot be estimated.</param>
public sealed record UploadProgress(string Phase, double Percent, double BytesPerSecond, double? SecondsLeft);
