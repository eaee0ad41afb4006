using System.Buffers.Binary;

namespace FilmScoreEmotion.Audio;

/// <summary>What the Xing/Info frame that opens most MP3s says: the number of audio frames and, in its LAME tag, the
/// samples the encoder added, <paramref name="Delay"/> at the start and <paramref name="Padding"/> at the end (12 bits
/// each). ffmpeg trims by these numbers; decoding the same samples means trimming the same way.</summary>
/// <param name="Frames">Audio frames the tag counts (the tag frame itself not included), or null where its frames field
/// is absent.</param>
/// <param name="Lame">Whether a LAME tag follows, written by LAME or ffmpeg (the writers whose delay and padding ffmpeg
/// trusts); without one nothing is trimmed.</param>
/// <param name="Joined">The file is more than 1/16 longer than the tag's byte count: MP3 files joined byte for byte,
/// whose first tag counts only the first file. ffmpeg then ignores the frame count ("invalid concatenated file
/// detected") and decodes to the end.</param>
public sealed record Mp3Gapless(int SamplesPerFrame, long? Frames, bool Lame, int Delay, int Padding, bool Joined)
{
    /// <summary>The MP3 decoder's own latency, which ffmpeg adds to the encoder delay (its <c>528 + 1</c>).</summary>
    public const int DecoderDelay = 529;

    /// <summary>Decoded samples per channel to drop at the start.</summary>
    public long Skip => Lame ? Delay + DecoderDelay : 0;

    /// <summary>Decoded samples per channel to keep after <see cref="Skip"/>: up to ffmpeg's first discarded sample,
    /// frames x samples per frame less the padding the decoder delay has not already taken; null (to the end) where
    /// ffmpeg trims no end.</summary>
    public long? Keep => Lame && !Joined && Frames is { } frames
        ? Math.Max(0, frames * SamplesPerFrame - Math.Max(0, Padding - DecoderDelay) - Skip)
        : null;

    /// <summary>The tag from the bytes of the first frame (after any ID3v2 tag) and <paramref name="streamBytes"/>, the
    /// file's length from that frame on; null where the first frame is no Xing/Info frame.</summary>
    public static Mp3Gapless? Parse(ReadOnlySpan<byte> head, long streamBytes)
    {
        if (MpegFrameHeader.Parse(head) is not { Layer: 3 } frame)
            return null;
        var tag = 4 + frame.SideInfoBytes;
        if (tag + 8 > head.Length || !(head.Slice(tag, 4).SequenceEqual("Xing"u8) || head.Slice(tag, 4).SequenceEqual("Info"u8)))
            return null;
        var flags = BinaryPrimitives.ReadUInt32BigEndian(head[(tag + 4)..]);
        var p = tag + 8;
        long? frames = null;
        if ((flags & 1) != 0 && p + 4 <= head.Length)
        {
            frames = BinaryPrimitives.ReadUInt32BigEndian(head[p..]);
            p += 4;
        }
        var joined = false;
        if ((flags & 2) != 0 && p + 4 <= head.Length)
        {
            var declared = (long)BinaryPrimitives.ReadUInt32BigEndian(head[p..]);
            // ffmpeg counts the file from the end of the frame header.
            var present = Math.Max(0, streamBytes - 4);
            joined = declared > 0 && present > declared && present - declared > declared >> 4;
            p += 4;
        }
        p += ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        if (p + 24 > head.Length)
            return new Mp3Gapless(frame.SamplesPerFrame, frames, false, 0, 0, joined);
        var encoder = head.Slice(p, 4);
        if (!(encoder.SequenceEqual("LAME"u8) || encoder.SequenceEqual("Lavf"u8) || encoder.SequenceEqual("Lavc"u8)))
            return new Mp3Gapless(frame.SamplesPerFrame, frames, false, 0, 0, joined);
        var delayPadding = (head[p + 21] << 16) | (head[p + 22] << 8) | head[p + 23];
        return new Mp3Gapless(frame.SamplesPerFrame, frames, true, delayPadding >> 12, delayPadding & 0xFFF, joined);
    }
}
