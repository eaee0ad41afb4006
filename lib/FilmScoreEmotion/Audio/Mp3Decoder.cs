using NLayer;

namespace FilmScoreEmotion.Audio;

/// <summary>MP3 decoded in process by NLayer, trimmed to the samples ffmpeg gives: NLayer skips the Xing/Info frame
/// but keeps the encoder delay, the decoder delay and the end padding, which ffmpeg removes by the LAME tag
/// (<see cref="Mp3Gapless"/>). Without a LAME tag nothing is trimmed, as in ffmpeg.</summary>
public static class Mp3Decoder
{
    public const string Codec = "NLayer (MP3)";

    /// <summary>Bytes read after the ID3v2 tag for the first frame: the largest Layer III frame is 2,881 bytes.</summary>
    private const int FirstFrameBytes = 4096;

    /// <summary>Whether the file is MP3s joined byte for byte (<see cref="Mp3Gapless.Joined"/>). NLayer stops at the
    /// frame count of the first file's tag, where ffmpeg decodes to the end, so such files belong to ffmpeg.</summary>
    public static bool Joined(string path) => Gapless(path)?.Joined == true;

    /// <summary>The file as interleaved chunks of at most <paramref name="chunkFrames"/> frames; the rate and channels
    /// are read at the call, so a file NLayer cannot open is reported there. A <see cref="Joined"/> file ends after its
    /// first part.</summary>
    public static PcmStream Open(string path, int chunkFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkFrames);
        var gapless = Gapless(path);
        var (sampleRate, channels) = InProcessCodec.Guard(path, Codec, () =>
        {
            using var file = new MpegFile(path);
            return (file.SampleRate, file.Channels);
        });
        if (sampleRate <= 0 || channels <= 0)
            throw new InvalidDataException($"{path}: {Codec} found no MPEG audio frame");
        return new PcmStream(sampleRate, channels, Chunks(path, channels, gapless, chunkFrames));
    }

    /// <summary>Samples per channel ffmpeg gives for the file, and its rate: the count from the LAME tag when it counts
    /// the frames, otherwise from NLayer's scan of the frame headers (nothing is decoded).</summary>
    public static (long Frames, int SampleRate) Length(string path)
    {
        var gapless = Gapless(path);
        var (decoded, sampleRate) = InProcessCodec.Guard(path, Codec, () =>
        {
            using var file = new MpegFile(path);
            return gapless?.Keep is null && file.Channels > 0
                ? (file.Length / sizeof(float) / file.Channels, file.SampleRate)
                : (0L, file.SampleRate);
        });
        if (sampleRate <= 0)
            throw new InvalidDataException($"{path}: {Codec} found no MPEG audio frame");
        return (gapless?.Keep ?? Math.Max(0, decoded - (gapless?.Skip ?? 0)), sampleRate);
    }

    private static Mp3Gapless? Gapless(string path)
    {
        var (head, remaining) = Id3v2.AfterTag(path, FirstFrameBytes);
        return Mp3Gapless.Parse(head, remaining);
    }

    private static IEnumerable<float[]> Chunks(string path, int channels, Mp3Gapless? gapless, int chunkFrames)
    {
        using var file = InProcessCodec.Guard(path, Codec, () => new MpegFile(path));
        var buffer = new float[chunkFrames * channels];
        var skip = gapless?.Skip ?? 0;
        var left = gapless?.Keep ?? long.MaxValue;
        var any = false;
        while (left > 0)
        {
            var frames = InProcessCodec.Guard(path, Codec, () => file.ReadSamples(buffer, 0, buffer.Length)) / channels;
            if (frames == 0)
                break;
            any = true;
            var start = (int)Math.Min(skip, frames);
            skip -= start;
            var take = (int)Math.Min(frames - start, left);
            left -= take;
            if (take > 0)
                yield return buffer[(start * channels)..((start + take) * channels)];
        }
        if (!any)
            throw new InvalidDataException($"{path}: {Codec} decoded no MPEG audio frame");
    }
}
