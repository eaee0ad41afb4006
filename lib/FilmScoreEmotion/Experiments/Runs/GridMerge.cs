using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;

namespace FilmScoreEmotion.Experiments.Runs;

/// <summary>One finished run as a row of <c>DIR/grid-runs.csv</c>.</summary>
public sealed record GridRunRow(
    int Index, string Id, ModelKind Model, SpectrogramKind Spectrogram, ProtocolKind Protocol, int Repeat, int Fold, int Seed,
    int TrainSegments, int TestSegments, int Epochs, double TrainSeconds, double Accuracy, double MacroF1, double WeightedF1);

/// <summary>A run of the plan with no finished result: never started, or started and not finished (failed, killed,
/// or still running).</summary>
public sealed record GridGap(GridEntry Entry, bool Started);

/// <summary>The state of a planned grid: finished results in plan order and the runs still missing.</summary>
public sealed record GridState(IReadOnlyList<(GridEntry Entry, RunResult Result)> Finished, IReadOnlyList<GridGap> Missing);

/// <summary>Collects a grid's results and writes them as the tables the notebooks' figures come from, only once
/// every run is finished.</summary>
public static class GridMerge
{
    public static readonly IReadOnlyList<string> Tables = ["grid-runs.csv", "grid-classes.csv", "grid-confusion.csv"];

    public static GridState State(GridDocument document, string directory)
    {
        var runs = Grid.RunsDirectory(directory);
        var finished = new List<(GridEntry, RunResult)>();
        var missing = new List<GridGap>();
        foreach (var entry in document.Runs)
        {
            if (GridRunner.TryLoad(runs, entry.ToRun()) is { } result)
                finished.Add((entry, result));
            else
                missing.Add(new GridGap(entry, Directory.Exists(Path.Combine(runs, entry.Id))));
        }
        return new GridState(finished, missing);
    }

    /// <summary>Writes the three tables into <paramref name="directory"/> (each under a temporary name, then renamed)
    /// and returns their paths; throws, writing nothing, when a run is missing.</summary>
    public static IReadOnlyList<string> Write(GridDocument document, string directory)
    {
        var state = State(document, directory);
        if (state.Missing.Count > 0)
            throw new InvalidOperationException($"{directory}: {state.Missing.Count} of {document.Runs.Length} runs are not finished: {string.Join(", ", state.Missing.Select(m => m.Entry.Index))}");
        var results = state.Finished.Select(f => f.Result).ToList();
        var rows = state.Finished.Select(f => new GridRunRow(
            f.Entry.Index, f.Entry.Id, f.Entry.Model, f.Entry.Spectrogram, f.Entry.Protocol, f.Entry.Repeat, f.Entry.Fold, f.Entry.Seed,
            f.Result.TrainSegments, f.Result.TestSegments, f.Result.Epochs, f.Result.TrainSeconds, f.Result.Accuracy, f.Result.MacroF1, f.Result.WeightedF1));
        return
        [
            FigureExport.SaveCsv(rows, directory, Path.GetFileNameWithoutExtension(Tables[0])),
            FigureExport.SaveCsv(GridTables.Classes(results), directory, Path.GetFileNameWithoutExtension(Tables[1])),
            FigureExport.SaveCsv(GridTables.Confusions(results), directory, Path.GetFileNameWithoutExtension(Tables[2])),
        ];
    }
}
