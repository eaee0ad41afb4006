using System.Collections.Immutable;
using System.Text.Json;
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

/// <summary>A corpus the caption model learns from: what to call it, its segments (the model's classes only), and the
/// seed of each network trained on it.</summary>
public sealed record CaptionCorpus(string? Name, LabelledSegments Data, ImmutableArray<int> Seeds);

/// <summary>The model the caption command uses: networks trained on every segment of a corpus to early stopping on a
/// part of its excerpts, whatever profile the figures use, saved as one model whose captions average their
/// probabilities, with its classes, spectrogram parameters and each network's normalisation under
/// <c>results/models/</c>. On the synthetic corpus the networks learn from its compositions as both renderers play them
/// (<see cref="Renderings"/>): one network of either kind reads about a third of real pieces' 2-s windows right, and
/// networks of one kind averaged gain little, but networks of the two kinds averaged gain on both real-music checks
/// (measured: README, "The synthetic corpus"). On a corpus the user names, one network. Retrained only when a corpus,
/// the network, the settings or the seeds change; the same seeds give the same weights.</summary>
public static class FinalModel
{
    public const string DefaultName = "cnn4-cqt";

    /// <summary>The renderings of the synthetic corpus the caption model learns from, in the order of its members.</summary>
    public static readonly ImmutableArray<CorpusRenderer> Renderings = [CorpusRenderer.SoundFont, CorpusRenderer.Additive];

    /// <summary>Networks trained on each rendering: five on the full profiles, where five of each were measured; one on
    /// the smoke profile, so CI runs the same path in minutes.</summary>
    public static int NetworksPerRendering(ProfileName profile) => profile == ProfileName.Smoke ? 1 : 5;

    /// <summary>What <see cref="Ensure"/> trains for <paramref name="settings"/>, in words for a log line.</summary>
    public static string Describe(ReproduceSettings settings) =>
        settings.UsesSyntheticCorpus
            ? $"{(NetworksPerRendering(settings.Profile) is var n && n == 1 ? "one network" : $"{n} networks")} on each of the {CorpusSetup.DisplayName(settings)}'s renderings ({string.Join(" and ", Renderings.Select(EnumNames.Lower))})"
            : $"one network on {CorpusSetup.DisplayName(settings)}";

    /// <summary>The converged profile's trainer: a product, not a by-product of the figures' profile.</summary>
    public static TrainerConfig Trainer(Precision precision) => ExperimentProfile.For(ProfileName.Converged, precision).Trainer;

    public static string Directory(ReproduceSettings settings) => Path.Combine(settings.ResultsDirectory, "models");

    /// <summary>The caption model for <paramref name="settings"/>, trained when missing or stale, with
    /// <paramref name="networksPerCorpus"/> networks per corpus (default: <see cref="NetworksPerRendering"/> on the
    /// synthetic corpus, one on a named corpus), seeded one after another from the trainer's seed; with
    /// <paramref name="augmentation"/> its training examples are equalised and shifted at random (see
    /// <see cref="SpectrumAugmentation"/>).</summary>
    public static SavedModelInfo Ensure(
        ReproduceSettings settings, ModelKind model = ModelKind.Cnn4, SpectrogramKind kind = SpectrogramKind.Cqt, string name = DefaultName, int? networksPerCorpus = null,
        IProgress<EpochProgress>? progress = null, SpectrumAugmentationConfig? augmentation = null)
    {
        var spectrogram = new SpectrogramConfig();
        var device = DeviceChoice.Resolve(settings.Device);
        var trainer = Trainer(settings.Precision) with { Augmentation = augmentation };
        var perCorpus = networksPerCorpus ?? (settings.UsesSyntheticCorpus ? NetworksPerRendering(settings.Profile) : 1);
        if (perCorpus < 1)
            throw new ArgumentOutOfRangeException(nameof(networksPerCorpus), perCorpus, "the caption model needs at least one network per corpus");
        var sources = settings.UsesSyntheticCorpus
            ? Renderings.Select(r => (Name: $"{CorpusSetup.DisplayName(settings)}, {EnumNames.Lower(r)} rendering", Manifest: CorpusSetup.EnsureManifest(settings, r))).ToList()
            : [(Name: CorpusSetup.DisplayName(settings), Manifest: CorpusSetup.EnsureManifest(settings))];
        var corpora = sources
            .Select((source, c) => new CaptionCorpus(
                source.Name,
                GridPlan.DataFor(model, CorpusFeatures.Load(source.Manifest, kind, spectrogram, CorpusFeatures.PaperSegments, CorpusFeatures.CacheDirectory(settings), device)),
                [.. Enumerable.Range(trainer.Seed + c * perCorpus, perCorpus)]
            ))
            .ToImmutableArray();
        return Train(Directory(settings), name, model, kind, JsonSerializer.Serialize(spectrogram), corpora, trainer, device, progress);
    }

    /// <summary>Trains <paramref name="model"/> on every segment of <paramref name="data"/>, one network per seed
    /// (default: the trainer's); see the other overload.</summary>
    public static SavedModelInfo Train(
        string folder, string name, ModelKind model, SpectrogramKind kind, string spectrogramParameters, LabelledSegments data, TrainerConfig trainer, Device device,
        ImmutableArray<int> seeds = default, IProgress<EpochProgress>? progress = null) =>
        Train(folder, name, model, kind, spectrogramParameters, [new CaptionCorpus(null, data, seeds.IsDefaultOrEmpty ? [trainer.Seed] : seeds)], trainer, device, progress);

    /// <summary>Trains <paramref name="model"/> on every segment of each corpus, one network per seed of that corpus, and
    /// saves them as one model <c>FOLDER/NAME</c>, unless <c>FOLDER/NAME.inputs</c> says the saved model came from the
    /// same data, network, settings and seeds. While a network trains, a checkpoint named by those inputs sits beside
    /// it, so an interrupted training resumes; it is removed once the model is saved.</summary>
    public static SavedModelInfo Train(
        string folder, string name, ModelKind model, SpectrogramKind kind, string spectrogramParameters, ImmutableArray<CaptionCorpus> corpora, TrainerConfig trainer, Device device,
        IProgress<EpochProgress>? progress = null)
    {
        if (corpora.IsDefaultOrEmpty || corpora.Any(c => c.Seeds.IsDefaultOrEmpty))
            throw new ArgumentException("the caption model needs at least one corpus and at least one seed for each", nameof(corpora));
        var first = corpora[0].Data;
        if (corpora.FirstOrDefault(c => !c.Data.ClassNames.SequenceEqual(first.ClassNames) || c.Data.Bins != first.Bins || c.Data.Frames != first.Frames) is { } odd)
            throw new ArgumentException(
                $"{odd.Name}: classes {string.Join(", ", odd.Data.ClassNames)} on {odd.Data.Bins} x {odd.Data.Frames} spectrograms, but {corpora[0].Name} has "
                    + $"{string.Join(", ", first.ClassNames)} on {first.Bins} x {first.Frames}: the networks of one model must answer the same classes from the same input",
                nameof(corpora)
            );
        var network = ModelSummary.Of(model, first.Bins, first.Frames, first.ClassNames.Length).Fingerprint;
        var inputs = GridRun.Hash(
            $"{ModelCatalog.Name(model)}|{trainer.Fingerprint}|{network}|{string.Join(";", corpora.Select(c => $"{DataKey.Of(c.Data)}|seeds={string.Join(",", c.Seeds)}"))}"
        );
        var stamp = Path.Combine(folder, name + ".inputs");
        var info = SavedModel.InfoPath(folder, name);
        if (File.Exists(stamp) && File.Exists(info) && File.ReadAllText(stamp) == inputs)
            return JsonSerializer.Deserialize<SavedModelInfo>(File.ReadAllText(info))!;
        System.IO.Directory.CreateDirectory(folder);
        var plan = corpora.SelectMany(c => c.Seeds.Select(seed => (Corpus: c, Seed: seed))).ToList();
        string Checkpoint(int member) => Path.Combine(folder, $"{name}-member{member}-{inputs[..10]}.ckpt");
        var members = new List<ModelMember>();
        try
        {
            foreach (var ((corpus, seed), member) in plan.Select((p, i) => (p, i)))
            {
                var all = Enumerable.Range(0, corpus.Data.Count).ToArray();
                var trained = Training.Trainer.Fit(model, corpus.Data, all, trainer with { Seed = seed }, device, $"{name}-{member + 1}of{plan.Count}-seed{seed}", Checkpoint(member), progress);
                members.Add(new ModelMember(trained, seed, corpus.Name));
            }
            var saved = SavedModel.Save(folder, name, members, SpectrogramKinds.Name(kind), spectrogramParameters);
            AtomicFile.WriteAllText(stamp, inputs);
            for (var member = 0; member < plan.Count; member++)
                File.Delete(Checkpoint(member));
            return saved;
        }
        finally
        {
            members.ForEach(m => m.Trained.Dispose());
        }
    }
}
