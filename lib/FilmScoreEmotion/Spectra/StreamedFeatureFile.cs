using System.Runtime.InteropServices;
using FilmScoreEmotion.IO;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>One audio file's whole spectrogram as a float32 .npy (bins, frames), computed in runs of frames from
/// audio decoded through a temporary file, so that a file of any length fits in a fixed amount of memory.</summary>
public static class StreamedFeatureFile
{
    /// <summary>Frames per run: 8192 frames are 131 s of audio at 16 kHz, hop 256, a few tens of MB of tensors.</summary>
    public const int FramesPerChunk = 8192;

    public const string RawPrefix = "fse-audio";
    public const string RawSuffix = ".f32";

    /// <summary>Decodes and computes <paramref name="source"/> into <paramref name="target"/> (a fresh file, which
    /// the caller renames into place).</summary>
    public static (int Bins, long Frames) Write(string source, string target, SpectrogramKind kind, bool db, SpectrogramConfig config, Device device)
    {
        using var audio = LoadMono16k(source);
        var folder = Path.GetDirectoryName(target)!;
        var bins = config.Bins(kind);
        var frames = Spectrogram.Frames(audio.Samples, kind, config);
        long dataOffset = 0;
        using (var npy = Writable(folder, () => OpenNpy(target, bins, frames, out dataOffset)))
        {
            var maximum = 0.0;
            foreach (var chunk in StreamingSpectrogram.Chunks(kind, config, audio.Samples, audio.Read, device, FramesPerChunk))
                using (chunk)
                {
                    maximum = Math.Max(maximum, chunk.Values.max().item<float>());
                    WriteColumns(npy, dataOffset, frames, chunk.FirstFrame, chunk.Values);
                }
            if (db)
                ConvertToDb(npy, dataOffset, kind, maximum, config);
        }
        return (bins, frames);
    }

    /// <summary>Runs a file-system write, turning its failure into a message that names the output folder.</summary>
    static T Writable<T>(string folder, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write to {folder}: {e.Message}", e);
        }
    }

    /// <summary>The message for a sample that is NaN or infinite, the same on every path.</summary>
    internal static InvalidDataException NonFinite(string source, long sample, float value) =>
        new($"{source}: sample {sample} is {value}; the audio holds NaN or infinite values");

    static FileStream OpenNpy(string path, int bins, long frames, out long dataOffset)
    {
        var header = Npy.Header("<f4", [bins, checked((int)frames)]);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        stream.Write(header);
        stream.SetLength(header.Length + (long)bins * frames * sizeof(float));
        dataOffset = header.Length;
        return stream;
    }

    /// <summary>Frames [first, first + n) of every bin: one contiguous run per row of the C-order (bins, frames) array.</summary>
    static void WriteColumns(FileStream npy, long dataOffset, long frames, long first, Tensor values)
    {
        var data = values.data<float>().ToArray();
        var n = (int)values.shape[1];
        for (var b = 0; b < values.shape[0]; b++)
        {
            npy.Position = dataOffset + (b * frames + first) * sizeof(float);
            npy.Write(MemoryMarshal.AsBytes(data.AsSpan((int)b * n, n)));
        }
    }

    /// <summary>Second pass for --db: the reference is the whole file's maximum, known only after the first pass.</summary>
    static void ConvertToDb(FileStream npy, long dataOffset, SpectrogramKind kind, double maximum, SpectrogramConfig config)
    {
        var buffer = new float[DbBlock];
        for (var position = dataOffset; position < npy.Length; position += (long)DbBlock * sizeof(float))
        {
            var count = (int)Math.Min(DbBlock, (npy.Length - position) / sizeof(float));
            npy.Position = position;
            npy.ReadExactly(MemoryMarshal.AsBytes(buffer.AsSpan(0, count)));
            var db = ToDb(buffer.AsSpan(0, count), kind, maximum, config);
            npy.Position = position;
            npy.Write(MemoryMarshal.AsBytes(db.AsSpan()));
        }
    }

    /// <summary>Values converted to dB per block of this many (memory stays bound for any length).</summary>
    const int DbBlock = 1 << 20;

    /// <summary>dB of one block of linear values given the whole spectrogram's maximum.</summary>
    internal static float[] ToDb(ReadOnlySpan<float> linear, SpectrogramKind kind, double maximum, SpectrogramConfig config)
    {
        using var scope = NewDisposeScope();
        return Spectrogram.ToDb(tensor(linear.ToArray()), kind, maximum, config).data<float>().ToArray();
    }

    /// <summary>Decoded mono 16 kHz float32 samples kept in a temporary file and read back in windows.</summary>
    sealed class DecodedAudio(string source, string rawPath, IDisposable tracked, long samples) : IDisposable
    {
        public long Samples => samples;

        public float[] Read(long start, int count)
        {
            var result = new float[count];
            var from = Math.Max(0, start);
            var to = Math.Min(samples, start + count);
            if (to <= from)
                return result;
            using var file = new FileStream(rawPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            file.Position = from * sizeof(float);
            file.ReadExactly(MemoryMarshal.AsBytes(result.AsSpan((int)(from - start), (int)(to - from))));
            for (var i = (int)(from - start); i < to - start; i++)
                if (!float.IsFinite(result[i]))
                    throw NonFinite(source, start + i, result[i]);
            return result;
        }

        public void Dispose() => tracked.Dispose();
    }

    /// <summary>Mono float32 at 16 kHz from any file (WAV, MP3 and Ogg Vorbis in process, the rest through ffmpeg),
    /// streamed a chunk at a time into a temporary raw file, so no length has to fit in memory.</summary>
    static DecodedAudio LoadMono16k(string path)
    {
        var raw = TemporaryName.Create(Path.GetTempPath(), RawPrefix, RawSuffix);
        var tracked = LiveTemporaries.Track(raw);
        try
        {
            long samples = 0;
            using (var file = new FileStream(raw, FileMode.CreateNew, FileAccess.Write))
                foreach (var chunk in Audio.Decoder.DecodeChunks(path, 16000))
                {
                    file.Write(MemoryMarshal.AsBytes(chunk.AsSpan()));
                    samples += chunk.Length;
                }
            if (samples == 0)
                throw NoSamples(path);
            return new DecodedAudio(path, raw, tracked, samples);
        }
        catch
        {
            tracked.Dispose();
            throw;
        }
    }

    internal static InvalidDataException NoSamples(string path) => new($"{path}: no audio samples");
}
