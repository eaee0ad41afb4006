using System.CommandLine;
using System.Diagnostics;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Runtime;
using Spectre.Console;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>`fse check`: how often a caption model names the emotion of labelled real music, with the figures of
/// notebook 10's real-music checks, for one of the repository's sets or for anyone's own labels file. Each piece's
/// answer is what `fse caption --min-confidence 0 --min-cue 1` shows longest, so a kept-aside set labelled the way the
/// issue's was is scored in one command.</summary>
public static class CheckCommand
{
    /// <summary>The repository's sets by the name the command line gives them.</summary>
    static readonly IReadOnlyDictionary<string, RealMusicSet> Sets = RealMusicSet.Repository.ToDictionary(s => s.Key);

    public static Command Create()
    {
        var labels = new Option<string?>("--labels") { Description = "labels file: the header file,emotion,keyword (keyword optional), one row per piece" };
        var audio = new Option<string?>("--audio") { Description = "folder the labels' files are in (default: the labels file's folder)" };
        var set = new Option<string?>("--set") { Description = $"one of this repository's real-music sets instead of --labels: {string.Join(", ", Sets.Keys)} (its Debian package must be installed)" };
        var output = new Option<string?>("--output") { Description = "also write each piece's figures as CSV" };
        var model = new Option<string?>("--model") { Description = $"saved model (NAME.json); default the checkout's results/models/{FinalModel.DefaultName}.json, trained on first use as by `fse caption`" };
        var noTonal = new Option<bool>("--no-tonal-context") { Description = "the networks alone, without the model's tonal expert" };
        var device = CommonOptions.Device();
        var command = new Command("check", "Score a caption model on real music labelled by a rule: pieces named right, windows right, where each label's windows go.");
        foreach (var o in new Option[] { labels, audio, set, output, model, noTonal, device })
            command.Options.Add(o);
        command.SetAction(parse => CliRun.Guard(() =>
            Run(parse.GetValue(labels), parse.GetValue(audio), parse.GetValue(set), parse.GetValue(output), parse.GetValue(model), !parse.GetValue(noTonal), parse.GetValue(device)!)));
        return command;
    }

    /// <summary>The set to hear and its labelled pieces, every one of them present: a check with pieces missing would
    /// report figures of another set.</summary>
    static (RealMusicSet Set, string LabelsPath, List<RealMusicCheck.Piece> Pieces) Resolve(string? labels, string? audio, string? setName)
    {
        RealMusicSet chosen;
        string labelsPath;
        if (setName is not null)
        {
            if (labels is not null || audio is not null)
                throw new ArgumentException("--set names one of this repository's sets; give it or --labels (with --audio), not both");
            chosen = Sets.GetValueOrDefault(setName.ToLowerInvariant()) ?? throw new ArgumentException($"unknown --set '{setName}' (expected {string.Join(" or ", Sets.Keys)})");
            string root;
            try
            {
                root = ReproduceSettings.FindRepositoryRoot(Environment.CurrentDirectory);
            }
            catch (DirectoryNotFoundException)
            {
                throw new DirectoryNotFoundException($"{Environment.CurrentDirectory}: --set {setName} reads its labels from a Film Score Emotion checkout, and this is not one; run it inside the clone, or pass --labels and --audio");
            }
            labelsPath = Path.Combine(root, chosen.LabelsFile);
        }
        else
        {
            labelsPath = labels ?? throw new ArgumentException("give --labels FILE.csv (with --audio DIR) or --set NAME");
            var folder = audio ?? Path.GetDirectoryName(Path.GetFullPath(labelsPath))!;
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"{folder}: audio folder not found (--audio)");
            chosen = new RealMusicSet(Path.GetFileName(labelsPath), labelsPath, Package: "", Location: folder);
        }
        var pieces = RealMusicCheck.ReadLabels(labelsPath);
        var present = RealMusicSet.Installed(chosen, pieces).Select(p => p.Piece.File).ToHashSet();
        var missing = pieces.Where(p => !present.Contains(p.File)).ToList();
        if (missing.Count > 0)
        {
            var where = chosen.ArchiveFolder is null ? Path.Combine(chosen.Location, missing[0].File) : $"{chosen.Location} ({chosen.ArchiveFolder}/{missing[0].File})";
            var install = chosen.Package.Length > 0 ? $"; {chosen.InstallLine}" : "";
            throw new FileNotFoundException($"{labelsPath}: {missing.Count} of its {pieces.Length} pieces not found, the first {where}{install}");
        }
        return (chosen, labelsPath, [.. pieces]);
    }

    static int Run(string? labels, string? audio, string? setName, string? output, string? modelOption, bool tonal, string device)
    {
        var (set, labelsPath, pieces) = Resolve(labels, audio, setName);
        var modelPath = CaptionCommand.ModelPath(modelOption);
        if (output is not null)
            OutputGuard.Files([("--output", output)], [labelsPath, .. CaptionCommand.ModelFiles(modelPath), .. pieces.Select(p => Path.Combine(set.Location, p.File))]);
        var torchDevice = DeviceChoice.Resolve(DeviceChoice.Parse(device));
        CaptionCommand.EnsureModel(modelPath, modelOption);
        var workers = CaptionCommand.PrepareWorkers(torchDevice);
        using var model = CaptionCommand.LoadModel(modelPath, torchDevice);
        var classless = pieces.Select(p => p.Emotion.ToName()).Distinct().Where(e => !model.Info.ClassNames.Contains(e)).ToList();
        if (classless.Count > 0)
            throw new InvalidDataException($"{labelsPath}: labels {string.Join(", ", classless)} are not classes of the model {modelPath} ({string.Join(", ", model.Info.ClassNames)})");

        var config = RealMusicCheck.Config with { TonalContext = tonal };
        // an archived set's tracks are extracted once into the checkout's cache, as notebook 10 does
        var cache = set.ArchiveFolder is null ? "" : Path.Combine(ReproduceSettings.Load(Environment.CurrentDirectory).DataDirectory, "cache", "real-music", set.Package);
        var clock = Stopwatch.StartNew();
        var heard = new List<(RealMusicCheck.Piece Piece, CaptionTimeline Timeline)>();
        AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn()).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(set.Name), maxValue: pieces.Count);
            foreach (var piece in pieces)
            {
                task.Description = Markup.Escape(piece.File);
                heard.Add((piece, CaptionPipeline.Run(RealMusicSet.AudioPath(set, piece, cache), model, config, torchDevice, workers: workers)));
                task.Increment(1);
            }
        });
        var scored = heard.Select(h => RealMusicCheck.Score(h.Piece, h.Timeline)).ToList();
        if (output is not null)
            AtomicFile.WriteAllText(output, PiecesCsv(scored));
        Report(set.Name, modelPath, heard, scored, clock.Elapsed);
        return 0;
    }

    static string PiecesCsv(IEnumerable<RealMusicCheck.Scored> scored) =>
        string.Join('\n', scored.Select(s => string.Join(',',
            Csv.Quote(s.Piece.File), s.Piece.Emotion.ToName(), Csv.Quote(s.Piece.Keyword), s.Answer ?? "none", s.Right ? "true" : "false",
            Invariant(s.DurationSeconds, "F1"), s.Windows.ToString(), Invariant(s.WindowShare, "F4"), Invariant(s.LabelProbability, "F4")))
            .Prepend("file,emotion,keyword,answer,right,seconds,windows,windowShare,labelProbability")) + "\n";

    static string Invariant(double value, string format) => value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The report as Markdown tables, which read the same on a terminal, in a log and pasted into a note.</summary>
    static void Report(string setName, string modelPath, List<(RealMusicCheck.Piece Piece, CaptionTimeline Timeline)> heard, List<RealMusicCheck.Scored> scored, TimeSpan took)
    {
        var classes = heard[0].Timeline.ClassNames;
        var expert = heard[0].Timeline.TonalEvidence is not null;
        Console.WriteLine($"{setName}: {scored.Count} pieces, {TimeSpan.FromSeconds(scored.Sum(s => s.DurationSeconds)):h\\:mm\\:ss} of audio, heard in {took:h\\:mm\\:ss} by {modelPath} ({(expert ? "networks and tonal expert" : "the networks alone")})");
        Console.WriteLine();
        Console.WriteLine("| file | label | answer | windows | naming the label | label probability |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var s in scored)
            Console.WriteLine($"| {s.Piece.File.Replace("|", "\\|")} | {s.Piece.Emotion.ToName()} | {(s.Right ? $"**{s.Answer}**" : s.Answer ?? "none")} | {s.Windows} | {s.WindowShare:F3} | {s.LabelProbability:F3} |");
        Console.WriteLine();
        Console.WriteLine("Where each label's windows go (each piece weighing alike):");
        Console.WriteLine();
        Console.WriteLine($"| label | pieces | {string.Join(" | ", classes)} |");
        Console.WriteLine($"|---|---|{string.Concat(classes.Select(_ => "---|"))}");
        foreach (var (label, count, shares) in RealMusicCheck.WindowAnswers(heard))
            Console.WriteLine($"| {label.ToName()} | {count} | {string.Join(" | ", shares.Select(v => $"{v:F3}"))} |");
        Console.WriteLine();

        var labels = scored.Select(s => s.Piece.Emotion).Distinct().Count();
        string Figures(RealMusicCheck.Summary s) =>
            $"{s.Right}/{s.Pieces} pieces named right; balanced over the {labels} labels: pieces {s.BalancedPieces:F3}, windows {s.BalancedWindows:F3}, label probability {s.LabelProbability:F3}";
        Console.WriteLine($"{(expert ? "the model" : "the networks alone")}: {Figures(RealMusicCheck.Summarise(scored))}");
        if (expert)
            Console.WriteLine($"the networks alone: {Figures(RealMusicCheck.Summarise([.. heard.Select(h => RealMusicCheck.Score(h.Piece, h.Timeline.WithoutTonalContext(RealMusicCheck.Config)))]))}");
        Console.WriteLine($"(a model answering one class for everything scores {1.0 / labels:F3} on balanced pieces and windows)");
        if (LabelAudibility.LeaveOnePieceOut(heard) is { } audible)
            Console.WriteLine($"the labels in the key and four expressive cues alone (learnt from the set's other pieces, one piece left out at a time; no corpus, no network): balanced windows {audible.BalancedWindows:F3} ({string.Join(", ", audible.PerLabel.Select(l => $"{l.Label.ToName()} {l.Windows:F3}"))})");
        var viewed = RealMusicCheck.AsCaptioned(heard, new CaptionConfig());
        Console.WriteLine($"with `fse caption`'s defaults: {viewed.CaptionedShare:P0} of the music captioned, {viewed.CorrectShareOfCaptioned:P0} of that naming the label ({viewed.Cues} cues)");
    }
}
