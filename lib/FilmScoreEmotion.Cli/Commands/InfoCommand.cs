using System.CommandLine;
using System.Diagnostics;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Corpus.Synthesis;
using FilmScoreEmotion.Runtime;

namespace FilmScoreEmotion.Cli.Commands;

public static class InfoCommand
{
    public static Command Create()
    {
        var device = CommonOptions.Device();
        var command = new Command("info", "Print the .NET, TorchSharp and libtorch versions, the device, threads, ffmpeg, which decoder serves which audio format, and the corpus's synthesiser and SoundFonts.");
        command.Options.Add(device);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var info = TorchInfoProbe.Probe(DeviceChoice.Parse(parse.GetValue(device)!));
                var backend = info.CudaAvailable
                    ? $"CUDA ({info.CudaDevices} device(s), cuDNN {(info.CudnnAvailable ? "on" : "off")})"
                    : "CPU (TorchSharp reports no CUDA)";
                var rows = new (string, string)[]
                {
                    (".NET", info.DotNet),
                    ("TorchSharp", info.TorchSharp),
                    ("libtorch", info.LibTorch),
                    ("libtorch directory", info.LibTorchDirectory),
                    ("torch backend", backend),
                    ("build", $"TorchBackend={info.TorchBackend}"),
                    ("device", info.Device),
                    ("device name", info.DeviceName),
                    ("threads", info.Threads.ToString()),
                    ("oneDNN ISA", info.OneDnnIsa),
                    ("ffmpeg", FfmpegVersion() ?? "not found on PATH (needed for the formats below that name it)"),
                };
                var decoders = DecoderRoutes.All.Select(route =>
                    ($"decoder {route.Format}", $"{route.Decoder}{(route.InProcess ? ", in process" : "")} ({route.Covers})"));
                var corpus = new[] { ("corpus synthesiser", SoundFonts.Describe()[0]) }
                    .Concat(SoundFonts.Describe().Skip(1).Select(line => ("corpus SoundFont", line)));
                foreach (var (key, value) in rows.Concat(decoders).Concat(corpus))
                    Console.WriteLine($"{key,-19} {value}");
                return 0;
            })
        );
        return command;
    }

    static string? FfmpegVersion()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("ffmpeg", "-hide_banner -version") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (p is null)
                return null;
            var first = p.StandardOutput.ReadLine();
            p.WaitForExit();
            return first;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
