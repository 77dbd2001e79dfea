namespace MasteringPortal.Testing.UploadFuzzing;

/// <summary>
/// Starting inputs, written in <see cref="UploadProtocolFuzzer"/>'s choices: a whole valid upload (so mutations start
/// from requests that get past the checks), the same with a damaged piece, and a few random ones.
/// </summary>
public static class UploadFuzzSeeds
{
    // Ava (session 0) begins an unchanged body as JSON for her draft: op 0, no changes, text kept, JSON, her project.
    static readonly byte[] Begin = [0, 0, 0, 2, 0, 2];
    // Ava sends piece i: op 3, an index in range, i, the piece as it is, the current upload, its true hash, no Content-Range.
    static byte[] Piece(byte index, byte body = 4) => [0, 3, 4, index, body, 2, 4, 1];
    // Ava completes the current upload.
    static readonly byte[] Complete = [0, 5, 2];

    /// <summary>Begin, both pieces of the test file, complete: every answer a success.</summary>
    public static byte[] ValidUpload => [.. Begin, .. Piece(0), .. Piece(1), .. Complete];

    public static IReadOnlyList<(string Name, byte[] Bytes)> All()
    {
        var seeds = new List<(string, byte[])>
        {
            ("valid-upload", ValidUpload),
            ("damaged-piece", [.. Begin, .. Piece(0), .. Piece(1, body: 2), .. Complete]),
        };
        var random = new Random(16);
        for (var i = 0; i < 4; i++)
        {
            var bytes = new byte[random.Next(16, 96)];
            random.NextBytes(bytes);
            seeds.Add(($"random-{i}", bytes));
        }
        return seeds;
    }
}
