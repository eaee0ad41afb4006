using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Tests.Foundation;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Spectra;

/// <summary>The batched folder path of `fse features` against the per-file streamed path it replaced for short files.</summary>
public sealed class FeatureFilesTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-feature-files-test-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// Equal-length clips (one batch), odd lengths (batches of one), a clip shorter than a CQT filter, a 22.05-kHz
    /// file (resampled), one longer than the batched limit (streamed) and a float32 one (read whole), in an order that
    /// interleaves them.
    IReadOnlyList<string> MixedFolder()
    {
        var random = new Random(7);
        float[] Noise(int samples) => Enumerable.Range(0, samples).Select(i => (float)(0.3 * Math.Sin(i * 0.013 * (1 + i / 40000.0)) + 0.05 * (random.NextDouble() - 0.5))).ToArray();
        var files = new (string Name, int Samples, int Rate)[]
        {
            ("a", 32000, 16000), ("b", 32000, 16000), ("c", 24000, 16000), ("d", FeatureFiles.ShortSamples + 16000, 16000),
            ("e", 32000, 16000), ("f", 4800, 16000), ("g", 44100, 22050), ("h", 32000, 16000), ("i", 24000, 16000),
        };
        var pcm = files.Select(f =>
        {
            var path = Path.Combine(dir, f.Name + ".wav");
            WavWriter.WritePcm16(path, Noise(f.Samples), f.Rate);
            return path;
        });
        return pcm.Append(FloatWav(Path.Combine(dir, "j.wav"), Noise(32000))).ToList();
    }

    /// <summary>A mono 16-kHz IEEE-float WAV of <paramref name="samples"/>.</summary>
    static string FloatWav(string path, float[] samples)
    {
        var data = samples.SelectMany(BitConverter.GetBytes).ToArray();
        File.WriteAllBytes(path, Audio.WavReaderTests.WavBytes(Audio.WavReaderTests.Fmt(3, 1, 16000, 32), data));
        return path;
    }

    [Theory]
    [InlineData(SpectrogramKind.Stft, false)]
    [InlineData(SpectrogramKind.Mel, false)]
    [InlineData(SpectrogramKind.Cqt, false)]
    [InlineData(SpectrogramKind.Mel, true)]
    [InlineData(SpectrogramKind.Cqt, true)]
    public void BatchedFilesEqualStreamedFilesByteForByte(SpectrogramKind kind, bool db)
    {
        var sources = MixedFolder();
        var config = new SpectrogramConfig();
        var streamed = Directory.CreateDirectory(Path.Combine(dir, "streamed")).FullName;
        var batched = Directory.CreateDirectory(Path.Combine(dir, "batched")).FullName;
        string Target(string folder, int i) => Path.Combine(folder, Path.GetFileNameWithoutExtension(sources[i]) + ".npy");
        var expected = sources.Select((s, i) => StreamedFeatureFile.Write(s, Target(streamed, i), kind, db, config, CPU)).ToArray();
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        var shapes = FeatureFiles.WriteAll(sources, kind, db, config, CPU, workers: 2, (i, write) =>
        {
            seen.Add(i);
            write(Target(batched, i));
        });
        Assert.Equal(Enumerable.Range(0, sources.Count), seen.Order());
        Assert.Equal(expected, shapes);
        for (var i = 0; i < sources.Count; i++)
            Assert.True(File.ReadAllBytes(Target(streamed, i)).SequenceEqual(File.ReadAllBytes(Target(batched, i))), $"{sources[i]}: the .npy files differ");
    }

    [Fact]
    public void OfSeveralBadFilesTheFirstIsNamed()
    {
        var sources = MixedFolder().ToList();
        var first = Path.Combine(dir, "bad1.wav");
        var second = Path.Combine(dir, "bad2.wav");
        File.WriteAllText(first, "not audio");
        File.WriteAllText(second, "not audio either");
        sources.Insert(5, first);
        sources.Insert(7, second);
        var error = Assert.ThrowsAny<Exception>(() =>
            FeatureFiles.WriteAll(sources, SpectrogramKind.Mel, false, new SpectrogramConfig(), CPU, workers: 2, (i, write) => write(Path.Combine(dir, $"{i}.npy"))));
        Assert.Contains("bad1.wav", error.Message);
    }

    /// A long file streams after the decoders have moved past it: its fault, past what was decoded to tell it long,
    /// is still the one named when a later short file is bad too.
    [Fact]
    public void ALongFilesLateFaultIsNamedBeforeALaterBadFile()
    {
        var sources = MixedFolder().ToList();
        var samples = new float[FeatureFiles.ShortSamples + 32000];
        samples[FeatureFiles.ShortSamples + 16000] = float.NaN;
        var late = Path.Combine(dir, "late-nan.wav");
        WriteFloatWav(late, samples);
        var bad = Path.Combine(dir, "bad.wav");
        File.WriteAllText(bad, "not audio");
        sources.Insert(1, late);
        sources.Add(bad);
        var error = Assert.ThrowsAny<Exception>(() =>
            FeatureFiles.WriteAll(sources, SpectrogramKind.Cqt, false, new SpectrogramConfig(), CPU, workers: 2, (i, write) => write(Path.Combine(dir, $"{i}.npy"))));
        Assert.Contains("late-nan.wav", error.Message);
    }

    static void WriteFloatWav(string path, float[] samples)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write("RIFF"u8);
        w.Write(36 + samples.Length * 4);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)3);
        w.Write((short)1);
        w.Write(16000);
        w.Write(16000 * 4);
        w.Write((short)4);
        w.Write((short)32);
        w.Write("data"u8);
        w.Write(samples.Length * 4);
        foreach (var s in samples)
            w.Write(s);
    }

    /// The command as a user runs it (its own process, single-threaded workers) against the streamed path in this one.
    [Theory]
    [InlineData("cqt", SpectrogramKind.Cqt)]
    [InlineData("mel", SpectrogramKind.Mel)]
    public void FseFeaturesOnAFolderEqualsTheStreamedPathByteForByte(string name, SpectrogramKind kind)
    {
        var sources = MixedFolder();
        var output = Path.Combine(dir, "out");
        var result = CliProcess.Run("features", "--kind", name, "--db", "--input", dir, "--output", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var streamed = Directory.CreateDirectory(Path.Combine(dir, "streamed")).FullName;
        foreach (var source in sources)
        {
            var file = Path.GetFileNameWithoutExtension(source) + ".npy";
            StreamedFeatureFile.Write(source, Path.Combine(streamed, file), kind, true, new SpectrogramConfig(), CPU);
            Assert.True(File.ReadAllBytes(Path.Combine(streamed, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(output, file))), $"{source}: the .npy files differ");
        }
        Assert.Equal(sources.Count, Directory.EnumerateFiles(output).Count());
    }

    /// <summary>A corpus manifest as the input: each excerpt to EXCERPTID.npy, equal to the folder run on the same files,
    /// though two excerpts share a file name in different folders.</summary>
    [Fact]
    public void FseFeaturesOnAManifestNamesEachArrayByItsExcerpt()
    {
        var random = new Random(9);
        float[] Clip(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f)];
        var (a, b) = (Directory.CreateDirectory(Path.Combine(dir, "a")).FullName, Directory.CreateDirectory(Path.Combine(dir, "b")).FullName);
        WriteFloatWav(Path.Combine(a, "x.wav"), Clip(32000));
        WriteFloatWav(Path.Combine(b, "x.wav"), Clip(32000));
        WriteFloatWav(Path.Combine(b, "y.wav"), Clip(20000));
        var manifest = Path.Combine(dir, "manifest.csv");
        File.WriteAllText(manifest, "excerptId,source,emotion,path,durationSec,intensity,soundtrack\n"
            + "e1,s,happiness,a/x.wav,2,,\ne2,s,sadness,b/x.wav,2,,\ne3,s,fear,b/y.wav,1.25,,\n");
        var output = Path.Combine(dir, "out");
        var result = CliProcess.Run("features", "--kind", "cqt", "--input", manifest, "--output", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(["e1.npy", "e2.npy", "e3.npy"], Directory.EnumerateFiles(output).Select(Path.GetFileName).Order());
        foreach (var (folder, excerpts) in new[] { (a, new[] { ("x", "e1") }), (b, new[] { ("x", "e2"), ("y", "e3") }) })
        {
            var perFolder = Path.Combine(dir, "out-" + Path.GetFileName(folder));
            Assert.Equal(0, CliProcess.Run("features", "--kind", "cqt", "--input", folder, "--output", perFolder).ExitCode);
            foreach (var (file, excerpt) in excerpts)
                Assert.Equal(File.ReadAllBytes(Path.Combine(perFolder, file + ".npy")), File.ReadAllBytes(Path.Combine(output, excerpt + ".npy")));
        }

        File.AppendAllText(manifest, "e4,s,fear,b/missing.wav,2,,\n");
        var refused = CliProcess.Run("features", "--kind", "cqt", "--input", manifest, "--output", Path.Combine(dir, "out2"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("missing.wav", refused.StdErr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out2")));
    }
}
