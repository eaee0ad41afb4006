using System.Text;

namespace FilmScoreEmotion.Audio;

/// <summary>Any audio file to mono float32 at one rate. A file whose bytes begin RIFF....WAVE is read in-process
/// (channels averaged, then <see cref="Resample"/>d), whatever its name; every other file, and WAV encodings the
/// in-process reader does not know, go through <see cref="Ffmpeg"/>. Both paths stream, so a file of any length is
/// decoded in constant memory by <see cref="DecodeChunks"/>.</summary>
public static class Decoder
{
    public const int DefaultChunkSamples = 1 << 16;

    /// <summary>The whole file, mono at <paramref name="targetRate"/> Hz. It holds the signal twice while assembling it
    /// (about 0.9 GB for two hours at 16 kHz); long inputs belong to <see cref="DecodeChunks"/>.</summary>
    public static float[] Decode(string path, int targetRate = 16000, string? ffmpeg = null)
    {
        var chunks = DecodeChunks(path, targetRate, DefaultChunkSamples, ffmpeg).ToList();
        var all = new float[chunks.Sum(c => (long)c.Length)];
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(all, at);
            at += chunk.Length;
        }
        return all;
    }

    /// <summary>The file, mono at <paramref name="targetRate"/> Hz, in chunks of exactly <paramref name="chunkSamples"/>
    /// samples (the last may be shorter). A missing or empty file, a broken WAV header and a missing ffmpeg are
    /// reported at the call; problems inside the audio while enumerating.</summary>
    public static IEnumerable<float[]> DecodeChunks(string path, int targetRate = 16000, int chunkSamples = DefaultChunkSamples, string? ffmpeg = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSamples);
        if (Directory.Exists(path))
            throw new FileNotFoundException($"{path}: is a folder, not an audio file", path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file does not exist", path);
        if (new FileInfo(path).Length == 0)
            throw new InvalidDataException($"{path}: empty file (0 bytes), not audio");
        return Rechunk(IsWav(path) ? InProcessOrFfmpeg(path, targetRate, chunkSamples, ffmpeg)
            : Ffmpeg.DecodeChunks(path, targetRate, chunkSamples, ffmpeg), chunkSamples);
    }

    private static IEnumerable<float[]> InProcessOrFfmpeg(string path, int targetRate, int chunkSamples, string? ffmpeg)
    {
        WavFormat format;
        try
        {
            format = WavReader.ReadFormat(path);
        }
        catch (WavFormatNotSupportedException)
        {
            return Ffmpeg.DecodeChunks(path, targetRate, chunkSamples, ffmpeg);
        }
        var frames = Math.Max(1, (int)Math.Min(int.MaxValue / format.Channels, (long)chunkSamples * format.SampleRate / targetRate));
        var mono = WavReader.ReadChunks(format, frames).Select(chunk => Downmix.Mean(chunk, format.Channels));
        return Resample.Chunks(mono, targetRate, format.SampleRate);
    }

    /// <summary>Whether the file is a WAV by its first bytes (RIFF, RIFX or RF64 then WAVE), or, when it is too short
    /// to tell, by its name, so a truncated or mislabelled .wav gets the WAV reader's precise message.</summary>
    private static bool IsWav(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using var stream = File.OpenRead(path);
        var got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var riff = Encoding.Latin1.GetString(head[..Math.Min(4, got)]);
        return got == 12
            ? riff is "RIFF" or "RIFX" or "RF64" && Encoding.Latin1.GetString(head[8..]) == "WAVE"
              || (Path.GetExtension(path).Equals(".wav", StringComparison.OrdinalIgnoreCase) && !LooksLikeAudioContainer(head))
            : Path.GetExtension(path).Equals(".wav", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Magic numbers of containers ffmpeg reads that people sometimes save under a .wav name.</summary>
    private static bool LooksLikeAudioContainer(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        return text.StartsWith("ID3") || text.StartsWith("fLaC") || text.StartsWith("OggS") || text[4..8] == "ftyp"
            || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0);
    }

    private static IEnumerable<float[]> Rechunk(IEnumerable<float[]> chunks, int size)
    {
        var pending = new float[size];
        var count = 0;
        foreach (var chunk in chunks)
        {
            for (var offset = 0; offset < chunk.Length;)
            {
                var take = Math.Min(size - count, chunk.Length - offset);
                chunk.AsSpan(offset, take).CopyTo(pending.AsSpan(count));
                count += take;
                offset += take;
                if (count == size)
                {
                    yield return pending;
                    pending = new float[size];
                    count = 0;
                }
            }
        }
        if (count > 0)
            yield return pending[..count];
    }
}
