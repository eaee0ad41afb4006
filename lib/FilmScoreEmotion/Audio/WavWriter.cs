using FilmScoreEmotion.IO;
using NAudio.Wave;

namespace FilmScoreEmotion.Audio;

/// <summary>16-bit PCM RIFF/WAVE files through NAudio's <see cref="WaveFileWriter"/>. Samples in [-1, 1] are clipped
/// and rounded to the nearest integer step here, not by NAudio, whose float writer truncates toward zero.</summary>
public static class WavWriter
{
    /// <summary>Encodes interleaved samples <c>// (frames, channels)</c> as a complete WAV file.</summary>
    public static byte[] EncodePcm16(ReadOnlySpan<float> samples, int sampleRate, int channels = 1)
    {
        if (sampleRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        if (channels <= 0 || samples.Length % channels != 0)
            throw new ArgumentException($"{samples.Length} samples do not divide into {channels} channel(s)", nameof(channels));
        var pcm = new byte[checked(samples.Length * 2)];
        for (var i = 0; i < samples.Length; i++)
        {
            var v = (short)Math.Round(Math.Clamp(samples[i], -1f, 1f) * 32767.0, MidpointRounding.ToEven);
            pcm[2 * i] = (byte)v;
            pcm[2 * i + 1] = (byte)(v >> 8);
        }
        using var memory = new MemoryStream();
        // Disposing the writer fills in the RIFF and data sizes; the caller's stream stays open.
        using (var writer = new WaveFileWriter(memory, new WaveFormat(sampleRate, 16, channels)))
            writer.Write(pcm, 0, pcm.Length);
        return memory.ToArray();
    }

    /// <summary>Writes the file under a temporary name in the same folder and renames it.</summary>
    public static void WritePcm16(string path, ReadOnlySpan<float> samples, int sampleRate, int channels = 1)
    {
        var bytes = EncodePcm16(samples, sampleRate, channels);
        AtomicFile.Write(path, s => s.Write(bytes));
    }
}
