namespace MasteringPortal.Testing.UploadFuzzing;

/// <summary>Values that break parsers and checks: edges of the number types, hostile names, broken checksums.</summary>
public static class NastyValues
{
    /// <summary>JSON texts, sent as written (a number too large for any .NET type, a lone surrogate).</summary>
    public static readonly IReadOnlyList<string> Json =
    [
        "0", "-1", "1", "-0", "1.5", "1e308", "1e400", "-1e400", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "2147483647", "2147483648", "-2147483649", "4294967296", "4294967297", "262143", "262144",
        "67108864", "67108865", "99999999999999999999999999999999", "true", "false", "null", "[]", "{}", "[1,2,3]",
        "{\"a\":{\"b\":{\"c\":[]}}}", "\"\"", "\" \"", "\"mix\"", "\"MIX\"", "\"reference\"", "\"master\"", "\"deliverable\"",
        "\"wav16\"", "\"mp3\"", "\"flac\"", "\"../../../etc/passwd\"", "\"..\\\\..\\\\boot.ini\"", "\"con.wav\"", "\"a\\u0000b.wav\"",
        "\"\\u202Egnp.wav\"", "\"\\uD800.wav\"", "\"\\uFFFF\"", "\"🎵 mix ✓.wav\"", "\"<script>alert(1)</script>.wav\"",
        "\"mix.wav \"", "\".wav\"", "\"NaN\"", "\"-1\"", "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-guid\"",
        "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"",
        "\"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\"",
        "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg\"",
        "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\"",
    ];

    /// <summary>A long string of <paramref name="length"/> characters of <paramref name="c"/>, ending like an audio file.</summary>
    public static string Long(char c, int length) => new string(c, length) + ".wav";

    /// <summary>Header values for <c>X-Chunk-Sha256</c> and <c>Content-Range</c> beyond the ones derived from the chunk.</summary>
    public static readonly IReadOnlyList<string> Headers =
    [
        "", " ", "0", "-1", "sha256=", "bytes 0-0/0", "bytes */*", "bytes -5-10/20", "bytes 0-9223372036854775807/9223372036854775807",
        "bytes 99999999999999999999-1/2", "é", "\u202E", "null", new string('f', 64), new string('F', 65), new string('0', 4096),
    ];
}
