using System.Buffers.Binary;

namespace FilmScoreEmotion.Audio;

/// <summary>What the LAME tag (inside the Xing/Info frame that opens most MP3s) says about the samples an encoder
/// added: <paramref name="Delay"/> at the start, <paramref name="Padding"/> at the end (12 bits each), and the number
/// of audio frames after the tag frame. ffmpeg trims by these numbers; decoding the same samples means trimming the same
/// way.</summary>
/// <param name="Frames">Audio frames the Xing tag counts (the tag frame itself not included), or null where its frames
/// field is absent.</param>
public sealed record Mp3Gapless(int SamplesPerFrame, long? Frames, int Delay, int Padding)
{
    /// <summary>The MP3 decoder's own latency, which ffmpeg adds to the encoder delay (its <c>528 + 1</c>).</summary>
    public const int DecoderDelay = 529;

    /// <summary>Decoded samples per channel to drop at the start.</summary>
    public long Skip => Delay + DecoderDelay;

    /// <summary>Decoded samples per channel to keep after <see cref="Skip"/>: up to ffmpeg's first discarded sample,
    /// frames x samples per frame less the padding the decoder delay has not already taken; null (to the end) where
    /// the tag does not count the frames.</summary>
    public long? Keep => Frames is { } frames
        ? Math.Max(0, frames * SamplesPerFrame - Math.Max(0, Padding - DecoderDelay) - Skip)
        : null;

    /// <summary>The tag from the bytes of the first frame (after any ID3v2 tag), or null where the file has none: no
    /// Xing/Info frame first, or a Xing frame whose encoder field names neither LAME nor ffmpeg (the writers whose
    /// delay and padding ffmpeg trusts).</summary>
    public static Mp3Gapless? Parse(ReadOnlySpan<byte> head)
    {
        if (MpegFrameHeader.Parse(head) is not { Layer: 3 } frame)
            return null;
        var tag = 4 + frame.SideInfoBytes;
        if (tag + 8 > head.Length || !(head.Slice(tag, 4).SequenceEqual("Xing"u8) || head.Slice(tag, 4).SequenceEqual("Info"u8)))
            return null;
        var flags = BinaryPrimitives.ReadUInt32BigEndian(head[(tag + 4)..]);
        var p = tag + 8;
        long? frames = null;
        if ((flags & 1) != 0)
        {
            if (p + 4 > head.Length)
                return null;
            frames = BinaryPrimitives.ReadUInt32BigEndian(head[p..]);
            p += 4;
        }
        p += ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        if (p + 24 > head.Length)
            return null;
        var encoder = head.Slice(p, 4);
        if (!(encoder.SequenceEqual("LAME"u8) || encoder.SequenceEqual("Lavf"u8) || encoder.SequenceEqual("Lavc"u8)))
            return null;
        var delayPadding = (head[p + 21] << 16) | (head[p + 22] << 8) | head[p + 23];
        return new Mp3Gapless(frame.SamplesPerFrame, frames, delayPadding >> 12, delayPadding & 0xFFF);
    }

}
