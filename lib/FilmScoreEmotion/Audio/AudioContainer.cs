using System.Text;

namespace FilmScoreEmotion.Audio;

/// <summary>The formats decoded in process; everything else is <see cref="Other"/> and goes to ffmpeg.</summary>
public enum AudioContainer
{
    Wav,
    Mp3,
    OggVorbis,
    Other,
}

/// <summary>Which decoder a file needs, told by its first bytes, not its name: RIFF/WAVE, an ID3v2 tag or an MPEG
/// Layer III frame sync, an Ogg page whose first packet is a Vorbis identification header.</summary>
public static class AudioContainers
{
    /// <summary>Bytes of the file's start that <see cref="Detect(ReadOnlySpan{byte}, ReadOnlySpan{byte}, string)"/>
    /// needs: a first Ogg page header with a full segment table and the packet type.</summary>
    public const int HeadBytes = 27 + 255 + 7;

    public static AudioContainer Detect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var head = new byte[HeadBytes];
        var got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var afterTag = Id3v2.Size(head.AsSpan(0, got)) > 0 ? Id3v2.AfterTag(path, 4).Head : [];
        return Detect(head.AsSpan(0, got), afterTag, Path.GetExtension(path));
    }

    /// <summary>The container from the file's first bytes <paramref name="head"/>, the 4 bytes after an ID3v2 tag
    /// <paramref name="afterTag"/> (empty without one) and the name's <paramref name="extension"/>. A file named .wav
    /// that is too short or carries no other format's magic counts as WAV, so a broken .wav gets the WAV reader's
    /// precise message rather than ffmpeg's.</summary>
    public static AudioContainer Detect(ReadOnlySpan<byte> head, ReadOnlySpan<byte> afterTag, string extension)
    {
        var namedWav = extension.Equals(".wav", StringComparison.OrdinalIgnoreCase);
        if (head.Length >= 12 && head[8..12].SequenceEqual("WAVE"u8)
            && (head[..4].SequenceEqual("RIFF"u8) || head[..4].SequenceEqual("RIFX"u8) || head[..4].SequenceEqual("RF64"u8)))
            return AudioContainer.Wav;
        if (head.Length >= 3 && head[..3].SequenceEqual("ID3"u8))
            return MpegFrameHeader.Parse(afterTag) is { Layer: 3 } ? AudioContainer.Mp3 : AudioContainer.Other;
        if (MpegFrameHeader.Parse(head) is { Layer: 3 })
            return AudioContainer.Mp3;
        if (IsOggVorbis(head))
            return AudioContainer.OggVorbis;
        return namedWav && (head.Length < 12 || !OtherContainer(head)) ? AudioContainer.Wav : AudioContainer.Other;
    }

    /// <summary>An Ogg page (27-byte header, then as many segment sizes as its byte 26 says) whose first packet is
    /// Vorbis's identification header: packet type 1, then "vorbis". Opus and FLAC in Ogg go to ffmpeg.</summary>
    private static bool IsOggVorbis(ReadOnlySpan<byte> head)
    {
        if (head.Length < 27 || !head[..4].SequenceEqual("OggS"u8))
            return false;
        var packet = 27 + head[26];
        return head.Length >= packet + 7 && head[packet] == 1 && head.Slice(packet + 1, 6).SequenceEqual("vorbis"u8);
    }

    /// <summary>Magic numbers of containers ffmpeg reads that people sometimes save under a .wav name.</summary>
    private static bool OtherContainer(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head[..8]);
        return text.StartsWith("fLaC") || text.StartsWith("OggS") || text[4..8] == "ftyp" || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0);
    }
}
