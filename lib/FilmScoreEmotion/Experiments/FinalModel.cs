using System.Collections.Immutable;
using System.Text.Json;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments;

/// <summary>The model the caption command uses: networks trained on every segment of the corpus to early stopping on a
/// part of its excerpts, one per seed, whatever profile the figures use, saved together with their classes,
/// spectrogram parameters and normalisations under <c>results/models/</c>; captions average their probabilities.
/// Several seeds because off the corpus's domain each training run leans to a class of its own (measured on real
/// soundtracks: one seed called most pieces fear, another peacefulness), and the average of the leans is steadier
/// than any one. Retrained only when the corpus, the network, the settings or the seeds change; the same seeds give
/// the same weights.</summary>
public static class FinalModel
{
    public const string DefaultName = "cnn4-cqt";

    /// <summary>The converged profile's trainer: a product, not a by-product of the figures' profile.</summary>
    public static TrainerConfig Trainer(Precision precision) => ExperimentProfile.For(ProfileName.Converged, precision).Trainer;

    /// <summary>Seeds of the caption model's members: five for real runs, one on the smoke profile, whose numbers mean
    /// nothing and which must stay quick (the averaging is pinned by the saved model's tests).</summary>
    public static ImmutableArray<int> Seeds(ProfileName profile) => profile == ProfileName.Smoke ? [0] : [0, 1, 2, 3, 4];

    public static string Directory(ReproduceSettings settings) => Path.Combine(settings.ResultsDirectory, "models");

    public static SavedModelInfo Ensure(ReproduceSettings settings, ModelKind model = ModelKind.Cnn4, SpectrogramKind kind = SpectrogramKind.Cqt, string name = DefaultName, IProgress<EpochProgress>? progress = null)
    {
        var trainer = Trainer(settings.Precision);
        var spectrogram = new SpectrogramConfig();
        var data = GridPlan.DataFor(model, CorpusFeatures.Load(CorpusSetup.EnsureManifest(settings), kind, spectrogram, CorpusFeatures.PaperSegments, CorpusFeatures.CacheDirectory(settings), DeviceChoice.Resolve(settings.Device)));
        var network = ModelSummary.Of(model, data.Bins, data.Frames, data.ClassNames.Length).Fingerprint;
        var seeds = Seeds(settings.Profile);
        var inputs = GridRun.Hash($"{DataKey.Of(data)}|{ModelCatalog.Name(model)}|{trainer.Fingerprint}|{network}|seeds={string.Join(",", seeds)}");
        var folder = Directory(settings);
        var stamp = Path.Combine(folder, name + ".inputs");
        var info = SavedModel.InfoPath(folder, name);
        if (File.Exists(stamp) && File.Exists(info) && File.ReadAllText(stamp) == inputs)
            return JsonSerializer.Deserialize<SavedModelInfo>(File.ReadAllText(info))!;
        var device = DeviceChoice.Resolve(settings.Device);
        var all = Enumerable.Range(0, data.Count).ToArray();
        var members = new List<(TrainedModel Trained, int Seed)>();
        try
        {
            foreach (var seed in seeds)
                members.Add((Training.Trainer.Fit(model, data, all, trainer with { Seed = seed }, device, $"{name}-seed{seed}", progress: progress), seed));
            var saved = SavedModel.Save(folder, name, members, SpectrogramKinds.Name(kind), JsonSerializer.Serialize(spectrogram));
            AtomicFile.WriteAllText(stamp, inputs);
            return saved;
        }
        finally
        {
            members.ForEach(m => m.Trained.Dispose());
        }
    }
}
