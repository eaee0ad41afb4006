using System.Collections.Immutable;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments;

/// <summary>One (model, spectrogram) pair of the paper's grid.</summary>
public sealed record ModelInput(ModelKind Model, SpectrogramKind Spectrogram);

/// <summary>How much of the paper's grid a reproduction runs. <see cref="Paper"/> is the paper's protocol sizes
/// (10 folds, 4 repeats) with early stopping; <see cref="Quick"/> cuts folds, repeats and epochs so the whole grid
/// fits in about 20 minutes on 2 CPU cores; <see cref="Smoke"/> only proves every notebook runs.</summary>
public sealed record ExperimentProfile(ProfileName Name, int Folds, int Repeats, TrainerConfig Trainer)
{
    /// <summary>The paper ran BasicCnn on all three spectrograms and its CNN4 family on the CQT.</summary>
    public static readonly ImmutableArray<ModelInput> PaperGrid =
    [
        new(ModelKind.Basic, SpectrogramKind.Stft),
        new(ModelKind.Basic, SpectrogramKind.Mel),
        new(ModelKind.Basic, SpectrogramKind.Cqt),
        new(ModelKind.Cnn4, SpectrogramKind.Cqt),
        new(ModelKind.Cnn3, SpectrogramKind.Cqt),
        new(ModelKind.Cnn4Res, SpectrogramKind.Cqt),
        new(ModelKind.Cnn4Inception, SpectrogramKind.Cqt),
    ];

    public const double TestFraction = 0.25;

    public static ExperimentProfile For(ProfileName name) =>
        name switch
        {
            ProfileName.Smoke => new(name, Folds: 2, Repeats: 1, new TrainerConfig(MaxEpochs: 1, Patience: 1)),
            ProfileName.Quick => new(name, Folds: 3, Repeats: 2, new TrainerConfig(MaxEpochs: 4, Patience: 2)),
            _ => new(name, Folds: 10, Repeats: 4, new TrainerConfig(MaxEpochs: 30, Patience: 5)),
        };

    public ExperimentSpec Spec(ModelInput input, ProtocolKind protocol) =>
        new(input.Model, SpectrogramName(input.Spectrogram), protocol, Folds, Repeats, TestFraction);

    public static string SpectrogramName(SpectrogramKind kind) => kind.ToString().ToLowerInvariant();
}
