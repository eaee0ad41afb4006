using System.Text.Json;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments;

/// <summary>The model the caption command uses: one network trained on the whole corpus (early stopping on a part
/// of its excerpts) and saved with its classes, spectrogram parameters and normalisation under
/// <c>results/models/</c>. Retrained only when the corpus, the profile or the settings change.</summary>
public static class FinalModel
{
    public const string DefaultName = "cnn4-cqt";

    public static string Directory(ReproduceSettings settings) => Path.Combine(settings.ResultsDirectory, "models");

    public static SavedModelInfo Ensure(ReproduceSettings settings, ModelKind model = ModelKind.Cnn4, SpectrogramKind kind = SpectrogramKind.Cqt, string name = DefaultName)
    {
        var profile = ExperimentProfile.For(settings.Profile, settings.Precision);
        var spectrogram = new SpectrogramConfig();
        var data = GridPlan.DataFor(model, GridPlan.Subsample(CorpusFeatures.Load(CorpusSetup.EnsureManifest(settings), kind, spectrogram, CorpusFeatures.PaperSegments, CorpusFeatures.CacheDirectory(settings), DeviceChoice.Resolve(settings.Device)), profile.MaxSegmentsPerExcerpt));
        var inputs = GridRun.Hash($"{DataKey.Of(data)}|{ModelCatalog.Name(model)}|{profile.Trainer.Fingerprint}");
        var folder = Directory(settings);
        var stamp = Path.Combine(folder, name + ".inputs");
        var info = SavedModel.InfoPath(folder, name);
        if (File.Exists(stamp) && File.Exists(info) && File.ReadAllText(stamp) == inputs)
            return JsonSerializer.Deserialize<SavedModelInfo>(File.ReadAllText(info))!;
        using var trained = Trainer.Fit(model, data, Enumerable.Range(0, data.Count).ToArray(), profile.Trainer, DeviceChoice.Resolve(settings.Device), name);
        var saved = SavedModel.Save(folder, name, trained, ExperimentProfile.SpectrogramName(kind), JsonSerializer.Serialize(spectrogram));
        AtomicFile.WriteAllText(stamp, inputs);
        return saved;
    }
}
