using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FilmScoreEmotion.Baselines;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Corpus.Import;
using FilmScoreEmotion.Corpus.Synthesis;
using Spectre.Console;

namespace FilmScoreEmotion.Cli.Commands;

public static class CorpusCommand
{
    public static Command Create()
    {
        var command = new Command(
            "corpus",
            "Make the synthetic corpus, import the paper's datasets or your own folders, describe a manifest."
        );
        command.Subcommands.Add(Synthesize());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Describe());
        command.Subcommands.Add(Difficulty());
        return command;
    }

    static Command Import()
    {
        var me = new Option<string?>("--musical-excerpts")
        {
            Description =
                "Musical Excerpts folder (one subfolder per emotion, or a file,emotion CSV)",
        };
        var meKeep = new Option<string?>("--musical-excerpts-keep")
        {
            Description =
                "text file listing the Musical Excerpts to keep (file names or stems, one a line)",
        };
        var fm = new Option<string?>("--film-music")
        {
            Description =
                "Film Music Excerpts folder (mean_ratings_set1.csv or set2, 001.mp3 ..., set1_tracklist.csv)",
        };
        var sheet = new Option<string?>("--film-music-sheet")
        {
            Description = "rating sheet to read instead of the one found in --film-music",
        };
        var selection = new Option<string>("--selection")
        {
            Description =
                "Film Music selection rule: literal, strongest-in-discrete-blocks or strongest-anywhere",
            DefaultValueFactory = _ => "literal",
        };
        var threshold = new Option<double>("--threshold")
        {
            Description = "minimum mean rating on the kept emotion (sheet scale 1-9)",
            DefaultValueFactory = _ => 6.0,
        };
        var folders = new Option<string[]>("--folders")
        {
            Description = "your own folder(s) of emotion/xxx.wav (repeatable)",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--output")
        {
            Description = "manifest to write",
            DefaultValueFactory = _ => "data/real/manifest.csv",
        };
        var command = new Command(
            "import",
            "Turn the paper's datasets (or your own labelled folders) into a manifest, applying the paper's selection."
        );
        foreach (
            var o in new Option[] { me, meKeep, fm, sheet, selection, threshold, folders, output }
        )
            command.Options.Add(o);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var result = CorpusImport.Run(
                    new ImportRequest(
                        parse.GetValue(output)!,
                        parse.GetValue(me),
                        parse.GetValue(fm),
                        [.. parse.GetValue(folders) ?? []],
                        new FilmMusicOptions(
                            FilmMusicSelections.Parse(parse.GetValue(selection)!),
                            parse.GetValue(threshold),
                            parse.GetValue(sheet)
                        ),
                        parse.GetValue(meKeep)
                    )
                );
                foreach (var note in result.Notes)
                    Console.WriteLine(note);
                var d = CorpusDescription.Describe(result.Manifest);
                Console.WriteLine(
                    $"wrote {parse.GetValue(output)}: {d.Excerpts} excerpts, {d.Segments} two-second segments (paper: 134 excerpts, 976 segments)"
                );
                return 0;
            })
        );
        return command;
    }

    static Command Difficulty()
    {
        var seed = new Option<long>("--seed")
        {
            Description = "generator seed",
            DefaultValueFactory = _ => SyntheticCorpusConfig.DefaultSeed,
        };
        var folds = new Option<int>("--folds")
        {
            Description = "cross-validation folds (grouped by excerpt)",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command(
            "difficulty",
            "How hard the synthetic corpus is: nearest centroid and logistic regression on time-averaged log band energies, excerpt-grouped CV."
        );
        command.Options.Add(seed);
        command.Options.Add(folds);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var config = new SyntheticCorpusConfig(Seed: parse.GetValue(seed));
                var clock = Stopwatch.StartNew();
                var data = SyntheticDifficulty.Features(config, new BandEnergy.Config());
                Console.WriteLine(
                    $"{data.Labels.Length} segments of {data.Groups.Distinct().Count()} excerpts, features in {clock.Elapsed.TotalSeconds:0.0} s"
                );
                foreach (var classifier in Enum.GetValues<BaselineClassifier>())
                foreach (
                    var (name, groups) in new[]
                    {
                        ("excerpt", data.Groups),
                        ("film", data.Soundtracks),
                    }
                )
                {
                    var r = Baseline.GroupedCrossValidation(
                        data.Features,
                        data.Labels,
                        groups,
                        classifier,
                        parse.GetValue(folds),
                        config.Seed
                    );
                    Console.WriteLine(
                        $"{classifier, -19} grouped by {name, -7}: accuracy {r.Accuracy:0.000} (folds {string.Join(" ", r.FoldAccuracies.Select(a => a.ToString("0.00", CultureInfo.InvariantCulture)))})"
                    );
                    if (name == "excerpt")
                        Console.WriteLine(
                            "  confusion (rows true, columns predicted: "
                                + string.Join(", ", EmotionNames.All.Select(e => e.ToName()))
                                + "):"
                        );
                    if (name == "excerpt")
                        for (var a = 0; a < r.Confusion.GetLength(0); a++)
                            Console.WriteLine(
                                "  "
                                    + string.Join(
                                        " ",
                                        Enumerable
                                            .Range(0, r.Confusion.GetLength(1))
                                            .Select(b => r.Confusion[a, b].ToString().PadLeft(5))
                                    )
                            );
                }
                return 0;
            })
        );
        return command;
    }

    static Command Synthesize()
    {
        var output = new Option<string>("--output")
        {
            Description = "corpus folder (manifest.csv and WAVs)",
            DefaultValueFactory = _ => "data/synthetic",
        };
        var seed = new Option<long>("--seed")
        {
            Description = "generator seed",
            DefaultValueFactory = _ => SyntheticCorpusConfig.DefaultSeed,
        };
        var force = new Option<bool>("--force")
        {
            Description = "regenerate even when an identical corpus is there",
        };
        var renderer = new Option<string>("--renderer")
        {
            Description = "soundfont (sampled orchestra and piano through FluidSynth, the default) or additive (the first corpora's additive synthesis)",
            DefaultValueFactory = _ => "soundfont",
        };
        renderer.AcceptOnlyFromAmong("soundfont", "additive");
        var command = new Command(
            "synthesize",
            "Compose and render the synthetic film-score corpus (only when missing or stale)."
        );
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(force);
        command.Options.Add(renderer);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var dir = parse.GetValue(output)!;
                OutputGuard.Folder("--output", dir);
                var config = new SyntheticCorpusConfig(
                    Seed: parse.GetValue(seed),
                    Renderer: parse.GetValue(renderer) == "additive" ? CorpusRenderer.Additive : CorpusRenderer.SoundFont
                );
                var clock = Stopwatch.StartNew();
                var progress = new Progress<SynthesisProgress>(p =>
                {
                    if (p.Done % 20 == 0 || p.Done == p.Total)
                        Console.Error.WriteLine($"  {p.Done}/{p.Total} excerpts");
                });
                var (manifest, generated) = parse.GetValue(force)
                    ? (SyntheticCorpus.Generate(dir, config, progress), true)
                    : SyntheticCorpus.EnsureSynthetic(dir, config, progress);
                var d = CorpusDescription.Describe(manifest);
                Console.WriteLine(
                    generated
                        ? $"generated {d.Excerpts} excerpts, {d.Segments} two-second segments, {d.TotalSec:0.0} s of audio in {clock.Elapsed.TotalSeconds:0.0} s -> {Path.Combine(dir, SyntheticCorpus.ManifestName)}"
                        : $"up to date: {d.Excerpts} excerpts, {d.Segments} segments (seed {config.Seed}) in {dir}"
                );
                return 0;
            })
        );
        return command;
    }

    static Command Describe()
    {
        var manifest = new Argument<string>("manifest") { Description = "path of a manifest.csv" };
        var command = new Command(
            "describe",
            "Counts per source x emotion, durations and 2-s segment counts (the data behind Fig 1)."
        );
        command.Arguments.Add(manifest);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var d = CorpusDescription.Describe(Manifest.Read(parse.GetValue(manifest)!));
                var table = new Table().AddColumns(
                    "source",
                    "emotion",
                    "excerpts",
                    "mean s",
                    "min s",
                    "max s",
                    "total s",
                    "2-s segments"
                );
                if (Console.IsOutputRedirected)
                    AnsiConsole.Profile.Width = 120;
                string F(double x) => x.ToString("0.0", CultureInfo.InvariantCulture);
                foreach (var r in d.Rows)
                    table.AddRow(
                        r.Source,
                        r.Emotion.ToName(),
                        r.Excerpts.ToString(),
                        F(r.MeanSec),
                        F(r.MinSec),
                        F(r.MaxSec),
                        F(r.TotalSec),
                        r.Segments.ToString()
                    );
                foreach (var e in EmotionNames.All)
                    table.AddRow(
                        "all",
                        e.ToName(),
                        d.ExcerptsOf(e).ToString(),
                        "",
                        "",
                        "",
                        "",
                        d.SegmentsOf(e).ToString()
                    );
                table.AddRow(
                    "all",
                    "all",
                    d.Excerpts.ToString(),
                    "",
                    "",
                    "",
                    F(d.TotalSec),
                    d.Segments.ToString()
                );
                AnsiConsole.Write(table);
                Console.WriteLine(
                    $"paper: 40 Musical Excerpts + 94 Film Music excerpts (19 tender -> peacefulness), 976 two-second segments"
                );
                return 0;
            })
        );
        return command;
    }
}
