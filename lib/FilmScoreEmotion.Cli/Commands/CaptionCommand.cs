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
        var model = new Option<string?>("--model") { Description = $"saved model (NAME.json); default results/models/{FinalModel.DefaultName}.json, trained on first use (CNN4 on the CQT of the corpus in notebooks/settings.json, to early stopping; on the synthetic corpus several networks, each on both of its renderings, their probabilities averaged, with a tonal expert that hears the key over several seconds: minutes on a CPU) or by `fse reproduce`" };
        var minConfidence = new Option<double>("--min-confidence") { Description = "mean probability a cue needs", DefaultValueFactory = _ => new CaptionConfig().MinConfidence };
        var minCue = new Option<double>("--min-cue") { Description = "shortest cue in seconds", DefaultValueFactory = _ => new CaptionConfig().MinCueSeconds };
        var noTonal = new Option<bool>("--no-tonal-context") { Description = "the networks alone, without the model's tonal expert (notebooks/real-music-trials.md, \"Hearing the key\")" };
        var device = CommonOptions.Device();
        var command = new Command("caption", "Caption the emotional intent of a soundtrack's music for deaf and hard-of-hearing viewers.");
        foreach (var o in new Option[] { input, output, srt, html, model, minConfidence, minCue, noTonal, device })
            command.Options.Add(o);
        command.SetAction(parse => CliRun.Guard(() =>
        {
            var config = new CaptionConfig { MinConfidence = parse.GetValue(minConfidence), MinCueSeconds = parse.GetValue(minCue), TonalContext = !parse.GetValue(noTonal) };
            return Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(srt), parse.GetValue(html), parse.GetValue(model), config, parse.GetValue(device)!);
        }));
        return command;
    }

    /// <summary>Where the model to caption with is: the one named, or the caption model of this checkout, which may not
    /// exist yet (see <see cref="EnsureModel"/>).</summary>
    public static string ModelPath(string? modelPath)
    {
        if (modelPath is not null)
            return File.Exists(modelPath) ? modelPath : throw new FileNotFoundException($"{modelPath}: saved model not found (--model)");
        string results;
        try
        {
            results = ReproduceSettings.Load(Environment.CurrentDirectory).ResultsDirectory;
        }
        catch (DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{Environment.CurrentDirectory}: no --model given and no Film Score Emotion checkout here to find results/models/{FinalModel.DefaultName}.json in; pass --model NAME.json (made by `fse train` or `fse reproduce`)");
        }
        return Path.Combine(results, "models", FinalModel.DefaultName + ".json");
    }

    /// <summary>The caption model is a product: on a fresh clone the first caption trains it (the same seed gives the
    /// same weights) instead of asking for a whole reproduction. A model named with --model must exist.</summary>
    public static void EnsureModel(string modelPath, string? modelOption)
    {
        if (File.Exists(modelPath) || modelOption is not null)
            return;
        var settings = ReproduceSettings.Load(Environment.CurrentDirectory);
        Console.Error.WriteLine($"no caption model yet: training {FinalModel.DefaultName}, {FinalModel.Describe(settings)}, to early stopping (once; minutes on a CPU; stopped, it resumes where it was) -> {modelPath}");
        FinalModel.Ensure(settings, progress: new EpochLines());
    }

    /// <summary>Batches classified at once. On a CPU one single-threaded worker per core, as in `fse features`: a
    /// multi-threaded operator waits at every barrier for a core other processes may hold, and the workers overlap the
    /// transform and the model with each other and with decoding. (The heap keeps the memory a batch frees for the
    /// next: TorchStartup sets that for every command that runs libtorch.)</summary>
    public static int PrepareWorkers(TorchSharp.torch.Device device) =>
        device.type != TorchSharp.DeviceType.CPU ? 1 : Environment.ProcessorCount;

    /// <summary>The files a saved model is read from, which no output of a command that uses it may replace.</summary>
    public static string[] ModelFiles(string modelPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var name = Path.GetFileNameWithoutExtension(modelPath);
        return [SavedModel.InfoPath(folder, name), SavedModel.WeightsPath(folder, name)];
    }

    public static LoadedModel LoadModel(string path, TorchSharp.torch.Device device) =>
        SavedModel.Load(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path), device);

    /// <summary>The media file to caption, refused before any work when it cannot be one.</summary>
    public static void RequireMedia(string input)
    {
        if (Directory.Exists(input))
            throw new FileNotFoundException($"{input}: is a folder; --input takes an audio or video file");
        if (!File.Exists(input))
            throw new FileNotFoundException($"{input}: file not found (--input)");
    }

    static void RequireOptions(CaptionConfig config)
    {
        if (!(config.MinConfidence is >= 0 and <= 1))
            throw new ArgumentException($"--min-confidence {config.MinConfidence}: a mean probability, between 0 and 1");
        if (!(config.MinCueSeconds >= 0 && double.IsFinite(config.MinCueSeconds)))
            throw new ArgumentException($"--min-cue {config.MinCueSeconds}: seconds, 0 or more");
    }

    static int Run(string input, string output, string? srt, string? html, string? modelOption, CaptionConfig config, string device)
    {
        RequireMedia(input);
        RequireOptions(config);
        var modelPath = ModelPath(modelOption);
        var outputs = new (string Option, string? Path)[] { ("--output", output), ("--srt", srt), ("--html", html) }
            .Where(o => o.Path is not null)
            .Select(o => (o.Option, Path: o.Path!))
            .ToList();
        OutputGuard.Files(outputs, [input, .. ModelFiles(modelPath)]);
        var torchDevice = DeviceChoice.Resolve(DeviceChoice.Parse(device));
        EnsureModel(modelPath, modelOption);
        var workers = PrepareWorkers(torchDevice);
        using var model = LoadModel(modelPath, torchDevice);
        var missing = model.Info.ClassNames.Where(c => !config.Wording.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{modelPath}: the model's classes {string.Join(", ", missing)} have no caption wording");

        var clock = Stopwatch.StartNew();
        CaptionTimeline? timeline = null;
        AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn()).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(Path.GetFileName(input)));
            task.IsIndeterminate = true;
            timeline = CaptionPipeline.Run(input, model, config, torchDevice, progress: new Progress<CaptionProgress>(p => task.Description = $"{Markup.Escape(Path.GetFileName(input))}: {TimeSpan.FromSeconds(p.SecondsDone):hh\\:mm\\:ss} captioned"), workers: workers);
        });
        var cues = timeline!.Cues;
        var vtt = CaptionFormats.ToWebVtt(cues);
        CaptionFormats.ParseWebVtt(vtt);
        if (html is not null)
            FigureExport.EnsurePlotlyJs(Path.GetDirectoryName(Path.GetFullPath(html))!);
        AtomicFile.WriteAllVia(outputs.Select(o => o.Path).ToList(), (i, temporary) => File.WriteAllText(temporary, outputs[i].Option switch
        {
            "--srt" => CaptionFormats.ToSrt(cues),
            "--html" => Page(input, html!, vtt, timeline, config),
            _ => vtt,
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{cues.Count} cues over {TimeSpan.FromSeconds(timeline.DurationSeconds):hh\\:mm\\:ss} of audio in {seconds:F1} s ({timeline.DurationSeconds / seconds:F0}x real time; {(timeline.TonalEvidence is null ? "the networks alone" : "networks and tonal expert")}) -> {output}");
        return 0;
    }

    static string Page(string input, string html, string vtt, CaptionTimeline timeline, CaptionConfig config)
    {
        var href = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(html))!, Path.GetFullPath(input)).Replace('\\', '/');
        return PlayerPage.Build(Path.GetFileName(input), Uri.EscapeDataString(href).Replace("%2F", "/"), vtt, timeline.Probabilities, timeline.ClassNames, timeline.Cues, config);
    }
}
