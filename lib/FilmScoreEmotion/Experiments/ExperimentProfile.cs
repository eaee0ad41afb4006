using System.Collections.Immutable;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments;

/// <summary>One (model, spectrogram) pair of the paper's grid.</summary>
public sealed record ModelInput(ModelKind Model, SpectrogramKind Spectrogram);

/// <summary>How much of the paper's grid a reproduction runs. Every profile trains on every segment.
/// <list type="bullet">
/// <item>converged (the default): 2 folds and 1 repeat of the 75/25 split, every run to early stopping (patience 4 on a
/// validation part of 15 % of the training excerpts; the cap of 60 epochs is far above where runs stop), so the figures
/// show models that learned, within an hour on 2 CPU cores. Fewer folds than the paper's 10 is what pays for that.</item>
/// <item>paper: the paper's protocol sizes (10 folds, 4 repeats), early stopping with at most 30 epochs.</item>
/// <item>smoke: 1 epoch on the smoke corpus; proves every notebook runs (CI), its numbers mean nothing.</item>
/// </list></summary>
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

    public static ExperimentProfile For(ProfileName name, Precision precision = Precision.Fp32) =>
        name switch
        {
            ProfileName.Smoke => new(name, Folds: 2, Repeats: 1, new TrainerConfig(MaxEpochs: 1, Patience: 1, Precision: precision)),
            ProfileName.Converged => new(name, Folds: 2, Repeats: 1, new TrainerConfig(MaxEpochs: 60, Patience: 4, ValidationFraction: 0.15, Precision: precision)),
            _ => new(name, Folds: 10, Repeats: 4, new TrainerConfig(MaxEpochs: 30, Patience: 5, Precision: precision)),
        };
}
