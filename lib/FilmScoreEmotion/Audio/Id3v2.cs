namespace FilmScoreEmotion.Audio;

/// <summary>The ID3v2 tag that MP3 files often start with: only its length matters here, to find the first frame.</summary>
public static class Id3v2
{
    /// <summary>Bytes the tag takes at the start of a file, from its first 10 bytes (header, syncsafe size and an
    /// optional footer); 0 where there is none.</summary>
    public static long Size(ReadOnlySpan<byte> head)
    {
        if (head.Length < 10 || !head[..3].SequenceEqual("ID3"u8))
            return 0;
        var size = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F);
        return 10L + size + ((head[5] & 0x10) != 0 ? 10 : 0);
    }

    /// <summary>Up to <paramref name="count"/> bytes of the file from the end of its ID3v2 tag, where the first MPEG
    /// frame should begin, and the file's length from there on.</summary>
    public static (byte[] Head, long Remaining) AfterTag(string path, int count)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var head = new byte[10];
        var got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = Math.Min(stream.Length, Size(head.AsSpan(0, got)));
        var remaining = stream.Length - stream.Position;
        var bytes = new byte[count];
        got = stream.ReadAtLeast(bytes, count, throwOnEndOfStream: false);
        return (bytes[..got], remaining);
    }
}
