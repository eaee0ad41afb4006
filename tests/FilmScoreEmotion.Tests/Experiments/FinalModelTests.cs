using System.Collections.Immutable;
using FilmScoreEmotion.Corpus.Synthesis;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Tests.Corpus;
using FilmScoreEmotion.Tests.Foundation;
using FilmScoreEmotion.Tests.Training;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Experiments;

public class FinalModelTests
{
    static readonly TrainerConfig Quick = new() { MaxEpochs = 2, BatchSize = 16, Seed = 11 };
    const string Parameters = "{\"NBins\":16}";

    static float[] BinMeans(LabelledSegments data) => data.X.mean([0, 1, 3]).data<float>().ToArray(); // (bins)

    static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());

    /// The caption model learns from two renderings of the corpus: each network keeps the corpus it learnt from and
    /// the standardisation fitted there, in the order the corpora and seeds were given.
    [Fact]
    public void NetworksOfSeveralCorporaAreSavedAsOneModelAndReusedUntilTheirInputsChange()
    {
        using var dir = new TempDir();
        var a = SyntheticSegments.Blobs(2, 3, seed: 1);
        var b = SyntheticSegments.Blobs(2, 3, seed: 2);
        b = b with { X = b.X + 6 }; // another rendering: the same classes, another level
        ImmutableArray<CaptionCorpus> corpora = [new("a", a, [0, 1]), new("b", b, [5])];

        var info = FinalModel.Train(dir.Path, "m", ModelKind.Basic, SpectrogramKind.Cqt, Parameters, corpora, Quick, torch.CPU);

        Assert.Equal([(0, "a"), (1, "a"), (5, "b")], info.Members.Select(m => (m.Seed, m.Corpus)).ToArray());
        Assert.True(Distance(info.Members[0].Mean, BinMeans(a)) < Distance(info.Members[0].Mean, BinMeans(b)));
        Assert.True(Distance(info.Members[2].Mean, BinMeans(b)) < Distance(info.Members[2].Mean, BinMeans(a)));
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.ckpt"));
        using (var loaded = SavedModel.Load(dir.Path, "m", torch.CPU))
        {
            Assert.Equal(3, loaded.Members.Length);
            // each corpus's networks apart, and the whole as their mean weighted by their numbers of networks
            var parts = loaded.ByCorpus();
            Assert.Equal([("a", 2), ("b", 1)], parts.Select(p => (p.Corpus, p.Part.Members.Length)).ToArray());
            Assert.Equal([5], parts[1].Part.Info.Members.Select(m => m.Seed).ToArray());
            var x = a.X.narrow(0, 0, 4); // (4, 1, bins, frames)
            var whole = loaded.Probabilities(x).data<float>().ToArray();
            var mixed = (parts[0].Part.Probabilities(x) * 2 + parts[1].Part.Probabilities(x)).div(3).data<float>().ToArray();
            Assert.All(whole.Zip(mixed), p => Assert.Equal(p.First, p.Second, 1e-6));
        }

        var inputs = File.ReadAllText(Path.Combine(dir.Path, "m.inputs"));
        var weights = File.ReadAllBytes(SavedModel.WeightsPath(dir.Path, "m", 2));
        File.WriteAllBytes(SavedModel.WeightsPath(dir.Path, "m", 2), [1, 2, 3]);
        var reused = FinalModel.Train(dir.Path, "m", ModelKind.Basic, SpectrogramKind.Cqt, Parameters, corpora, Quick, torch.CPU);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(SavedModel.WeightsPath(dir.Path, "m", 2)));
        Assert.Equal(info.Members.Select(m => m.Seed), reused.Members.Select(m => m.Seed));

        var other = FinalModel.Train(dir.Path, "m", ModelKind.Basic, SpectrogramKind.Cqt, Parameters, [corpora[0], corpora[1] with { Seeds = [5, 6] }], Quick, torch.CPU);
        Assert.Equal([0, 1, 5, 6], other.Members.Select(m => m.Seed).ToArray());
        Assert.NotEqual(inputs, File.ReadAllText(Path.Combine(dir.Path, "m.inputs")));
        Assert.Equal(weights, File.ReadAllBytes(SavedModel.WeightsPath(dir.Path, "m", 2)));
    }

    sealed class Epochs(string? stopAt = null) : IProgress<EpochProgress>
    {
        public List<string> Runs { get; } = [];

        public void Report(EpochProgress value)
        {
            Runs.Add(value.Run);
            if (value.Run == stopAt)
                throw new OperationCanceledException("interrupted");
        }
    }

    /// Ten networks take minutes on a CPU: an interrupted training (Ctrl+C reaches the trainer through its progress
    /// callback) keeps the networks it finished and resumes at the one it was training.
    [Fact]
    public void AnInterruptedTrainingResumesWithoutTrainingItsFinishedNetworksAgain()
    {
        using var dir = new TempDir();
        var a = SyntheticSegments.Blobs(2, 3, seed: 1);
        var b = SyntheticSegments.Blobs(2, 3, seed: 2);
        ImmutableArray<CaptionCorpus> corpora = [new("a", a, [0, 1]), new("b", b, [5])];
        var interrupted = new Epochs(stopAt: "m-3of3-seed5");
        Assert.Throws<OperationCanceledException>(() => FinalModel.Train(dir.Path, "m", ModelKind.Basic, SpectrogramKind.Cqt, Parameters, corpora, Quick, torch.CPU, interrupted));
        Assert.Contains("m-1of3-seed0", interrupted.Runs);
        Assert.False(File.Exists(SavedModel.InfoPath(dir.Path, "m")));
        Assert.Equal(2, Directory.EnumerateFiles(dir.Path, "*.ckpt").Count()); // the finished two; the third stopped in its first epoch

        var resumed = new Epochs();
        var info = FinalModel.Train(dir.Path, "m", ModelKind.Basic, SpectrogramKind.Cqt, Parameters, corpora, Quick, torch.CPU, resumed);

        Assert.Equal(["m-3of3-seed5"], resumed.Runs.Distinct().ToArray());
        Assert.Equal(3, info.Members.Length);
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.ckpt"));
    }

    [Fact]
    public void CorporaOfOtherClassesOrInputSizesAreNamed()
    {
        using var dir = new TempDir();
        var four = SyntheticSegments.Blobs(1, 2);
        var three = SyntheticSegments.Blobs(1, 2, classes: 3);
        var wide = SyntheticSegments.Blobs(1, 2, frames: 20);
        foreach (var odd in new[] { three, wide })
        {
            var e = Assert.Throws<ArgumentException>(() =>
                FinalModel.Train(dir.Path, "m", ModelKind.Basic, SpectrogramKind.Cqt, Parameters, [new("four", four, [0]), new("odd", odd, [1])], Quick, torch.CPU)
            );
            Assert.StartsWith("odd: classes", e.Message);
            Assert.Contains("the networks of one model must answer the same classes from the same input", e.Message);
        }
        Assert.Throws<ArgumentException>(() => FinalModel.Train(dir.Path, "m", ModelKind.Basic, SpectrogramKind.Cqt, Parameters, [new("four", four, [])], Quick, torch.CPU));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    /// The second rendering is the same compositions in a folder of its own, so neither corpus makes the other stale.
    [Fact]
    public void TheAdditiveRenderingLaysOutTheSameExcerptsBesideTheDefaultCorpus()
    {
        using var dir = new TempDir();
        var root = ReproduceScriptTests.RepoRoot();
        var settings = new ReproduceSettings(ProfileName.Smoke, ReproduceSettings.Synthetic, DeviceRequest.Cpu, root, dir.Combine("results"), dir.Combine("data"));
        Assert.Equal(dir.Combine("data/synthetic-smoke"), CorpusSetup.SyntheticDirectory(settings));
        Assert.Equal(dir.Combine("data/synthetic-smoke-additive"), CorpusSetup.SyntheticDirectory(settings, CorpusRenderer.Additive));

        var manifest = CorpusSetup.EnsureManifest(settings, CorpusRenderer.Additive);

        Assert.Equal(dir.Combine("data/synthetic-smoke-additive/manifest.csv"), manifest);
        static string[] Layout(string path) => File.ReadLines(path).Skip(1).Select(l => string.Join(',', l.Split(',').Take(5))).ToArray();
        Assert.Equal(Layout(Path.Combine(root, "data", "synthetic-smoke", "manifest.csv")), Layout(manifest));
        Assert.All(File.ReadLines(manifest).Skip(1), l => Assert.Contains(",fse-synth-2-additive,", l));
        Assert.False(Directory.Exists(dir.Combine("data/synthetic-smoke")));
    }

    [Fact]
    public void TheLogLineSaysWhatIsTrained()
    {
        var root = ReproduceScriptTests.RepoRoot();
        var synthetic = new ReproduceSettings(ProfileName.Converged, ReproduceSettings.Synthetic, DeviceRequest.Cpu, root, "results", "data");
        Assert.Equal("5 networks on each of the synthetic corpus's renderings (soundfont and additive)", FinalModel.Describe(synthetic));
        Assert.StartsWith("one network on each", FinalModel.Describe(synthetic with { Profile = ProfileName.Smoke }));
        Assert.Equal("one network on corpus real", FinalModel.Describe(synthetic with { Corpus = "/x/real/manifest.csv" }));
    }
}
