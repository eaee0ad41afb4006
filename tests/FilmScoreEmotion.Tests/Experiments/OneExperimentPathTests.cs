using FilmScoreEmotion.Cli.Commands;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Tests.Foundation;
using FilmScoreEmotion.Tests.Notebooks;
using FilmScoreEmotion.Tests.Training;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Experiments;

/// <summary>Issue 22's first item: `fse train` and the notebooks (<see cref="Grid.Ensure"/>) plan, run and tabulate
/// an experiment through one path, so either reuses the runs the other trained and their tables agree.</summary>
[Collection(TorchRandomCollection.Name)]
public class OneExperimentPathTests
{
    sealed class Count : IProgress<EpochProgress>
    {
        public int Epochs;

        public void Report(EpochProgress value) => Interlocked.Increment(ref Epochs);
    }

    /// The smoke profile on the checked-in smoke corpus, results and feature cache in <paramref name="scratch"/>.
    static ReproduceSettings Smoke(string scratch)
    {
        var root = ReproduceScriptTests.RepoRoot();
        return ReproduceSettings.Load(root, new Dictionary<string, string?>(KernelRoutes.SmokeEnvironment(root, scratch).Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value))) { ["FSE_DEVICE"] = "cpu" });
    }

    /// `fse train`'s request for the experiment the smoke profile runs: the profile's folds and trainer, seed 0.
    static TrainRequest TrainRequestFor(ReproduceSettings settings, ModelInput input, ProtocolKind protocol)
    {
        var profile = ExperimentProfile.For(settings.Profile);
        var request = TrainCommand.Validate(settings.Corpus, ModelCatalog.Name(input.Model), SpectrogramKinds.Name(input.Spectrogram), Protocols.Name(protocol),
            settings.ResultsDirectory, profile.Folds, profile.Repeats, profile.Trainer.MaxEpochs, profile.Trainer.Seed, "cpu", saveModel: false);
        return request with { Config = profile.Trainer };
    }

    static string[] Tables(string folder, IReadOnlyList<RunResult> results) =>
    [
        File.ReadAllText(FigureExport.SaveCsv(GridTables.Folds(results), folder, "folds")),
        File.ReadAllText(FigureExport.SaveCsv(GridTables.Classes(results), folder, "classes")),
        File.ReadAllText(FigureExport.SaveCsv(GridTables.Confusions(results), folder, "confusion")),
    ];

    static Dictionary<string, DateTime> ResultFiles(string results) =>
        Directory.GetFiles(Grid.RunsDirectory(results), "result.json", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

    [Fact]
    public void FseTrainAndTheNotebooksShareRunsAndTables()
    {
        var scratch = Directory.CreateTempSubdirectory("fse-one-path-").FullName;
        try
        {
            var settings = Smoke(scratch);
            var input = new ModelInput(ModelKind.Cnn4, SpectrogramKind.Cqt);
            var features = new TrainFeatures(
                CorpusFeatures.Load(settings.Corpus, input.Spectrogram, new SpectrogramConfig(), CorpusFeatures.PaperSegments, CorpusFeatures.CacheDirectory(settings), torch.CPU), "{}");

            // fse train first: it trains, and the notebooks' call finds every run finished
            var trainedByCli = new Count();
            var cli = TrainCommand.Run(TrainRequestFor(settings, input, ProtocolKind.SegmentKFold), features, trainedByCli);
            Assert.True(trainedByCli.Epochs > 0);
            var written = ResultFiles(settings.ResultsDirectory);
            Assert.Equal(ExperimentProfile.For(ProfileName.Smoke).Folds, written.Count);
            var notebook = Grid.Ensure(settings, new GridExperiment("segment", [input], [ProtocolKind.SegmentKFold]));
            Assert.Equal(written, ResultFiles(settings.ResultsDirectory));
            Assert.Equal([File.ReadAllText(cli.FoldsCsv), File.ReadAllText(cli.ClassesCsv), File.ReadAllText(cli.ConfusionCsv)], Tables(Path.Combine(scratch, "notebook"), notebook));

            // and the other way round: runs the notebooks trained are read back by fse train, never trained again
            var grouped = Grid.Ensure(settings, new GridExperiment("grouped", [input], [ProtocolKind.GroupedKFold]));
            var before = ResultFiles(settings.ResultsDirectory);
            var trainedAgain = new Count();
            var again = TrainCommand.Run(TrainRequestFor(settings, input, ProtocolKind.GroupedKFold), features, trainedAgain);
            Assert.Equal(0, trainedAgain.Epochs);
            Assert.Equal(before, ResultFiles(settings.ResultsDirectory));
            Assert.Equal([File.ReadAllText(again.FoldsCsv), File.ReadAllText(again.ClassesCsv), File.ReadAllText(again.ConfusionCsv)], Tables(Path.Combine(scratch, "grouped"), grouped));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// What the removed `Experiment.Run` test pinned, now on the grid's path: every fold scored, the three tables' shape.
    [Fact]
    public void AGroupedExperimentScoresEveryFoldAndWritesItsTables()
    {
        var data = SyntheticSegments.Blobs(excerptsPerClass: 4, segmentsPerExcerpt: 3);
        var quick = new TrainerConfig { MaxEpochs = 2, BatchSize = 16, Seed = 3 };
        var folder = Directory.CreateTempSubdirectory("fse-results-").FullName;
        try
        {
            var results = Grid.Execute(GridPlan.Plan(new ExperimentSpec(ModelKind.Cnn4, SpectrogramKind.Cqt, ProtocolKind.GroupedKFold, Folds: 2), data, quick), quick, torch.CPU, Grid.RunsDirectory(folder));
            Assert.Equal(2, results.Count);
            Assert.Equal(data.Count, results.Sum(r => r.Support.Sum()));
            Assert.All(results, r => Assert.InRange(r.Accuracy, 0, 1));
            var folds = File.ReadAllLines(FigureExport.SaveCsv(GridTables.Folds(results), folder, "folds"));
            Assert.Equal("Model,Spectrogram,Protocol,Repeat,Fold,TrainSegments,TestSegments,Epochs,TrainSeconds,Accuracy,MacroF1,WeightedF1", folds[0]);
            Assert.Equal(3, folds.Length);
            Assert.StartsWith("cnn4,cqt,grouped-kfold,0,1,", folds[2]);
            Assert.Equal(1 + 2 * 16, File.ReadAllLines(FigureExport.SaveCsv(GridTables.Confusions(results), folder, "confusion")).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
