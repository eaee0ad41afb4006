namespace FilmScoreEmotion.Audio;

/// <summary>Any audio file to mono float32 at one rate. The file's first bytes pick the decoder
/// (<see cref="AudioContainers"/>): WAV through NAudio, MP3 through NLayer, Ogg Vorbis through NVorbis, all in process
/// (channels averaged, then <see cref="Resample"/>d); every other file, WAV encodings NAudio does not read and MP3s
/// joined byte for byte go through <see cref="Ffmpeg"/>. Every path streams, so a file of any length is decoded in
/// constant memory by <see cref="DecodeChunks"/>.</summary>
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
        var compressedFrames = InputFrames(chunkSamples, targetRate, HighestCompressedRate);
        return Rechunk(AudioContainers.Detect(path) switch
        {
            AudioContainer.Wav => WavOrFfmpeg(path, targetRate, chunkSamples, ffmpeg),
            AudioContainer.Mp3 when !Mp3Decoder.Joined(path) => Mono(Mp3Decoder.Open(path, compressedFrames), targetRate),
            AudioContainer.OggVorbis => Mono(VorbisDecoder.Open(path, compressedFrames), targetRate),
            _ => Ffmpeg.DecodeChunks(path, targetRate, chunkSamples, ffmpeg),
        }, chunkSamples);
    }

    private static IEnumerable<float[]> WavOrFfmpeg(string path, int targetRate, int chunkSamples, string? ffmpeg)
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
        var frames = InputFrames(chunkSamples, targetRate, format.SampleRate);
        return Mono(new PcmStream(format.SampleRate, format.Channels, WavReader.ReadChunks(format, frames)), targetRate);
    }

    /// <summary>MP3 and Vorbis tell their rate only once opened; reads sized for the highest common rate keep chunks
    /// near the asked size at any rate.</summary>
    private const int HighestCompressedRate = 48000;

    /// <summary>Input frames per read that give about <paramref name="chunkSamples"/> output samples.</summary>
    private static int InputFrames(int chunkSamples, int targetRate, int sampleRate) =>
        (int)Math.Clamp((long)chunkSamples * sampleRate / targetRate, 1, 1 << 20);

    private static IEnumerable<float[]> Mono(PcmStream pcm, int targetRate) =>
        Resample.Chunks(pcm.Chunks.Select(chunk => Downmix.Mean(chunk, pcm.Channels)), targetRate, pcm.SampleRate);

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
