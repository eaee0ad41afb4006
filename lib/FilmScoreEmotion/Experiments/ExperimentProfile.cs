using System.Collections.Immutable;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments;

/// <summary>One (model, spectrogram) pair of the paper's grid.</summary>
public sealed record ModelInput(ModelKind Model, SpectrogramKind Spectrogram);

/// <summary>How much of the paper's grid a reproduction runs. The paper profile has the paper's protocol sizes
/// (10 folds, 4 repeats) with early stopping (at most 30 epochs) on every segment. The quick profile fits the whole
/// grid into about 20 minutes on 2 CPU cores: 2 folds, 1 repeat, 2 epochs and the first 4 segments of each excerpt
/// (BasicCnn on the 257-bin STFT trains at about 8 samples/s there). The smoke profile only proves every notebook
/// runs.</summary>
/// <param name="MaxSegmentsPerExcerpt">keep only the first segments of each excerpt (null: all)</param>
public sealed record ExperimentProfile(ProfileName Name, int Folds, int Repeats, TrainerConfig Trainer, int? MaxSegmentsPerExcerpt = null)
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
            ProfileName.Quick => new(name, Folds: 2, Repeats: 1, new TrainerConfig(MaxEpochs: 2, Patience: 2, Precision: precision), MaxSegmentsPerExcerpt: 4),
            _ => new(name, Folds: 10, Repeats: 4, new TrainerConfig(MaxEpochs: 30, Patience: 5, Precision: precision)),
        };

    public ExperimentSpec Spec(ModelInput input, ProtocolKind protocol) =>
        new(input.Model, SpectrogramName(input.Spectrogram), protocol, Folds, Repeats, TestFraction);

    public static string SpectrogramName(SpectrogramKind kind) => kind.ToString().ToLowerInvariant();
}
