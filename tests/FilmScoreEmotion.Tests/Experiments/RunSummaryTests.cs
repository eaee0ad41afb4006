using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Tests.Experiments;

public class RunSummaryTests
{
    static EpochProgress[] Curve(params double[] validationLosses) =>
        [.. validationLosses.Select((l, i) => new EpochProgress("r", i + 1, 1.0, 0.5, l, 0.5))];

    static TrainedModel Trained(EpochProgress[] history) =>
        new(ModelKind.Cnn4, null!, null!, ["a", "b"], 84, 126, history.Length, 1.0, history);

    [Fact]
    public void EarlyStoppingIsTellingApartFromTheCap()
    {
        var config = new TrainerConfig(MaxEpochs: 4, Patience: 2);
        var stopped = Trained(Curve(1.0, 0.8, 0.9, 0.95));
        Assert.Equal(2, stopped.BestEpoch);
        Assert.True(stopped.StoppedEarly(config));
        var capped = Trained(Curve(1.0, 0.9, 0.85, 0.8));
        Assert.Equal(4, capped.BestEpoch);
        Assert.False(capped.StoppedEarly(config));
        var noValidation = Trained(Curve(double.NaN, double.NaN));
        Assert.Equal(2, noValidation.BestEpoch);
        Assert.False(noValidation.StoppedEarly(config));
    }

    static RunResult Result(int fold, double accuracy, int epochs, bool stoppedEarly, double[] recall) =>
        new(GridRun.Create(ModelKind.Cnn4, SpectrogramKind.Cqt, ProtocolKind.GroupedKFold, 0, fold, 0, "x"), ["happiness", "sadness"], 10, 10, epochs, 1.0,
            accuracy, accuracy, accuracy, [0.5, 0.5], recall, [0.5, 0.5], [5, 5], [[5, 0], [0, 5]], Curve(1.0), 1, stoppedEarly);

    [Fact]
    public void TheTableMarksAGroupWithACappedRun()
    {
        var groups = RunSummary.Summarise([Result(0, 0.6, 7, true, [1.0, 0.2]), Result(1, 0.8, 3, false, [0.5, 0.4])]);
        var g = Assert.Single(groups);
        Assert.Equal(0.7, g.Mean, 12);
        Assert.Equal(Math.Sqrt(0.02), g.Std, 12);
        Assert.Equal((3, 7, 1), (g.MinEpochs, g.MaxEpochs, g.Capped));
        Assert.Equal([0.75, 0.3], g.Recall.Select(r => Math.Round(r, 12)));
        var table = RunSummary.Markdown(groups);
        Assert.Contains("| cnn4 | cqt | grouped-kfold | 2 | 0.700 ± 0.141 | 0.700 | 3-7 | **1 of 2** | happiness 0.75, sadness 0.30 |", table);
    }
}
