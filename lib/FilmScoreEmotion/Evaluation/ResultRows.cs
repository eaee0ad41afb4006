using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;

namespace FilmScoreEmotion.Evaluation;

/// <summary>One row per (model, spectrogram, protocol, repeat, fold): the table behind Figs 4, 6, 7 and 9, built from
/// the runs' results by <c>Experiments/Runs/GridTables</c>. The kinds become their command-line names only in the CSV
/// (<c>Figures/FigureExport.SaveCsv</c>).</summary>
public sealed record FoldRow(
    ModelKind Model,
    SpectrogramKind Spectrogram,
    ProtocolKind Protocol,
    int Repeat,
    int Fold,
    int TrainSegments,
    int TestSegments,
    int Epochs,
    double TrainSeconds,
    double Accuracy,
    double MacroF1,
    double WeightedF1
);

/// <summary>Per-class scores of one fold (Figs 5 and 11).</summary>
public sealed record ClassRow(ModelKind Model, SpectrogramKind Spectrogram, ProtocolKind Protocol, int Repeat, int Fold, string Class, double Precision, double Recall, double F1, int Support);

/// <summary>One cell of one fold's confusion matrix (Fig 10), long format.</summary>
public sealed record ConfusionRow(ModelKind Model, SpectrogramKind Spectrogram, ProtocolKind Protocol, int Repeat, int Fold, string TrueClass, string PredictedClass, int Count);
