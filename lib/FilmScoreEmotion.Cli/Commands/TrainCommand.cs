using System.CommandLine;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Figures;
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
            cache = Spectra.CorpusFeatures.CacheDirectory(ReproduceSettings.Load(Environment.CurrentDirectory));
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
        var output = new Option<string>("--output") { Description = "results folder: the CSV tables, runs/ID/result.json per fold (the layout of results/ that `fse reproduce` reuses), models/", Required = true };
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

    /// <summary>Plans the protocol's runs as the grid does (<see cref="GridPlan.Runs"/>), executes the missing ones
    /// under OUTPUT/runs (<see cref="Grid.Execute"/>: one <c>runs/ID/result.json</c> per fold, checkpointed while it
    /// trains, so a re-run resumes an interrupted fold and reads finished ones back; the same ids and files as
    /// `fse reproduce` and the notebooks, so each reuses what the other trained), writes the three tables from the
    /// results (<see cref="GridTables"/>), then trains one model on the whole corpus (Cnn3: its three classes) and
    /// saves it under OUTPUT/models as MODEL-FEATURES (<see cref="FinalModel.Train"/>). The folds train
    /// <see cref="TrainRequest.Parallel"/> at once; more than there are runs left to train is refused before anything
    /// is written.</summary>
    public static TrainSummary Run(TrainRequest request, TrainFeatures features, IProgress<EpochProgress>? progress)
    {
        var data = GridPlan.DataFor(request.Model, features.Segments).Validated();
        var planned = Plan(request, data);
        var runs = Grid.RunsDirectory(request.Output);
        SideBySide.Require(request.Parallel, Grid.RunsLeft(planned, runs));
        var results = Grid.Execute(planned, request.Config, request.Device, runs, parallel: request.Parallel, epochs: progress);
        var spectrogram = Spectra.SpectrogramKinds.Name(request.Features);
        var stem = $"{ModelCatalog.Name(request.Model)}_{spectrogram}_{Protocols.Name(request.Protocol)}";
        var rows = GridTables.Folds(results);
        var folds = FigureExport.SaveCsv(rows, request.Output, stem + "_folds");
        var classes = FigureExport.SaveCsv(GridTables.Classes(results), request.Output, stem + "_classes");
        var confusion = FigureExport.SaveCsv(GridTables.Confusions(results), request.Output, stem + "_confusion");
        if (!request.SaveModel)
            return new TrainSummary(rows, folds, classes, confusion, null);
        var models = Path.Combine(request.Output, "models");
        var name = $"{ModelCatalog.Name(request.Model)}-{spectrogram}";
        FinalModel.Train(models, name, request.Model, request.Features, features.SpectrogramParameters, data, request.Config, request.Device, progress: progress);
        return new TrainSummary(rows, folds, classes, confusion, SavedModel.InfoPath(models, name));
    }

    /// <summary>The runs of the request. A corpus the protocol cannot split (one class, fewer excerpts than folds) or
    /// the model cannot read is the manifest's fault, so the message names it before any training starts.</summary>
    static IReadOnlyList<PlannedRun> Plan(TrainRequest request, LabelledSegments data)
    {
        var spec = new ExperimentSpec(request.Model, request.Features, request.Protocol, request.Folds, request.Repeats);
        try
        {
            return GridPlan.Plan(spec, data, request.Config);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{request.Corpus}: {e.Message}", e);
        }
    }
}
