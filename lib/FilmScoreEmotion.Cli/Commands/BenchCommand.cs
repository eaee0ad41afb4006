using System.CommandLine;
using System.Text.Json;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using TorchSharp;

namespace FilmScoreEmotion.Cli.Commands;

public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure kernel throughput; one JSON object per line.");
        command.Subcommands.Add(Spectra());
        command.Subcommands.Add(BenchTrainCommand.Create());
        command.Subcommands.Add(BenchCaptionCommand.Create());
        command.Subcommands.Add(BenchDecodeCommand.Create());
        command.Subcommands.Add(BenchCorpusFeaturesCommand.Create());
        return command;
    }

    static Command Spectra()
    {
        var batch = new Option<int>("--batch") { Description = "clips per batch", DefaultValueFactory = _ => 64 };
        var seconds = new Option<double>("--seconds") { Description = "seconds to time each kernel", DefaultValueFactory = _ => 5.0 };
        var threads = new Option<int>("--threads") { Description = "torch threads per operator (0: 1 on the CPU, where the workers share the cores; torch's default on CUDA)", DefaultValueFactory = _ => 0 };
        var workers = new Option<int>("--workers") { Description = "batches computed concurrently, each on its own thread (0: one per core on the CPU, 1 on CUDA)", DefaultValueFactory = _ => 0 };
        var device = CommonOptions.Device();
        var command = new Command("spectra", "STFT, mel and CQT throughput on batches of 2-second 16 kHz clips (clips per second).");
        command.Options.Add(batch);
        command.Options.Add(seconds);
        command.Options.Add(threads);
        command.Options.Add(workers);
        command.Options.Add(device);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var batchSize = parse.GetValue(batch);
                var duration = parse.GetValue(seconds);
                if (batchSize < 1)
                    throw new ArgumentException($"--batch must be at least 1, got {batchSize}");
                if (!(duration > 0))
                    throw new ArgumentException($"--seconds must be positive, got {duration}");
                var torchThreads = parse.GetValue(threads);
                var workerCount = parse.GetValue(workers);
                if (torchThreads < 0 || workerCount < 0)
                    throw new ArgumentException($"--threads and --workers must be 0 (automatic) or more, got {torchThreads} and {workerCount}");
                var torchDevice = DeviceChoice.Resolve(DeviceChoice.Parse(parse.GetValue(device)!));
                // On a CPU, one single-threaded worker per core avoids the barrier of every multi-threaded operator,
                // which costs most when other processes share the cores.
                var onCpu = torchDevice.type == DeviceType.CPU;
                workerCount = workerCount > 0 ? workerCount : onCpu ? Environment.ProcessorCount : 1;
                if (torchThreads > 0 || onCpu)
                    torch.set_num_threads(torchThreads > 0 ? torchThreads : 1);
                var config = new SpectrogramConfig();
                foreach (var kind in new[] { SpectrogramKind.Cqt, SpectrogramKind.Mel, SpectrogramKind.Stft })
                {
                    var result = SpectrogramThroughput.Measure(kind, config, batchSize, 2 * config.SampleRate, duration, torchDevice, workerCount);
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        name = $"{SpectrogramKinds.Name(kind)}_clips_per_s",
                        value = Math.Round(result.ClipsPerSecond, 1),
                        unit = "clips/s",
                        device = result.Device,
                        clips_per_cpu_s = Math.Round(result.ClipsPerCpuSecond, 1),
                        batch = result.Batch,
                        workers = result.Workers,
                        threads = torch.get_num_threads(),
                        batches = result.Batches,
                    }));
                }
                return 0;
            })
        );
        return command;
    }
}
