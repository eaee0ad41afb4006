using FilmScoreEmotion.Cli.Commands;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Tests.Foundation;
using FilmScoreEmotion.Tests.Training;

namespace FilmScoreEmotion.Tests.Evaluation;

[Collection(TorchRandomCollection.Name)]
public class CliTrainTests
{
    [Theory]
    [InlineData("--model", "vgg", "unknown model 'vgg'")]
    [InlineData("--features", "mfcc", "unknown features 'mfcc'")]
    [InlineData("--protocol", "loo", "unknown protocol 'loo'")]
    [InlineData("--folds", "1", "--folds must be at least 2")]
    [InlineData("--corpus", "/nonexistent/manifest.csv", "/nonexistent/manifest.csv: no such manifest")]
    [InlineData("--parallel", "0", "--parallel must be at least 1, got 0")]
    [InlineData("--precision", "fp64", "unknown precision 'fp64': use fp32, tf32, bf16")]
    public void BadArgumentsExitWithOneLine(string option, string value, string expected)
    {
        var manifest = Path.GetTempFileName();
        try
        {
            var args = new Dictionary<string, string>
            {
                ["--corpus"] = manifest, ["--model"] = "cnn4", ["--features"] = "cqt", ["--protocol"] = "grouped-kfold", ["--output"] = Path.GetTempPath(),
            };
            args[option] = value;
            var r = CliProcess.Run(["train", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
            Assert.Equal(1, r.ExitCode);
            Assert.StartsWith($"error: {expected}", r.StdErr);
            Assert.Single(r.StdErr.Trim().Split('\n'));
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Theory]
    [InlineData("grouped-kfold", 10, 1, 16, "manifest.csv: the corpus has 1 class: classification needs at least 2")]
    [InlineData("grouped-kfold", 10, 4, 16, "manifest.csv: 8 excerpts (groups) are fewer than the 10 folds")]
    [InlineData("segment-kfold", 2, 4, 2, "spectrogram of 2 bins x 2 frames is too small for cnn4")]
    public void ACorpusTheRunCannotUseIsAnErrorBeforeTraining(string protocol, int folds, int classes, int size, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("fse-train-").FullName;
        var manifest = Path.Combine(folder, "manifest.csv");
        File.WriteAllText(manifest, "excerptId,path,emotion\n");
        try
        {
            var request = TrainCommand.Validate(manifest, "cnn4", "cqt", protocol, Path.Combine(folder, "out"), folds, 1, 1, 0, "cpu");
            var features = new TrainFeatures(SyntheticSegments.Blobs(2, 3, bins: size, frames: size, classes: classes), "{\"kind\":\"cqt\"}");
            var error = Assert.ThrowsAny<ArgumentException>(() => TrainCommand.Run(request, features, null));
            Assert.Contains(expected, error.Message);
            Assert.False(Directory.Exists(Path.Combine(folder, "out", "models")), "no model saved from a failed run");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MoreParallelRunsThanFoldsLeftIsAnErrorBeforeAnythingIsWritten()
    {
        var folder = Directory.CreateTempSubdirectory("fse-train-").FullName;
        var manifest = Path.Combine(folder, "manifest.csv");
        File.WriteAllText(manifest, "excerptId,path,emotion\n");
        try
        {
            var request = TrainCommand.Validate(manifest, "basic", "cqt", "grouped-kfold", Path.Combine(folder, "out"), 2, 1, 1, 0, "cpu", parallel: 3);
            var features = new TrainFeatures(SyntheticSegments.Blobs(2, 2), "{\"kind\":\"cqt\"}");
            var error = Assert.Throws<ArgumentException>(() => TrainCommand.Run(request, features, null));
            Assert.Equal("--parallel 3 is more than the 2 runs left to train", error.Message);
            Assert.False(Directory.Exists(Path.Combine(folder, "out")), "nothing written");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void RunWritesTablesAndASavedModelAndReusesFinishedRuns()
    {
        var folder = Directory.CreateTempSubdirectory("fse-train-").FullName;
        var manifest = Path.Combine(folder, "manifest.csv");
        File.WriteAllText(manifest, "excerptId,path,emotion\n");
        try
        {
            var request = TrainCommand.Validate(manifest, "cnn3", "cqt", "grouped-split", Path.Combine(folder, "out"), 10, 2, 1, 4, "cpu");
            // parameters that agree with the blobs' 16 bins, as a saved model's must
            var features = new TrainFeatures(SyntheticSegments.Blobs(3, 2), "{\"NBins\":16}");
            var summary = TrainCommand.Run(request, features, null);
            Assert.Equal(2, summary.Rows.Count);
            Assert.All(summary.Rows, r => Assert.Equal(FilmScoreEmotion.Models.ModelKind.Cnn3, r.Model));
            Assert.True(File.Exists(summary.FoldsCsv) && File.Exists(summary.ClassesCsv) && File.Exists(summary.ConfusionCsv));
            Assert.Equal(1 + 2 * 3, File.ReadAllLines(summary.ClassesCsv).Length);
            using var loaded = SavedModel.Load(Path.Combine(folder, "out", "models"), "cnn3-cqt", TorchSharp.torch.CPU);
            Assert.Equal(["happiness", "sadness", "fear"], loaded.Info.ClassNames);

            var again = TrainCommand.Run(request, features, null);
            Assert.Equal(summary.Rows.Select(r => r.Accuracy), again.Rows.Select(r => r.Accuracy));
            Assert.Equal(summary.Rows.Select(r => r.TrainSeconds), again.Rows.Select(r => r.TrainSeconds));

            var longer = TrainCommand.Run(request with { Config = request.Config with { MaxEpochs = 2 } }, features, null);
            Assert.All(longer.Rows, r => Assert.True(r.Epochs >= 1 && r.Epochs <= 2));
            // each fold a run of its own under runs/ (two folds at one epoch, two at two), its checkpoint gone once its result is written
            Assert.Equal(2 * 2, Directory.GetFiles(Path.Combine(folder, "out", "runs"), "result.json", SearchOption.AllDirectories).Length);
            Assert.Empty(Directory.GetFiles(Path.Combine(folder, "out"), "*.ckpt", SearchOption.AllDirectories));

            var scoreOnly = TrainCommand.Run(request with { Output = Path.Combine(folder, "scores"), SaveModel = false }, features, null);
            Assert.Null(scoreOnly.ModelJson);
            Assert.Equal(summary.Rows.Select(r => r.Accuracy), scoreOnly.Rows.Select(r => r.Accuracy));
            Assert.False(Directory.Exists(Path.Combine(folder, "scores", "models")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SkippableFact]
    public void TrainsOnASyntheticCorpusEndToEnd()
    {
        SystemTools.Require(SystemTools.FluidSynth);
        var dir = Directory.CreateTempSubdirectory("fse-train-").FullName;
        try
        {
            var corpus = Path.Combine(dir, "corpus");
            FilmScoreEmotion.Corpus.Synthesis.SyntheticCorpus.EnsureSynthetic(corpus, FilmScoreEmotion.Experiments.CorpusSetup.Smoke);
            var manifest = Path.Combine(corpus, "manifest.csv");
            var output = Path.Combine(dir, "out");
            var r = CliProcess.RunIn(dir, null, "train", "--corpus", manifest, "--model", "basic", "--features", "cqt", "--protocol", "grouped-kfold", "--folds", "2", "--epochs", "1", "--output", output, "--device", "cpu");
            Assert.True(r.ExitCode == 0, r.StdErr);
            Assert.Contains("accuracy", r.StdOut);
            Assert.True(File.ReadAllLines(Directory.GetFiles(output, "*_folds.csv").Single()).Length == 3);
            Assert.True(Directory.EnumerateFiles(dir, "*.feat", SearchOption.AllDirectories).Any(), "features cached beside a manifest outside the repository");

            var missing = CliProcess.RunIn(dir, null, "train", "--corpus", Path.Combine(dir, "none.csv"), "--model", "basic", "--features", "cqt", "--protocol", "grouped-kfold", "--output", output);
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("none.csv", missing.StdErr);
            Assert.DoesNotContain("   at ", missing.StdErr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
