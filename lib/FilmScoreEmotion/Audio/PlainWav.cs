using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FilmScoreEmotion.Audio;

/// <summary>The samples of the commonest short WAV, read with one open and two reads: a RIFF file whose "fmt " chunk
/// (plain, not extensible) says mono 16-bit PCM or 32-bit float at the wanted rate, followed, after any even-sized
/// chunks, by a data chunk that the file holds whole. Every other file, and every fault (a truncated or non-finite
/// file, one that cannot be opened), is answered with null, so the caller takes <see cref="WavReader"/> and its
/// messages. The values are the ones <see cref="WavReader"/> gives (16-bit samples over 32,768, floats as
/// stored); on a folder of clips, NAudio's header reader (a dozen small reads per file, and a second open for the
/// samples) costs as much as the transform.</summary>
public static class PlainWav
{
    /// <summary>Header bytes read at once: the fmt chunk and a few small chunks (ffmpeg's LIST) before the data.</summary>
    const int HeadBytes = 4096;

    const ushort Pcm = 1;
    const ushort IeeeFloat = 3;

    /// <summary>The mono samples of <paramref name="path"/> if it is such a file at <paramref name="sampleRate"/>
    /// with 1 to <paramref name="maxFrames"/> frames; else null.</summary>
    public static float[]? TryRead(string path, int sampleRate, long maxFrames) => TryRead(path, sampleRate, maxFrames, frames => new float[frames]);

    /// <param name="allocate">an array of exactly the given length to read into (a caller that reads many files
    /// hands back arrays it has used: the pages of a fresh 128-KB array are faulted in afresh on every file)</param>
    public static float[]? TryRead(string path, int sampleRate, long maxFrames, Func<int, float[]> allocate)
    {
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var length = RandomAccess.GetLength(file);
            var head = new byte[(int)Math.Min(HeadBytes, length)];
            if (RandomAccess.Read(file, head, 0) < head.Length)
                return null;
            return Data(head, length, sampleRate, maxFrames) is var (offset, frames, bits) ? Samples(file, offset, frames, bits, allocate) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Where the data start, how many whole frames the header declares, and the bits per sample; null for
    /// any other layout. The chunks are walked as NAudio walks them (up to the RIFF size or the file's end, whichever
    /// comes first), and the data chunk must be the last one it sees, so that both read the same samples.</summary>
    static (long Offset, long Frames, int Bits)? Data(ReadOnlySpan<byte> head, long length, int sampleRate, long maxFrames)
    {
        if (head.Length < 12 || !head[..4].SequenceEqual("RIFF"u8) || !head[8..12].SequenceEqual("WAVE"u8))
            return null;
        var stop = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) + 8L, length);
        var at = 12L;
        var bits = 0;
        while (at <= stop - 8 && at + 8 <= head.Length)
        {
            var id = head.Slice((int)at, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(head[(int)(at + 4)..]);
            var body = at + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (bits != 0 || size is not (16 or 18) || body + size > head.Length)
                    return null;
                bits = Format(head.Slice((int)body, (int)size), sampleRate);
                if (bits == 0)
                    return null;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (bits == 0 || size > length - body || body + size <= stop - 8)
                    return null;
                var frames = size / (bits / 8);
                return frames is > 0 && frames <= maxFrames ? (body, frames, bits) : null;
            }
            else if (size % 2 != 0)
                return null;
            at = body + size;
        }
        return null;
    }

    /// <summary>16 or 32 for mono PCM-16 or float-32 at the rate, with the block align those imply; 0 otherwise.</summary>
    static int Format(ReadOnlySpan<byte> fmt, int sampleRate)
    {
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var rate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        var plain = (tag, bits) is (Pcm, 16) or (IeeeFloat, 32);
        return plain && channels == 1 && rate == sampleRate && blockAlign == bits / 8 ? bits : 0;
    }

    static float[]? Samples(SafeFileHandle file, long offset, long frames, int bits, Func<int, float[]> allocate)
    {
        var samples = allocate((int)frames);
        var bytes = MemoryMarshal.AsBytes(samples.AsSpan());
        if (bits == 32)
        {
            if (RandomAccess.Read(file, bytes, offset) < bytes.Length)
                return null;
            foreach (var s in samples)
                if (!float.IsFinite(s))
                    return null;
            return samples;
        }
        // the 16-bit samples are read into the first half of the result and widened from the last one down, so each
        // float lands on samples already converted
        var pcm = MemoryMarshal.Cast<byte, short>(bytes[..(2 * samples.Length)]);
        if (RandomAccess.Read(file, MemoryMarshal.AsBytes(pcm), offset) < 2 * samples.Length)
            return null;
        for (var i = samples.Length - 1; i >= 0; i--)
            samples[i] = (BitConverter.IsLittleEndian ? pcm[i] : BinaryPrimitives.ReverseEndianness(pcm[i])) / 32768f;
        return samples;
    }
}
