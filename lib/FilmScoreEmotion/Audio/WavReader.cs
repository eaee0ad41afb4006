using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using NAudio.Wave;

namespace FilmScoreEmotion.Audio;

/// <summary>What a WAV header says, checked: enough to stream the data chunk.</summary>
/// <param name="Frames">Whole frames (one sample per channel) in the data chunk, a partial last frame ignored as
/// libsndfile does.</param>
public sealed record WavFormat(string Path, int SampleRate, int Channels, WaveFormatEncoding Encoding, int BitsPerSample, long Frames)
{
    public double Seconds => (double)Frames / SampleRate;
}

/// <summary>A decoded WAV file.</summary>
/// <param name="Samples">Interleaved float32 samples, frame after frame: <c>// (frames, channels)</c>, the layout of
/// the file itself and of libsndfile's <c>sf_read_float</c>.</param>
public sealed record WavAudio(int SampleRate, int Channels, float[] Samples)
{
    public long Frames => Samples.Length / Channels;
}

/// <summary>Thrown for a well-formed WAV whose sample format NAudio does not decode (ADPCM, A-law, RIFX, RF64, ...);
/// the decoder hands such files to ffmpeg instead.</summary>
public sealed class WavFormatNotSupportedException(string message) : NotSupportedException(message);

/// <summary>Reads RIFF/WAVE files in process through NAudio's <see cref="WaveFileReader"/>: PCM 8 (unsigned), 16, 24
/// and 32 bit, IEEE float 32 and 64 bit, plain or WAVE_FORMAT_EXTENSIBLE, any channel count. NAudio scales integers
/// to [-1, 1) as libsndfile does, so the floats are bit-identical to <c>soundfile.read(dtype='float32')</c>. NAudio
/// tolerates what this reader refuses (a truncated data chunk, zero channels, non-finite floats), so those checks stay
/// here, each with a message that names the file.</summary>
public static class WavReader
{
    /// <summary>Streaming writers that cannot seek back leave the data size at this value: "to the end of the file".</summary>
    private const long UnknownSize = 0xFFFFFFFF;

    public static WavAudio Read(string path)
    {
        var format = ReadFormat(path);
        return new WavAudio(format.SampleRate, format.Channels, ReadSamples(format));
    }

    /// <summary>Every sample of a checked header, interleaved <c>// (frames, channels)</c>. Packed 32-bit floats are
    /// read straight into the result (NAudio's converter would only copy them, chunk by chunk); every other encoding
    /// goes through <see cref="ReadChunks"/>. Values and faults are the same either way.</summary>
    public static float[] ReadSamples(WavFormat format)
    {
        var samples = new float[checked(format.Frames * format.Channels)];
        if (format is { Encoding: WaveFormatEncoding.IeeeFloat, BitsPerSample: 32 })
        {
            using var stream = new FileStream(format.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            using var reader = Open(stream, format.Path);
            if (reader.WaveFormat.BlockAlign == format.Channels * sizeof(float))
            {
                var bytes = MemoryMarshal.AsBytes(samples.AsSpan());
                var got = reader.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                if (got < bytes.Length)
                    throw Truncated(format, got / (format.Channels * sizeof(float)));
                CheckFinite(samples, format, 0);
                return samples;
            }
        }
        var at = 0;
        foreach (var chunk in ReadChunks(format, 1 << 16))
        {
            chunk.CopyTo(samples, at);
            at += chunk.Length;
        }
        return samples;
    }

    /// <summary>Parses and validates the header, so that every structural problem is reported before any sample is
    /// produced.</summary>
    public static WavFormat ReadFormat(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file does not exist", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length == 0)
            throw new InvalidDataException($"{path}: empty file (0 bytes), not a WAV file");
        CheckRiffWave(stream, path);
        using var reader = Open(stream, path);
        var format = reader.WaveFormat;
        // NAudio leaves the file at the first sample after reading the header, and clamps the data size to the file;
        // the size the header declares, needed to call a file truncated, is the field just before the samples.
        var present = stream.Length - stream.Position;
        var declared = DeclaredDataSize(stream);
        if (declared != UnknownSize && declared > present)
            throw new InvalidDataException($"{path}: truncated WAV: data chunk says {declared} bytes, {present} present");
        if (format.Channels <= 0)
            throw new InvalidDataException($"{path}: WAV fmt chunk gives {format.Channels} channels");
        if (format.SampleRate is <= 0 or > 1_536_000)
            throw new InvalidDataException($"{path}: WAV fmt chunk gives a sample rate of {format.SampleRate} Hz");
        var bytesPerFrame = format.Channels * (format.BitsPerSample / 8);
        if (format.BlockAlign < bytesPerFrame || bytesPerFrame == 0)
            throw new InvalidDataException(
                $"{path}: WAV block align {format.BlockAlign} is smaller than {format.Channels} channels x {format.BitsPerSample / 8} bytes");
        // NAudio decides which encodings it converts; asking now reports an unsupported one before any sample.
        Samples(reader, path);
        return new WavFormat(path, format.SampleRate, format.Channels, format.Encoding, format.BitsPerSample,
            Math.Min(declared, present) / format.BlockAlign);
    }

    private static long DeclaredDataSize(Stream stream)
    {
        Span<byte> size = stackalloc byte[4];
        var dataOffset = stream.Position;
        stream.Position = dataOffset - 4;
        stream.ReadExactly(size);
        stream.Position = dataOffset;
        return BinaryPrimitives.ReadUInt32LittleEndian(size);
    }

    /// <summary>Streams the samples in chunks of at most <paramref name="chunkFrames"/> frames, interleaved
    /// <c>// (frames, channels)</c>, so a file of any length is read in constant memory.</summary>
    public static IEnumerable<float[]> ReadChunks(WavFormat format, int chunkFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkFrames);
        return Iterate(format, (int)Math.Min(chunkFrames, Math.Max(1, format.Frames)));

        static IEnumerable<float[]> Iterate(WavFormat format, int chunkFrames)
        {
            using var stream = new FileStream(format.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = Open(stream, format.Path);
            var samples = Samples(reader, format.Path);
            var buffer = new float[chunkFrames * format.Channels];
            for (var frame = 0L; frame < format.Frames;)
            {
                var frames = (int)Math.Min(chunkFrames, format.Frames - frame);
                // NAudio's readers refuse anything but whole blocks, so every read asks for whole frames.
                var wanted = frames * format.Channels;
                var got = 0;
                for (int n; got < wanted && (n = samples.Read(buffer.AsSpan(got, wanted - got))) > 0;)
                    got += n;
                if (got < wanted)
                    throw Truncated(format, frame + got / format.Channels);
                yield return Finite(buffer.AsSpan(0, wanted), format, frame);
                frame += frames;
            }
        }
    }

    private static void CheckRiffWave(Stream stream, string path)
    {
        Span<byte> head = stackalloc byte[12];
        var got = stream.ReadAtLeast(head, 12, throwOnEndOfStream: false);
        stream.Position = 0;
        var riff = Encoding.Latin1.GetString(head[..Math.Min(4, got)]);
        var wave = got >= 12 && Encoding.Latin1.GetString(head[8..12]) == "WAVE";
        // NAudio would read RF64, but a 4-GB WAV is ffmpeg's to stream; RIFX is big-endian, which NAudio does not read.
        if (wave && riff is "RIFX" or "RF64")
            throw new WavFormatNotSupportedException($"{path}: {riff} WAV files are not read in process");
        if (!wave || riff != "RIFF")
            throw new InvalidDataException(
                $"{path}: not a RIFF/WAVE file (it starts with {Printable(head[..got])}, {stream.Length} bytes in all)");
    }

    /// <summary>NAudio's header reader, its exceptions turned into messages that name the file.</summary>
    private static WaveFileReader Open(Stream stream, string path)
    {
        try
        {
            return new WaveFileReader(stream);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: truncated or malformed fmt chunk (the file ends inside it)");
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: truncated or malformed fmt chunk ({e.Message})");
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{path}: {HeaderFault(e.Message)}");
        }
    }

    /// <summary>NAudio reports a missing chunk only in words; the two it can miss get this project's wording.</summary>
    private static string HeaderFault(string naudio) =>
        naudio.Contains("No data chunk", StringComparison.OrdinalIgnoreCase) ? "WAV file has no data chunk"
        : naudio.Contains("No fmt chunk", StringComparison.OrdinalIgnoreCase) ? "WAV file has no fmt chunk"
        : $"not a readable WAV file ({naudio})";

    private static ISampleProvider Samples(WaveFileReader reader, string path)
    {
        try
        {
            return reader.ToSampleProvider();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new WavFormatNotSupportedException(
                $"{path}: unsupported WAV sample format (format tag {(int)reader.WaveFormat.Encoding}, {reader.WaveFormat.BitsPerSample} bits per sample)");
        }
    }

    private static InvalidDataException Truncated(WavFormat format, long frames) =>
        new($"{format.Path}: truncated WAV: the file ended after frame {frames} of {format.Frames}");

    private static float[] Finite(ReadOnlySpan<float> samples, WavFormat format, long firstFrame)
    {
        CheckFinite(samples, format, firstFrame);
        return samples.ToArray();
    }

    private static void CheckFinite(ReadOnlySpan<float> samples, WavFormat format, long firstFrame)
    {
        var bad = FirstNonFinite(samples);
        if (bad >= 0)
            throw new InvalidDataException(
                $"{format.Path}: WAV holds a non-finite sample ({samples[bad]}) at frame {firstFrame + bad / format.Channels}, channel {bad % format.Channels}");
    }

    private static int FirstNonFinite(ReadOnlySpan<float> samples)
    {
        for (var i = 0; i < samples.Length; i++)
            if (!float.IsFinite(samples[i]))
                return i;
        return -1;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new string(Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 4)])
            .Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
        return $"'{text}'";
    }
}
