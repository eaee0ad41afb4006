using System.CommandLine;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>The spectrograms of a corpus as the trainer needs them, with the spectrogram's parameters as JSON for the saved model.</summary>
public sealed record TrainFeatures(LabelledSegments Segments, string SpectrogramParameters);

/// <summary>What `fse train` was asked to do, after validation.</summary>
public sealed record TrainRequest(
    string Corpus,
    ModelKind Model,
    Spectra.SpectrogramKind Features,
    ProtocolKind Protocol,
    string Output,
    int Folds,
    int Repeats,
    TrainerConfig Config,
    torch.Device Device,
    bool SaveModel = true,
    int Parallel = 1
);

/// <summary>What a finished `fse train` wrote.</summary>
public sealed record TrainSummary(IReadOnlyList<FoldRow> Rows, string FoldsCsv, string ClassesCsv, string ConfusionCsv, string? ModelJson);

public static class TrainCommand
{
    /// <summary>The corpus's spectrograms with the paper's parameters, from the repository's feature cache (or one
    /// beside a manifest outside the repository).</summary>
    public static TrainFeatures LoadFeatures(string manifest, Spectra.SpectrogramKind kind)
    {
        if (!File.Exists(manifest))
            throw new FileNotFoundException($"{manifest}: corpus manifest not found");
        string cache;
        try
        {
            cache = Spectra.CorpusFeatures.CacheDirectory(Experiments.ReproduceSettings.Load(Environment.CurrentDirectory));
        }
        catch (DirectoryNotFoundException)
        {
            cache = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifest))!, ".fse-cache", "features");
        }
        var config = new Spectra.SpectrogramConfig();
        var segments = Spectra.CorpusFeatures.Load(manifest, kind, config, Spectra.CorpusFeatures.PaperSegments, cache, torch.CPU);
        return new TrainFeatures(segments, System.Text.Json.JsonSerializer.Serialize(config));
    }

    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "the corpus manifest (CSV)", Required = true };
        var model = new Option<string>("--model") { Description = "basic, cnn4, cnn3, cnn4res or cnn4inception", Required = true };
        var features = new Option<string>("--features") { Description = string.Join(", ", Spectra.SpectrogramKinds.Names), Required = true };
        var protocol = new Option<string>("--protocol")
        {
            Description = "segment-kfold (the paper's CV over segments), grouped-kfold (CV by excerpt) or grouped-split (75/25 by excerpt, repeated)",
            Required = true,
        };
        var output = new Option<string>("--output") { Description = "results folder (CSV tables, checkpoints/, models/)", Required = true };
        var folds = new Option<int>("--folds") { Description = "folds of the k-fold protocols", DefaultValueFactory = _ => 10 };
        var repeats = new Option<int>("--repeats") { Description = "repetitions of grouped-split", DefaultValueFactory = _ => 4 };
        var epochs = new Option<int>("--epochs") { Description = "most epochs per run (early stopping may end sooner)", DefaultValueFactory = _ => new TrainerConfig().MaxEpochs };
        var seed = new Option<int>("--seed") { Description = "seed of the splits, initial weights and shuffles", DefaultValueFactory = _ => 0 };
        var noModel = new Option<bool>("--no-model") { Description = "score the protocol only, without the model trained on the whole corpus" };
        var device = CommonOptions.Device();
        var parallel = CommonOptions.Parallel();
        var precision = CommonOptions.Precision();
        var command = new Command("train", "Train and score a model under a protocol; write per-fold results as CSV and save a model trained on the whole corpus.");
        foreach (var option in new Option[] { corpus, model, features, protocol, output, folds, repeats, epochs, seed, noModel, device, parallel, precision })
            command.Options.Add(option);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var request = Validate(
                    parse.GetValue(corpus)!, parse.GetValue(model)!, parse.GetValue(features)!, parse.GetValue(protocol)!, parse.GetValue(output)!,
                    parse.GetValue(folds), parse.GetValue(repeats), parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(device)!,
                    saveModel: !parse.GetValue(noModel), parallel: parse.GetValue(parallel), precision: parse.GetValue(precision)!);
                var loaded = LoadFeatures(request.Corpus, request.Features);
                var summary = Run(request, loaded, new EpochLines());
                var accuracy = summary.Rows.Select(r => r.Accuracy).ToArray();
                var mean = accuracy.Average();
                var sd = Math.Sqrt(accuracy.Sum(a => (a - mean) * (a - mean)) / Math.Max(1, accuracy.Length - 1));
                Console.WriteLine($"{ModelCatalog.Name(request.Model)} {Spectra.SpectrogramKinds.Name(request.Features)} {Protocols.Name(request.Protocol)}: accuracy {mean:F3} ± {sd:F3} over {accuracy.Length} folds");
                foreach (var path in new[] { summary.FoldsCsv, summary.ClassesCsv, summary.ConfusionCsv, summary.ModelJson }.OfType<string>())
                    Console.WriteLine($"wrote {path}");
                return 0;
            })
        );
        return command;
    }

    public static TrainRequest Validate(
        string corpus, string model, string features, string protocol, string output, int folds, int repeats, int epochs, int seed, string device,
        bool saveModel = true, int parallel = 1, string precision = "fp32")
    {
        var kind = ModelCatalog.Parse(model);
        var protocolKind = Protocols.Parse(protocol);
        var featureKind = Spectra.SpectrogramKinds.TryParse(features)
            ?? throw new ArgumentException($"unknown features '{features}': use {string.Join(", ", Spectra.SpectrogramKinds.Names)}");
        if (folds < 2)
            throw new ArgumentException($"--folds must be at least 2, got {folds}");
        if (repeats < 1)
            throw new ArgumentException($"--repeats must be at least 1, got {repeats}");
        if (epochs < 1)
            throw new ArgumentException($"--epochs must be at least 1, got {epochs}");
        SideBySide.AtLeastOne(parallel);
        var precisionKind = Precisions.Parse(precision);
        if (!File.Exists(corpus))
            throw new FileNotFoundException($"{corpus}: no such manifest", corpus);
        Cli.OutputGuard.Folder("--output", output);
        return new TrainRequest(
            corpus, kind, featureKind, protocolKind, output, folds, repeats,
            new TrainerConfig() with { MaxEpochs = epochs, Seed = seed, Precision = precisionKind },
            DeviceChoice.Resolve(DeviceChoice.Parse(device)),
            saveModel,
            parallel);
    }

    /// <summary>Runs the protocol, writes its three tables, then trains one model on the whole corpus (Cnn3: its three
    /// classes) and saves it under OUTPUT/models as MODEL-FEATURES. Checkpoints under OUTPUT/checkpoints make a re-run
    /// resume where an interrupted one stopped. The folds train <see cref="TrainRequest.Parallel"/> at once; more than
    /// there are folds left to train is refused before anything is written.</summary>
    public static TrainSummary Run(TrainRequest request, TrainFeatures features, IProgress<EpochProgress>? progress)
    {
        var kept = ModelCatalog.ClassesKept(request.Model);
        var data = (kept is null ? features.Segments : features.Segments.KeepClasses(kept)).Validated();
        RequireSplittable(request, data);
        var spectrogram = Spectra.SpectrogramKinds.Name(request.Features);
        var spec = new ExperimentSpec(request.Model, spectrogram, request.Protocol, request.Folds, request.Repeats);
        var checkpoints = Path.Combine(request.Output, "checkpoints");
        SideBySide.Require(request.Parallel, Experiment.RunsLeft(spec, data, request.Config, checkpoints));
        var outcomes = Experiment.Run(spec, data, request.Config, request.Device, checkpoints, progress, request.Parallel);
        var stem = Path.Combine(request.Output, $"{ModelCatalog.Name(request.Model)}_{spectrogram}_{Protocols.Name(request.Protocol)}");
        var rows = ResultTables.Folds(spec, outcomes);
        ResultTables.SaveCsv(rows, stem + "_folds.csv");
        ResultTables.SaveCsv(ResultTables.Classes(spec, outcomes, data.ClassNames), stem + "_classes.csv");
        ResultTables.SaveCsv(ResultTables.Confusions(spec, outcomes, data.ClassNames), stem + "_confusion.csv");
        if (!request.SaveModel)
            return new TrainSummary(rows, stem + "_folds.csv", stem + "_classes.csv", stem + "_confusion.csv", null);

        var name = $"{ModelCatalog.Name(request.Model)}-{spectrogram}";
        var run = $"{name}_final_{Experiment.SettingsHash(request.Config)}_{DataKey.Short(DataKey.Of(data))}";
        using var final = Trainer.Fit(
            request.Model, data, Enumerable.Range(0, data.Count).ToArray(), request.Config, request.Device, run,
            Path.Combine(checkpoints, run + ".ckpt"), progress);
        var models = Path.Combine(request.Output, "models");
        SavedModel.Save(models, name, final, spectrogram, features.SpectrogramParameters);
        return new TrainSummary(rows, stem + "_folds.csv", stem + "_classes.csv", stem + "_confusion.csv", SavedModel.InfoPath(models, name));
    }

    /// <summary>A corpus the protocol cannot split (one class, fewer excerpts than folds) is the manifest's fault, so the
    /// message names it before any training starts.</summary>
    static void RequireSplittable(TrainRequest request, LabelledSegments data)
    {
        try
        {
            Protocols.Folds(request.Protocol, data.Labels, data.ExcerptIds, data.Groups, request.Folds, request.Repeats, seed: request.Config.Seed);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{request.Corpus}: {e.Message}", e);
        }
    }
}
