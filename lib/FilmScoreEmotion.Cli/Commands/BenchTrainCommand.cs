using System.CommandLine;
using System.Text.Json;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>`fse bench train`: training samples per second of each model at the CQT input size, as JSON lines.</summary>
public static class BenchTrainCommand
{
    public static Command Create()
    {
        var models = new Option<string>("--models") { Description = "comma-separated models (basic, cnn4, cnn3, cnn4res, cnn4inception) or all", DefaultValueFactory = _ => "all" };
        var bins = new Option<int>("--bins") { Description = "input bins (84: the CQT)", DefaultValueFactory = _ => 84 };
        var frames = new Option<int>("--frames") { Description = "input frames (126: 2 s at hop 256 and 16 kHz)", DefaultValueFactory = _ => 126 };
        var batch = new Option<int>("--batch") { Description = "mini-batch size", DefaultValueFactory = _ => 32 };
        var samples = new Option<int>("--samples") { Description = "samples per timed epoch (976: the paper's corpus)", DefaultValueFactory = _ => 976 };
        var epochs = new Option<int>("--epochs") { Description = "timed epochs after one warm-up epoch; the best is reported", DefaultValueFactory = _ => 2 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0: libtorch's default)", DefaultValueFactory = _ => 0 };
        var device = CommonOptions.Device();
        var precision = CommonOptions.Precision();
        var parallel = new Option<int>("--parallel") { Description = "networks trained at once, each on its own thread; samples/s counts all of them", DefaultValueFactory = _ => 1 };
        var command = new Command("train", "Training throughput (samples/s) of each model on random inputs, one JSON line per model.");
        foreach (var option in new Option[] { models, bins, frames, batch, samples, epochs, threads, device, precision, parallel })
            command.Options.Add(option);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var kinds = parse.GetValue(models)!.Trim().ToLowerInvariant() == "all"
                    ? ModelCatalog.All
                    : parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ModelCatalog.Parse).ToArray();
                if (parse.GetValue(batch) < 2 || parse.GetValue(samples) < parse.GetValue(batch) || parse.GetValue(epochs) < 1 || parse.GetValue(parallel) < 1)
                    throw new ArgumentException("--batch must be at least 2, --samples at least --batch, --epochs and --parallel at least 1");
                var precisionKind = Precisions.Parse(parse.GetValue(precision)!);
                if (parse.GetValue(threads) > 0)
                    torch.set_num_threads(parse.GetValue(threads));
                var target = DeviceChoice.Resolve(DeviceChoice.Parse(parse.GetValue(device)!));
                foreach (var kind in kinds)
                {
                    var r = TrainingThroughput.Measure(
                        kind, parse.GetValue(bins), parse.GetValue(frames), parse.GetValue(batch), parse.GetValue(samples), parse.GetValue(epochs), target,
                        precision: precisionKind, parallel: parse.GetValue(parallel));
                    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["name"] = $"{ModelCatalog.Name(kind)}_train_samples_per_s",
                        ["value"] = Math.Round(r.SamplesPerSecond, 2),
                        ["unit"] = "samples/s",
                        ["device"] = r.Device,
                        ["batch"] = r.BatchSize,
                        ["input"] = new[] { r.Bins, r.Frames },
                        ["threads"] = r.Threads,
                        ["precision"] = Precisions.Name(r.Precision),
                        ["parallel"] = r.Parallel,
                        ["sec_per_epoch"] = r.SecondsPerEpoch.Select(s => Math.Round(s, 3)).ToArray(),
                    }));
                }
                return 0;
            })
        );
        return command;
    }
}
