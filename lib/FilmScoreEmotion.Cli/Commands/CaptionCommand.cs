using System.CommandLine;
using System.Diagnostics;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Runtime;
using Spectre.Console;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>`fse caption`: music-emotion captions (WebVTT, SRT, an HTML player page) for WAV, MP3, Ogg Vorbis and any file ffmpeg reads.</summary>
public static class CaptionCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "audio or video file (WAV, MP3 and Ogg Vorbis in process; anything else ffmpeg reads)", Required = true };
        var output = new Option<string>("--output") { Description = "WebVTT captions to write (OUT.vtt)", Required = true };
        var srt = new Option<string?>("--srt") { Description = "also write SubRip captions" };
        var html = new Option<string?>("--html") { Description = "also write a player page with the captions and the emotion timeline" };
        var model = new Option<string?>("--model") { Description = $"saved model (NAME.json); default results/models/{FinalModel.DefaultName}.json, made by `fse reproduce`" };
        var minConfidence = new Option<double>("--min-confidence") { Description = "mean probability a cue needs", DefaultValueFactory = _ => new CaptionConfig().MinConfidence };
        var minCue = new Option<double>("--min-cue") { Description = "shortest cue in seconds", DefaultValueFactory = _ => new CaptionConfig().MinCueSeconds };
        var device = CommonOptions.Device();
        var command = new Command("caption", "Caption the emotional intent of a soundtrack's music for deaf and hard-of-hearing viewers.");
        foreach (var o in new Option[] { input, output, srt, html, model, minConfidence, minCue, device })
            command.Options.Add(o);
        command.SetAction(parse => CliRun.Guard(() =>
        {
            var config = new CaptionConfig { MinConfidence = parse.GetValue(minConfidence), MinCueSeconds = parse.GetValue(minCue) };
            return Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(srt), parse.GetValue(html), parse.GetValue(model), config, parse.GetValue(device)!);
        }));
        return command;
    }

    /// <summary>The saved model to caption with: the one named, or the one `fse reproduce` saves.</summary>
    public static LoadedModel LoadModel(string? modelPath, TorchSharp.torch.Device device)
    {
        var path = modelPath ?? Path.Combine(ReproduceSettings.Load(Environment.CurrentDirectory).ResultsDirectory, "models", FinalModel.DefaultName + ".json");
        if (!File.Exists(path))
            throw new FileNotFoundException(modelPath is null
                ? $"{path}: no trained model yet; `fse reproduce` (or `fse reproduce --only 10`) trains and saves it, or pass --model NAME.json from `fse train`"
                : $"{path}: saved model not found");
        return SavedModel.Load(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path), device);
    }

    static int Run(string input, string output, string? srt, string? html, string? modelPath, CaptionConfig config, string device)
    {
        if (!File.Exists(input))
            throw new FileNotFoundException($"{input}: file not found");
        foreach (var o in new[] { output, srt, html }.OfType<string>())
            if (Path.GetDirectoryName(Path.GetFullPath(o)) is { } dir && !Directory.Exists(dir))
                throw new DirectoryNotFoundException($"{o}: the folder {dir} does not exist");
        var torchDevice = DeviceChoice.Resolve(DeviceChoice.Parse(device));
        using var model = LoadModel(modelPath, torchDevice);
        var path = model.Info.Model;
        var missing = model.Info.ClassNames.Where(c => !config.Wording.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"model {path}: its classes {string.Join(", ", missing)} have no caption wording");

        var clock = Stopwatch.StartNew();
        CaptionTimeline? timeline = null;
        AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn()).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(Path.GetFileName(input)));
            task.IsIndeterminate = true;
            timeline = CaptionPipeline.Run(input, model, config, torchDevice, progress: new Progress<CaptionProgress>(p => task.Description = $"{Markup.Escape(Path.GetFileName(input))}: {TimeSpan.FromSeconds(p.SecondsDone):hh\\:mm\\:ss} captioned"));
        });
        var cues = timeline!.Cues;
        var vtt = CaptionFormats.ToWebVtt(cues);
        CaptionFormats.ParseWebVtt(vtt);
        AtomicFile.WriteAllText(output, vtt);
        if (srt is not null)
            AtomicFile.WriteAllText(srt, CaptionFormats.ToSrt(cues));
        if (html is not null)
        {
            var pageDir = Path.GetDirectoryName(Path.GetFullPath(html))!;
            FigureExport.EnsurePlotlyJs(pageDir);
            var href = Path.GetRelativePath(pageDir, Path.GetFullPath(input)).Replace('\\', '/');
            AtomicFile.WriteAllText(html, PlayerPage.Build(Path.GetFileName(input), Uri.EscapeDataString(href).Replace("%2F", "/"), vtt, timeline.Probabilities, timeline.ClassNames, cues, config));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{cues.Count} cues over {TimeSpan.FromSeconds(timeline.DurationSeconds):hh\\:mm\\:ss} of audio in {seconds:F1} s ({timeline.DurationSeconds / seconds:F0}x real time) -> {output}");
        return 0;
    }
}
