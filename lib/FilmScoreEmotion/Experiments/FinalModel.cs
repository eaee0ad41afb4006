using System.Collections.Immutable;
using System.Text.Json;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Corpus.Synthesis;
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

/// <summary>The model the caption command uses: networks trained on every segment of the corpus to early stopping on a
/// part of its excerpts, whatever profile the figures use, saved as one model whose captions average their
/// probabilities (fused with a tonal expert learnt from the same segments, <see cref="TonalContext"/>), with its
/// classes, spectrogram parameters and each network's normalisation under <c>results/models/</c>. On the synthetic
/// corpus every network learns from its compositions as both renderers play them (<see cref="Renderings"/>, pooled): on
/// real music a network that heard one rendering leans to the classes that rendering's sound resembles, and one that
/// heard both leans less, reading more windows right than either kind alone or both kinds averaged (measured:
/// notebooks/real-music-trials.md, "Networks that hear both renderings"). Retrained only when the corpus, the network,
/// the settings or the seeds change; the same seeds give the same weights.</summary>
public static class FinalModel
{
    public const string DefaultName = "cnn4-cqt";

    /// <summary>The renderings of the synthetic corpus every network of the caption model learns from.</summary>
    public static readonly ImmutableArray<CorpusRenderer> Renderings = [CorpusRenderer.SoundFont, CorpusRenderer.Additive];

    /// <summary>How many networks the caption model averages: five on the synthetic corpus's full profiles, where five
    /// were measured; one on the smoke profile, so CI runs the same path in minutes, and one on a corpus the user names,
    /// where averaging is unmeasured.</summary>
    public static int Networks(ReproduceSettings settings) => settings.UsesSyntheticCorpus && settings.Profile != ProfileName.Smoke ? 5 : 1;

    /// <summary>What the caption model learns from, as its members name it.</summary>
    public static string CorpusName(ReproduceSettings settings) =>
        settings.UsesSyntheticCorpus
            ? $"{CorpusSetup.DisplayName(settings)}, {string.Join(" and ", Renderings.Select(EnumNames.Lower))} renderings"
            : CorpusSetup.DisplayName(settings);

    /// <summary>What <see cref="Ensure"/> trains for <paramref name="settings"/>, in words for a log line.</summary>
    public static string Describe(ReproduceSettings settings)
    {
        var seeds = Seeds(settings, Networks(settings));
        var networks = seeds.Length == 1 ? $"one network (seed {seeds[0]})" : $"{seeds.Length} networks (seeds {seeds[0]}-{seeds[^1]})";
        return $"{networks} on the {CorpusName(settings)}";
    }

    /// <summary>The converged profile's trainer: a product, not a by-product of the figures' profile.</summary>
    public static TrainerConfig Trainer(Precision precision) => ExperimentProfile.For(ProfileName.Converged, precision).Trainer;

    public static string Directory(ReproduceSettings settings) => Path.Combine(settings.ResultsDirectory, "models");

    /// <summary>The seeds of the caption model's networks: <paramref name="networks"/> of them one after another from
    /// the settings' caption seed (0 unless set), so another seed set is a setting, not a code change.</summary>
    public static ImmutableArray<int> Seeds(ReproduceSettings settings, int networks) => [.. Enumerable.Range(settings.CaptionSeed, networks)];

    /// <summary>The caption model for <paramref name="settings"/>, trained when missing or stale: <paramref name="networks"/>
    /// networks (default <see cref="Networks"/>) seeded by <see cref="Seeds"/>; with
    /// <paramref name="augmentation"/> its training examples are equalised and shifted at random (see
    /// <see cref="SpectrumAugmentation"/>).</summary>
    public static SavedModelInfo Ensure(
        ReproduceSettings settings, ModelKind model = ModelKind.Cnn4, SpectrogramKind kind = SpectrogramKind.Cqt, string name = DefaultName, int? networks = null,
        IProgress<EpochProgress>? progress = null, SpectrumAugmentationConfig? augmentation = null)
    {
        var spectrogram = new SpectrogramConfig();
        var device = DeviceChoice.Resolve(settings.Device);
        var trainer = Trainer(settings.Precision) with { Augmentation = augmentation };
        var count = networks ?? Networks(settings);
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(networks), count, "the caption model needs at least one network");
        var manifests = settings.UsesSyntheticCorpus ? Renderings.Select(r => CorpusSetup.EnsureManifest(settings, r)).ToList() : [CorpusSetup.EnsureManifest(settings)];
        var data = LabelledSegments.Pool(
            [.. manifests.Select(manifest => GridPlan.DataFor(model, CorpusFeatures.Load(manifest, kind, spectrogram, CorpusFeatures.PaperSegments, CorpusFeatures.CacheDirectory(settings), device)))]
        );
        return Train(Directory(settings), name, model, kind, JsonSerializer.Serialize(spectrogram), data, trainer, device, Seeds(settings, count), progress, CorpusName(settings));
    }

    /// <summary>Trains <paramref name="model"/> on every segment of <paramref name="data"/> (the model's classes only,
    /// see <see cref="GridPlan.DataFor"/>), one network per seed (default: the trainer's), and saves them as one model
    /// <c>FOLDER/NAME</c>, each member naming <paramref name="corpus"/>, unless <c>FOLDER/NAME.inputs</c> says the
    /// saved model came from the same data, network, settings and seeds. While a network trains, a checkpoint named by
    /// those inputs sits beside it, and a finished network's stays until the model is saved, so an interrupted training
    /// resumes at the network it was training. Where the spectrogram folds into pitch classes the model also gets the
    /// tonal expert learnt from the same segments (<see cref="TonalContext.LearnFrom"/>).</summary>
    public static SavedModelInfo Train(
        string folder, string name, ModelKind model, SpectrogramKind kind, string spectrogramParameters, LabelledSegments data, TrainerConfig trainer, Device device,
        ImmutableArray<int> seeds = default, IProgress<EpochProgress>? progress = null, string? corpus = null)
    {
        var network = ModelSummary.Of(model, data.Bins, data.Frames, data.ClassNames.Length).Fingerprint;
        seeds = seeds.IsDefaultOrEmpty ? [trainer.Seed] : seeds;
        var inputs = GridRun.Hash($"{DataKey.Of(data)}|{ModelCatalog.Name(model)}|{trainer.Fingerprint}|{network}|seeds={string.Join(",", seeds)}");
        var stamp = Path.Combine(folder, name + ".inputs");
        var info = SavedModel.InfoPath(folder, name);
        if (File.Exists(stamp) && File.Exists(info) && File.ReadAllText(stamp) == inputs)
        {
            var existing = JsonSerializer.Deserialize<SavedModelInfo>(File.ReadAllText(info))!;
            var tonal = Tonal();
            if (JsonSerializer.Serialize(existing.Tonal) == JsonSerializer.Serialize(tonal))
                return existing;
            var completed = existing with { Tonal = tonal };
            SavedModel.WriteInfo(folder, name, completed);
            return completed;
        }
        System.IO.Directory.CreateDirectory(folder);
        string Checkpoint(int member) => Path.Combine(folder, $"{name}-member{member}-{inputs[..10]}.ckpt");
        var all = Enumerable.Range(0, data.Count).ToArray();
        var members = new List<ModelMember>();
        try
        {
            foreach (var (seed, member) in seeds.Select((seed, i) => (seed, i)))
            {
                var run = seeds.Length == 1 ? $"{name}-seed{seed}" : $"{name}-{member + 1}of{seeds.Length}-seed{seed}";
                members.Add(new ModelMember(Training.Trainer.Fit(model, data, all, trainer with { Seed = seed }, device, run, Checkpoint(member), progress), seed, corpus));
            }
            var saved = SavedModel.Save(folder, name, members, SpectrogramKinds.Name(kind), spectrogramParameters, Tonal());
            AtomicFile.WriteAllText(stamp, inputs);
            for (var member = 0; member < seeds.Length; member++)
                File.Delete(Checkpoint(member));
            return saved;
        }
        finally
        {
            members.ForEach(m => m.Trained.Dispose());
        }
        // The expert is learnt again whenever the model is asked for: it takes seconds, so one saved before it
        // existed, or by another version of it, gets the current one without its networks retraining.
        TonalContext.Expert? Tonal() =>
            SavedModel.Parameters(spectrogramParameters).Config is { } config
                ? TonalContext.LearnFrom(data, kind, config, CorpusFeatures.PaperSegments.HopSeconds ?? CorpusFeatures.PaperSegments.SegmentSeconds)
                : null;
    }
}
