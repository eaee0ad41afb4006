using System.Buffers.Binary;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Audio;

/// <summary>16-bit PCM RIFF/WAVE writer. Samples in [-1, 1] are clipped and rounded to the nearest integer step.</summary>
public static class WavWriter
{
    const int HeaderBytes = 44;

    /// <summary>Encodes interleaved samples (frames x channels) as a complete WAV file.</summary>
    public static byte[] EncodePcm16(ReadOnlySpan<float> samples, int sampleRate, int channels = 1)
    {
        if (sampleRate <= 0)
            throw new ArgumentOutOfRangeException(
                nameof(sampleRate),
                sampleRate,
                "sample rate must be positive"
            );
        if (channels <= 0 || samples.Length % channels != 0)
            throw new ArgumentException(
                $"{samples.Length} samples do not divide into {channels} channel(s)",
                nameof(channels)
            );
        var dataBytes = checked(samples.Length * 2);
        var bytes = new byte[HeaderBytes + dataBytes];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], 36 + dataBytes);
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], dataBytes);
        var data = s[HeaderBytes..];
        for (var i = 0; i < samples.Length; i++)
        {
            var v = Math.Round(Math.Clamp(samples[i], -1f, 1f) * 32767.0, MidpointRounding.ToEven);
            BinaryPrimitives.WriteInt16LittleEndian(data[(2 * i)..], (short)v);
        }
        return bytes;
    }

    /// <summary>Writes the file under a temporary name in the same folder and renames it.</summary>
    public static void WritePcm16(
        string path,
        ReadOnlySpan<float> samples,
        int sampleRate,
        int channels = 1
    )
    {
        var bytes = EncodePcm16(samples, sampleRate, channels);
        AtomicFile.Write(path, s => s.Write(bytes));
    }
}
