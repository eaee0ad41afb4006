using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Runtime;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>`fse bench caption`: the real-time factor of captioning a file, decoding included, as one JSON line.</summary>
public static class BenchCaptionCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "audio or video file to caption", Required = true };
        var model = new Option<string?>("--model") { Description = "saved model (default: the one `fse reproduce` saves)" };
        var ffmpeg = new Option<bool>("--ffmpeg") { Description = "decode through ffmpeg even a format decoded in process (WAV, MP3, Ogg Vorbis), to compare the two" };
        var device = CommonOptions.Device();
        var command = new Command("caption", "Real-time factor of `fse caption` on a file (audio seconds per wall-clock second).");
        foreach (var o in new Option[] { input, model, ffmpeg, device })
            command.Options.Add(o);
        command.SetAction(parse => CliRun.Guard(() =>
        {
            var path = parse.GetValue(input)!;
            CaptionCommand.RequireMedia(path);
            var modelPath = CaptionCommand.ModelPath(parse.GetValue(model));
            CaptionCommand.EnsureModel(modelPath, parse.GetValue(model));
            var torchDevice = DeviceChoice.Resolve(DeviceChoice.Parse(parse.GetValue(device)!));
            var workers = CaptionCommand.PrepareWorkers(torchDevice);
            using var loaded = CaptionCommand.LoadModel(modelPath, torchDevice);
            var clock = Stopwatch.StartNew();
            var timeline = CaptionPipeline.Run(path, loaded, new CaptionConfig(), torchDevice, workers: workers, throughFfmpeg: parse.GetValue(ffmpeg));
            var wall = clock.Elapsed.TotalSeconds;
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                name = "caption_realtime_factor",
                value = Math.Round(timeline.DurationSeconds / wall, 1),
                unit = "x real time",
                audio_s = Math.Round(timeline.DurationSeconds, 1),
                wall_s = Math.Round(wall, 2),
                peak_rss_mb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1e6),
                device = torchDevice.type.ToString().ToLowerInvariant(),
                decoder = parse.GetValue(ffmpeg) ? "ffmpeg" : "by content",
            }));
            return 0;
        }));
        return command;
    }
}
