namespace MasteringPortal.Testing.UploadFuzzing;

/// <summary>
/// The configuration a fuzzed portal runs with: the per-user upload quotas lifted (the fuzzer begins thousands of
/// uploads, and a quota refusal on every later input would hide the rest of the protocol), the rest as shipped.
/// </summary>
public static class UploadFuzzSettings
{
    public static readonly IReadOnlyDictionary<string, string?> Lifted = new Dictionary<string, string?>
    {
        ["Uploads:MaxUnfinishedPerUser"] = "100000",
        ["Uploads:FilesPerUserPerDay"] = "100000",
        ["Uploads:BytesPerUserPerDay"] = "1099511627776",
        ["Uploads:FilesPerProject"] = "100000",
        ["Uploads:BytesPerProject"] = "1099511627776",
    };
}
