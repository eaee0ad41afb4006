using System.Collections.Immutable;
using System.Text.Json;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Experiments;

/// <summary>The model the caption command uses: a network trained on every segment of the corpus to early stopping on
/// a part of its excerpts, whatever profile the figures use, saved with its classes, spectrogram parameters and
/// normalisation under <c>results/models/</c>. Given several seeds it trains one network per seed and saves them as one
/// model whose captions average their probabilities; the default is one seed, as five cost five times the training and
/// 2.4 times the captioning time without naming more real pieces right (measured: README, "The synthetic corpus").
/// Retrained only when the corpus, the network, the settings or the seeds change; the same seeds give the same
/// weights.</summary>
public static class FinalModel
{
    public const string DefaultName = "cnn4-cqt";

    /// <summary>The converged profile's trainer: a product, not a by-product of the figures' profile.</summary>
    public static TrainerConfig Trainer(Precision precision) => ExperimentProfile.For(ProfileName.Converged, precision).Trainer;

    public static string Directory(ReproduceSettings settings) => Path.Combine(settings.ResultsDirectory, "models");

    /// <summary>The caption model for <paramref name="settings"/>, trained when missing or stale; with
    /// <paramref name="augmentation"/> its training examples are equalised and shifted at random (see
    /// <see cref="SpectrumAugmentation"/>).</summary>
    public static SavedModelInfo Ensure(
        ReproduceSettings settings, ModelKind model = ModelKind.Cnn4, SpectrogramKind kind = SpectrogramKind.Cqt, string name = DefaultName, ImmutableArray<int> seeds = default,
        IProgress<EpochProgress>? progress = null, SpectrumAugmentationConfig? augmentation = null)
    {
        var spectrogram = new SpectrogramConfig();
        var device = DeviceChoice.Resolve(settings.Device);
        var data = GridPlan.DataFor(model, CorpusFeatures.Load(CorpusSetup.EnsureManifest(settings), kind, spectrogram, CorpusFeatures.PaperSegments, CorpusFeatures.CacheDirectory(settings), device));
        return Train(Directory(settings), name, model, kind, JsonSerializer.Serialize(spectrogram), data, Trainer(settings.Precision) with { Augmentation = augmentation }, device, seeds, progress);
    }

    /// <summary>Trains <paramref name="model"/> on every segment of <paramref name="data"/> (the model's classes only,
    /// see <see cref="GridPlan.DataFor"/>), one network per seed (default: the trainer's), and saves them as
    /// <c>FOLDER/NAME</c>, unless <c>FOLDER/NAME.inputs</c> says the saved model came from the same data, network,
    /// settings and seeds. While a network trains, a checkpoint named by those inputs sits beside it, so an interrupted
    /// training resumes; it is removed once the model is saved.</summary>
    public static SavedModelInfo Train(
        string folder, string name, ModelKind model, SpectrogramKind kind, string spectrogramParameters, LabelledSegments data, TrainerConfig trainer, Device device,
        ImmutableArray<int> seeds = default, IProgress<EpochProgress>? progress = null)
    {
        var network = ModelSummary.Of(model, data.Bins, data.Frames, data.ClassNames.Length).Fingerprint;
        seeds = seeds.IsDefaultOrEmpty ? [trainer.Seed] : seeds;
        var inputs = GridRun.Hash($"{DataKey.Of(data)}|{ModelCatalog.Name(model)}|{trainer.Fingerprint}|{network}|seeds={string.Join(",", seeds)}");
        var stamp = Path.Combine(folder, name + ".inputs");
        var info = SavedModel.InfoPath(folder, name);
        if (File.Exists(stamp) && File.Exists(info) && File.ReadAllText(stamp) == inputs)
            return JsonSerializer.Deserialize<SavedModelInfo>(File.ReadAllText(info))!;
        System.IO.Directory.CreateDirectory(folder);
        string Checkpoint(int seed) => Path.Combine(folder, $"{name}-seed{seed}-{inputs[..10]}.ckpt");
        var all = Enumerable.Range(0, data.Count).ToArray();
        var members = new List<(TrainedModel Trained, int Seed)>();
        try
        {
            foreach (var seed in seeds)
                members.Add((Training.Trainer.Fit(model, data, all, trainer with { Seed = seed }, device, $"{name}-seed{seed}", Checkpoint(seed), progress), seed));
            var saved = SavedModel.Save(folder, name, members, SpectrogramKinds.Name(kind), spectrogramParameters);
            AtomicFile.WriteAllText(stamp, inputs);
            foreach (var seed in seeds)
                File.Delete(Checkpoint(seed));
            return saved;
        }
        finally
        {
            members.ForEach(m => m.Trained.Dispose());
        }
    }
}
