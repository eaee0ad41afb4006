using System.CommandLine;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>`fse features`: whole-file spectrograms as float32 NumPy arrays (bins, frames) for Python users; short
/// files batched through the kernel, long ones in runs of frames, so that files of any number and length fit in a
/// fixed amount of memory (<see cref="FeatureFiles"/>).</summary>
public static class FeaturesCommand
{
    static readonly string[] AudioExtensions =
        { ".wav", ".mp3", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".aac", ".wma", ".aif", ".aiff", ".mp4", ".mkv", ".mov", ".webm", ".avi" };

    public static Command Create()
    {
        var kind = new Option<string>("--kind") { Description = "stft (magnitude), mel (power) or cqt (magnitude)", Required = true };
        var db = new Option<bool>("--db") { Description = "convert to dB (ref = max of the file, top_db 80)" };
        var input = new Option<string>("--input") { Description = "an audio file, a folder of them, or a corpus manifest (CSV: one NAME.npy per excerptId)", Required = true };
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
                var useDb = parse.GetValue(db);
                TemporaryName.DeleteOrphans(Path.GetTempPath(), StreamedFeatureFile.RawPrefix, StreamedFeatureFile.RawSuffix);
                // As in `fse bench spectra`: one worker per core, each single-threaded on a CPU, since a
                // multi-threaded operator waits at every barrier for a core that other processes may hold (a 20x
                // loss at load 10); on a GPU, one decodes while another's batch is on the device.
                var workers = Environment.ProcessorCount;
                var shapes = Array.Empty<(int Bins, long Frames)>();
                StageProgress.Run(
                    stage =>
                    {
                        var bar = stage("features");
                        bar.MaxValue = jobs.Count;
                        // all or nothing: one bad input among good ones leaves the output folder as it was
                        AtomicFile.WriteAllAsCompleted(
                            jobs.Select(j => j.Target).ToList(),
                            write => shapes = FeatureFiles.WriteAll(
                                jobs.Select(j => j.Source).ToList(), spectrogramKind, useDb, config, torchDevice, workers, write,
                                new InlineProgress<int>(done => bar.Value = Math.Max(bar.Value, done))));
                        bar.Value = jobs.Count;
                    },
                    clearWhenDone: true
                );
                for (var i = 0; i < jobs.Count; i++)
                    Console.WriteLine($"{jobs[i].Source} -> {jobs[i].Target} ({shapes[i].Bins} x {shapes[i].Frames})");
                return 0;
            })
        );
        return command;
    }

    static SpectrogramKind ParseKind(string text) =>
        SpectrogramKinds.TryParse(text) ?? throw new ArgumentException($"unknown --kind '{text}': use {string.Join(", ", SpectrogramKinds.Names)}");

    /// <summary>Pairs of input file and output .npy path, checked before any work starts.</summary>
    static List<(string Source, string Target)> Jobs(string input, string output)
    {
        if (File.Exists(input) && string.Equals(Path.GetExtension(input), ".csv", StringComparison.OrdinalIgnoreCase))
            return ManifestJobs(input, output);
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

    /// <summary>A corpus manifest's excerpts, in its order, each to EXCERPTID.npy in the output folder (file names may
    /// repeat across a corpus's folders; excerpt ids do not). Every missing audio file is named before any work.</summary>
    static List<(string Source, string Target)> ManifestJobs(string manifestPath, string output)
    {
        var entries = Manifest.Read(manifestPath).Entries;
        if (entries.Length == 0)
            throw new InvalidDataException($"{manifestPath}: the manifest lists no excerpts");
        var folder = Path.GetFullPath(output);
        if (File.Exists(folder) || output.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            throw new IOException($"{output}: give a folder for a manifest's excerpts (one EXCERPTID.npy each)");
        if (!Directory.Exists(Path.GetDirectoryName(folder)))
            throw new DirectoryNotFoundException($"{Path.GetDirectoryName(folder)}: output folder does not exist");
        var jobs = entries.Select(e => (Source: Manifest.ResolvePath(manifestPath, e), Target: Path.Combine(folder, e.ExcerptId + ".npy"))).ToList();
        var missing = jobs.Where(j => !File.Exists(j.Source)).Select(j => j.Source).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException($"{manifestPath}: {missing.Count} audio file(s) not found, first {missing[0]}");
        return jobs;
    }
}
