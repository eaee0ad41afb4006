using System.CommandLine;
using System.Runtime.InteropServices;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>`fse features`: whole-file spectrograms as float32 NumPy arrays (bins, frames) for Python users, computed
/// in runs of frames so that a file of any length fits in a fixed amount of memory.</summary>
public static class FeaturesCommand
{
    static readonly string[] AudioExtensions =
        { ".wav", ".mp3", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".aac", ".wma", ".aif", ".aiff", ".mp4", ".mkv", ".mov", ".webm", ".avi" };

    /// <summary>Frames per run: 8192 frames are 131 s of audio at 16 kHz, hop 256, a few tens of MB of tensors.</summary>
    const int FramesPerChunk = 8192;

    public static Command Create()
    {
        var kind = new Option<string>("--kind") { Description = "stft (magnitude), mel (power) or cqt (magnitude)", Required = true };
        var db = new Option<bool>("--db") { Description = "convert to dB (ref = max of the file, top_db 80)" };
        var input = new Option<string>("--input") { Description = "an audio file or a folder of them", Required = true };
        var output = new Option<string>("--output") { Description = "FILE.npy for one input file, else a folder", Required = true };
        var device = CommonOptions.Device();
        var command = new Command(
            "features",
            "Write the STFT, mel or CQT spectrogram of whole audio files as float32 .npy arrays (bins, frames), "
                + "16 kHz, n_fft 512, hop 256, Hann, centred with zero padding (librosa 0.10+ defaults).");
        foreach (var option in new Option[] { kind, db, input, output, device })
            command.Options.Add(option);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var spectrogramKind = ParseKind(parse.GetValue(kind)!);
                var torchDevice = DeviceChoice.Resolve(DeviceChoice.Parse(parse.GetValue(device)!));
                var jobs = Jobs(parse.GetValue(input)!, parse.GetValue(output)!);
                var config = new SpectrogramConfig();
                TemporaryName.DeleteOrphans(Path.GetTempPath(), RawPrefix, RawSuffix);
                var shapes = new (int Bins, long Frames)[jobs.Count];
                // all or nothing: one bad input among good ones leaves the output folder as it was
                AtomicFile.WriteAllVia(
                    jobs.Select(j => j.Target).ToList(),
                    (i, temporary) => shapes[i] = Write(jobs[i].Source, temporary, spectrogramKind, parse.GetValue(db), config, torchDevice));
                for (var i = 0; i < jobs.Count; i++)
                    Console.WriteLine($"{jobs[i].Source} -> {jobs[i].Target} ({shapes[i].Bins} x {shapes[i].Frames})");
                return 0;
            })
        );
        return command;
    }

    const string RawPrefix = "fse-audio";
    const string RawSuffix = ".f32";

    static SpectrogramKind ParseKind(string text) =>
        SpectrogramKinds.TryParse(text) ?? throw new ArgumentException($"unknown --kind '{text}': use {string.Join(", ", SpectrogramKinds.Names)}");

    /// <summary>Pairs of input file and output .npy path, checked before any work starts.</summary>
    static List<(string Source, string Target)> Jobs(string input, string output)
    {
        List<string> sources;
        if (File.Exists(input))
            sources = new List<string> { input };
        else if (Directory.Exists(input))
        {
            sources = Directory.EnumerateFiles(input)
                .Where(f => AudioExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (sources.Count == 0)
                throw new FileNotFoundException($"{input}: no audio files ({string.Join(", ", AudioExtensions)}) in this folder");
        }
        else
            throw new FileNotFoundException($"{input}: no such file or folder");

        var singleFile = sources.Count == 1 && File.Exists(input) && output.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);
        var folder = singleFile ? Path.GetDirectoryName(Path.GetFullPath(output))! : Path.GetFullPath(output);
        if (singleFile)
            OutputGuard.Files([("--output", output)], sources);
        if (!singleFile && File.Exists(folder))
            throw new IOException($"{output}: is a file; give a folder for a folder of inputs, or FILE.npy for one input");
        if (!singleFile && !Directory.Exists(Path.GetDirectoryName(folder)))
            throw new DirectoryNotFoundException($"{Path.GetDirectoryName(folder)}: output folder does not exist");

        var jobs = sources
            .Select(s => (s, singleFile ? Path.GetFullPath(output) : Path.Combine(folder, Path.GetFileNameWithoutExtension(s) + ".npy")))
            .ToList();
        var clash = jobs.GroupBy(j => j.Item2).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new IOException($"{string.Join(" and ", clash.Select(j => j.s))} would both be written to {clash.Key}");
        return jobs;
    }

    /// <summary>Decodes and computes one file into <paramref name="temporary"/>, which the caller renames.</summary>
    static (int Bins, long Frames) Write(string source, string temporary, SpectrogramKind kind, bool db, SpectrogramConfig config, Device device)
    {
        using var audio = LoadMono16k(source);
        var folder = Path.GetDirectoryName(temporary)!;
        var bins = config.Bins(kind);
        var frames = Spectrogram.Frames(audio.Samples, kind, config);
        long dataOffset = 0;
        using (var npy = Writable(folder, () => OpenNpy(temporary, bins, frames, out dataOffset)))
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
        const int block = 1 << 20;
        var buffer = new float[block];
        for (var position = dataOffset; position < npy.Length; position += (long)block * sizeof(float))
        {
            var count = (int)Math.Min(block, (npy.Length - position) / sizeof(float));
            npy.Position = position;
            npy.ReadExactly(MemoryMarshal.AsBytes(buffer.AsSpan(0, count)));
            using var scope = NewDisposeScope();
            var db = Spectrogram.ToDb(tensor(buffer[..count]), kind, maximum, config).data<float>().ToArray();
            npy.Position = position;
            npy.Write(MemoryMarshal.AsBytes(db.AsSpan()));
        }
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
                    throw new InvalidDataException($"{source}: sample {start + i} is {result[i]}; the audio holds NaN or infinite values");
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
                throw new InvalidDataException($"{path}: no audio samples");
            return new DecodedAudio(path, raw, tracked, samples);
        }
        catch
        {
            tracked.Dispose();
            throw;
        }
    }
}
