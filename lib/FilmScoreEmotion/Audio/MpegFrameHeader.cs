namespace FilmScoreEmotion.Audio;

/// <summary>The fields of a 4-byte MPEG audio frame header that decide where things sit in the frame.</summary>
/// <param name="Mpeg1">MPEG-1 (32, 44.1, 48 kHz); otherwise MPEG-2 or 2.5, whose Layer III frames hold half as many
/// samples and a shorter side information block.</param>
/// <param name="Layer">1, 2 or 3.</param>
public sealed record MpegFrameHeader(bool Mpeg1, int Layer, bool Mono)
{
    /// <summary>Samples per channel in one Layer III frame.</summary>
    public int SamplesPerFrame => Mpeg1 ? 1152 : 576;

    /// <summary>Bytes of Layer III side information after the header, where a Xing/Info tag begins (ffmpeg's
    /// table, which ignores a CRC, as encoders writing the tag do).</summary>
    public int SideInfoBytes => (Mpeg1, Mono) switch
    {
        (true, false) => 32,
        (true, true) => 17,
        (false, false) => 17,
        (false, true) => 9,
    };

    /// <summary>The header at the start of <paramref name="bytes"/>, or null where those bytes are no valid frame
    /// header: sync, a defined version, layer, bitrate and sample rate (AAC's ADTS sync has layer 0 and is refused).</summary>
    public static MpegFrameHeader? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0)
            return null;
        var version = (bytes[1] >> 3) & 3;
        var layerBits = (bytes[1] >> 1) & 3;
        var bitrate = bytes[2] >> 4;
        var rate = (bytes[2] >> 2) & 3;
        if (version == 1 || layerBits == 0 || bitrate == 15 || rate == 3)
            return null;
        return new MpegFrameHeader(version == 3, 4 - layerBits, (bytes[3] >> 6) == 3);
    }
}
