namespace MasteringPortal.Audio.IO;

/// <summary>How one sample is laid out in the file's bytes; the decoder and the quantiser switch on it.</summary>
public enum SampleLayout
{
    /// <summary>8-bit unsigned, offset 128 (WAV).</summary>
    UInt8,
    /// <summary>8-bit signed (AIFF).</summary>
    Int8,
    Int16LittleEndian,
    Int16BigEndian,
    Int24LittleEndian,
    Int24BigEndian,
    Int32LittleEndian,
    Int32BigEndian,
    Float32LittleEndian,
    Float32BigEndian,
    Float64LittleEndian,
    Float64BigEndian,
}

public static class SampleLayouts
{
    public static int BytesPerSample(this SampleLayout layout) => layout switch
    {
        SampleLayout.UInt8 or SampleLayout.Int8 => 1,
        SampleLayout.Int16LittleEndian or SampleLayout.Int16BigEndian => 2,
        SampleLayout.Int24LittleEndian or SampleLayout.Int24BigEndian => 3,
        SampleLayout.Int32LittleEndian or SampleLayout.Int32BigEndian
            or SampleLayout.Float32LittleEndian or SampleLayout.Float32BigEndian => 4,
        _ => 8,
    };

    public static bool IsFloat(this SampleLayout layout) =>
        layout is SampleLayout.Float32LittleEndian or SampleLayout.Float32BigEndian
            or SampleLayout.Float64LittleEndian or SampleLayout.Float64BigEndian;

    /// <summary>The layout for a bit depth and encoding in a given byte order (8-bit: unsigned for WAV, signed for AIFF).</summary>
    public static SampleLayout For(int bitDepth, bool isFloat, bool bigEndian, bool unsigned8Bit) => (bitDepth, isFloat) switch
    {
        (8, false) => unsigned8Bit ? SampleLayout.UInt8 : SampleLayout.Int8,
        (16, false) => bigEndian ? SampleLayout.Int16BigEndian : SampleLayout.Int16LittleEndian,
        (24, false) => bigEndian ? SampleLayout.Int24BigEndian : SampleLayout.Int24LittleEndian,
        (32, false) => bigEndian ? SampleLayout.Int32BigEndian : SampleLayout.Int32LittleEndian,
        (32, true) => bigEndian ? SampleLayout.Float32BigEndian : SampleLayout.Float32LittleEndian,
        (64, true) => bigEndian ? SampleLayout.Float64BigEndian : SampleLayout.Float64LittleEndian,
        _ => throw new ArgumentOutOfRangeException(nameof(bitDepth), $"{bitDepth}-bit {(isFloat ? "float" : "PCM")} is not a supported sample layout."),
    };
}
