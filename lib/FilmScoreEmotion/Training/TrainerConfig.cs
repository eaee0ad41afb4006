namespace FilmScoreEmotion.Training;

/// <summary>Training settings. The paper names Adam but no rate, batch size or epoch count; these defaults are Keras's and
/// Adam's usual ones (lr 1e-3, batch 32), with early stopping on a validation part of 10 % of the training excerpts.</summary>
public sealed record TrainerConfig(
    double LearningRate = 1e-3,
    int BatchSize = 32,
    int MaxEpochs = 30,
    int Patience = 5,
    double ValidationFraction = 0.1,
    int Seed = 0,
    Precision Precision = Precision.Fp32,
    SpectrumAugmentationConfig? Augmentation = null
)
{
    public TrainerConfig Validated()
    {
        Augmentation?.Validated();
        return LearningRate <= 0 || BatchSize < 2 || MaxEpochs < 1 || Patience < 1 || ValidationFraction is < 0 or >= 1
            ? throw new ArgumentException(
                $"bad training settings: learning rate {LearningRate} (> 0), batch {BatchSize} (>= 2), epochs {MaxEpochs} (>= 1), patience {Patience} (>= 1), validation fraction {ValidationFraction} (0 to < 1)")
            : this;
    }

    /// <summary>Identifies the settings inside a checkpoint so a run never resumes under different ones.
    /// The default precision and no augmentation add nothing, so checkpoints and run ids from before the settings existed
    /// stay valid.</summary>
    public string Fingerprint =>
        $"lr={LearningRate:R};batch={BatchSize};epochs={MaxEpochs};patience={Patience};val={ValidationFraction:R};seed={Seed}"
        + (Precision == Precision.Fp32 ? "" : $";precision={Precisions.Name(Precision)}")
        + (Augmentation is null or { IsOff: true } ? "" : $";{Augmentation.Fingerprint}");
}

/// <summary>One finished epoch; validation figures are NaN when the training part was too small to carve one.</summary>
public sealed record EpochProgress(string Run, int Epoch, double Loss, double Accuracy, double ValidationLoss, double ValidationAccuracy);
