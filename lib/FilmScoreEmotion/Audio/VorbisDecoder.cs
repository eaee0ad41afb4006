using NVorbis;

namespace FilmScoreEmotion.Audio;

/// <summary>Ogg Vorbis decoded in process by NVorbis: the same frames as ffmpeg, sample for sample (NVorbis honours the
/// granule positions that trim the stream's start and end).</summary>
public static class VorbisDecoder
{
    public const string Codec = "NVorbis (Ogg Vorbis)";

    /// <summary>The file as interleaved chunks of at most <paramref name="chunkFrames"/> frames; the headers are read at
    /// the call.</summary>
    public static PcmStream Open(string path, int chunkFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkFrames);
        var (sampleRate, channels) = InProcessCodec.Guard(path, Codec, () =>
        {
            using var reader = new VorbisReader(path);
            return (reader.SampleRate, reader.Channels);
        });
        if (sampleRate <= 0 || channels <= 0)
            throw new InvalidDataException($"{path}: Vorbis header gives {channels} channels at {sampleRate} Hz");
        return new PcmStream(sampleRate, channels, Chunks(path, channels, chunkFrames));
    }

    /// <summary>Samples per channel, from the last page's granule position (nothing is decoded), and the rate.</summary>
    public static (long Frames, int SampleRate) Length(string path) =>
        InProcessCodec.Guard(path, Codec, () =>
        {
            using var reader = new VorbisReader(path);
            return (reader.TotalSamples, reader.SampleRate);
        });

    private static IEnumerable<float[]> Chunks(string path, int channels, int chunkFrames)
    {
        // NVorbis clips to [-1, 1] unless told not to; ffmpeg does not, and the samples should be ffmpeg's.
        using var reader = InProcessCodec.Guard(path, Codec, () => new VorbisReader(path) { ClipSamples = false });
        var buffer = new float[chunkFrames * channels];
        // Reads stop at the last page's granule position (where ffmpeg stops too on a well-formed file): NVorbis 0.10.5
        // spins forever in ReadSamples when a file's end trim reaches back past samples it has already given out
        // (NVorbis issue #40; ffmpeg writes such files when it stream-copies a cut of an Ogg with irregular timestamps).
        var remaining = InProcessCodec.Guard(path, Codec, () => reader.TotalSamples) * channels;
        while (remaining > 0)
        {
            var want = (int)Math.Min(buffer.Length, remaining);
            var samples = InProcessCodec.Guard(path, Codec, () => reader.ReadSamples(buffer, 0, want));
            if (samples == 0)
                yield break;
            remaining -= samples;
            yield return buffer[..(samples / channels * channels)];
        }
    }
}
