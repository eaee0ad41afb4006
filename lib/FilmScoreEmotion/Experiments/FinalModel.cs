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

/// <summary>The model the caption command uses: one network trained on every segment of the corpus to early stopping
/// on a part of its excerpts, whatever profile the figures use, and saved with its classes, spectrogram parameters and
/// normalisation under <c>results/models/</c>. Retrained only when the corpus, the network or the settings change;
/// the same seed gives the same weights.</summary>
public static class FinalModel
{
    public const string DefaultName = "cnn4-cqt";

    /// <summary>The converged profile's trainer: a product, not a by-product of the figures' profile.</summary>
    public static TrainerConfig Trainer(Precision precision) => ExperimentProfile.For(ProfileName.Converged, precision).Trainer;

    public static string Directory(ReproduceSettings settings) => Path.Combine(settings.ResultsDirectory, "models");

    public static SavedModelInfo Ensure(ReproduceSettings settings, ModelKind model = ModelKind.Cnn4, SpectrogramKind kind = SpectrogramKind.Cqt, string name = DefaultName, IProgress<EpochProgress>? progress = null)
    {
        var spectrogram = new SpectrogramConfig();
        var data = GridPlan.DataFor(model, CorpusFeatures.Load(CorpusSetup.EnsureManifest(settings), kind, spectrogram, CorpusFeatures.PaperSegments, CorpusFeatures.CacheDirectory(settings), DeviceChoice.Resolve(settings.Device)));
        return Train(Directory(settings), name, model, kind, JsonSerializer.Serialize(spectrogram), data, Trainer(settings.Precision), DeviceChoice.Resolve(settings.Device), progress);
    }

    /// <summary>Trains <paramref name="model"/> on every segment of <paramref name="data"/> (the model's classes only,
    /// see <see cref="GridPlan.DataFor"/>) and saves it as <c>FOLDER/NAME</c>, unless <c>FOLDER/NAME.inputs</c> says
    /// the saved model came from the same data, network and settings. While it trains, a checkpoint named by those
    /// inputs sits beside it, so an interrupted training resumes; it is removed once the model is saved.</summary>
    public static SavedModelInfo Train(
        string folder, string name, ModelKind model, SpectrogramKind kind, string spectrogramParameters, LabelledSegments data, TrainerConfig trainer, Device device,
        IProgress<EpochProgress>? progress = null)
    {
        var network = ModelSummary.Of(model, data.Bins, data.Frames, data.ClassNames.Length).Fingerprint;
        var inputs = GridRun.Hash($"{DataKey.Of(data)}|{ModelCatalog.Name(model)}|{trainer.Fingerprint}|{network}");
        var stamp = Path.Combine(folder, name + ".inputs");
        var info = SavedModel.InfoPath(folder, name);
        if (File.Exists(stamp) && File.Exists(info) && File.ReadAllText(stamp) == inputs)
            return JsonSerializer.Deserialize<SavedModelInfo>(File.ReadAllText(info))!;
        System.IO.Directory.CreateDirectory(folder);
        var checkpoint = Path.Combine(folder, $"{name}-{inputs[..10]}.ckpt");
        using var trained = Training.Trainer.Fit(model, data, Enumerable.Range(0, data.Count).ToArray(), trainer, device, name, checkpoint, progress);
        var saved = SavedModel.Save(folder, name, trained, SpectrogramKinds.Name(kind), spectrogramParameters);
        AtomicFile.WriteAllText(stamp, inputs);
        File.Delete(checkpoint);
        return saved;
    }
}
