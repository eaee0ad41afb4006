using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;

namespace FilmScoreEmotion.Experiments.Runs;

/// <summary>What an experiment is: a model, the spectrogram it reads, a protocol and its sizes. <see cref="GridPlan.Runs"/> turns it into runs.</summary>
public sealed record ExperimentSpec(
    ModelKind Model,
    SpectrogramKind Spectrogram,
    ProtocolKind Protocol,
    int Folds = 10,
    int Repeats = 4,
    double TestFraction = 0.25
);
