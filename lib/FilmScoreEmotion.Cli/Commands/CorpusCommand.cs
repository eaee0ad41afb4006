using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Corpus.Synthesis;
using Spectre.Console;

namespace FilmScoreEmotion.Cli.Commands;

public static class CorpusCommand
{
    public static Command Create()
    {
        var command = new Command("corpus", "Make the synthetic corpus, import the paper's datasets or your own folders, describe a manifest.");
        command.Subcommands.Add(Synthesize());
        command.Subcommands.Add(Describe());
        command.Subcommands.Add(Difficulty());
        return command;
    }

    static Command Difficulty()
    {
        var seed = new Option<long>("--seed") { Description = "generator seed", DefaultValueFactory = _ => SyntheticCorpusConfig.DefaultSeed };
        var folds = new Option<int>("--folds") { Description = "cross-validation folds (grouped by excerpt)", DefaultValueFactory = _ => 5 };
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
                Console.WriteLine($"{data.Labels.Length} segments of {data.Groups.Distinct().Count()} excerpts, features in {clock.Elapsed.TotalSeconds:0.0} s");
                foreach (var classifier in Enum.GetValues<BaselineClassifier>())
                    foreach (var (name, groups) in new[] { ("excerpt", data.Groups), ("film", data.Soundtracks) })
                    {
                        var r = Baseline.GroupedCrossValidation(data.Features, data.Labels, groups, classifier, parse.GetValue(folds), config.Seed);
                        Console.WriteLine(
                            $"{classifier, -19} grouped by {name, -7}: accuracy {r.Accuracy:0.000} (folds {string.Join(" ", r.FoldAccuracies.Select(a => a.ToString("0.00", CultureInfo.InvariantCulture)))})"
                        );
                        if (name == "excerpt")
                            Console.WriteLine("  confusion (rows true, columns predicted: " + string.Join(", ", EmotionNames.All.Select(e => e.ToName())) + "):");
                        if (name == "excerpt")
                            for (var a = 0; a < r.Confusion.GetLength(0); a++)
                                Console.WriteLine("  " + string.Join(" ", Enumerable.Range(0, r.Confusion.GetLength(1)).Select(b => r.Confusion[a, b].ToString().PadLeft(5))));
                    }
                return 0;
            })
        );
        return command;
    }

    static Command Synthesize()
    {
        var output = new Option<string>("--output") { Description = "corpus folder (manifest.csv and WAVs)", DefaultValueFactory = _ => "data/synthetic" };
        var seed = new Option<long>("--seed") { Description = "generator seed", DefaultValueFactory = _ => SyntheticCorpusConfig.DefaultSeed };
        var force = new Option<bool>("--force") { Description = "regenerate even when an identical corpus is there" };
        var command = new Command("synthesize", "Compose and render the synthetic film-score corpus (only when missing or stale).");
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(force);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var dir = parse.GetValue(output)!;
                var config = new SyntheticCorpusConfig(Seed: parse.GetValue(seed));
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
        var command = new Command("describe", "Counts per source x emotion, durations and 2-s segment counts (the data behind Fig 1).");
        command.Arguments.Add(manifest);
        command.SetAction(parse =>
            CliRun.Guard(() =>
            {
                var d = CorpusDescription.Describe(Manifest.Read(parse.GetValue(manifest)!));
                var table = new Table().AddColumns("source", "emotion", "excerpts", "mean s", "min s", "max s", "total s", "2-s segments");
                string F(double x) => x.ToString("0.0", CultureInfo.InvariantCulture);
                foreach (var r in d.Rows)
                    table.AddRow(r.Source, r.Emotion.ToName(), r.Excerpts.ToString(), F(r.MeanSec), F(r.MinSec), F(r.MaxSec), F(r.TotalSec), r.Segments.ToString());
                foreach (var e in EmotionNames.All)
                    table.AddRow("all", e.ToName(), d.ExcerptsOf(e).ToString(), "", "", "", "", d.SegmentsOf(e).ToString());
                table.AddRow("all", "all", d.Excerpts.ToString(), "", "", "", F(d.TotalSec), d.Segments.ToString());
                AnsiConsole.Write(table);
                Console.WriteLine($"paper: 40 Musical Excerpts + 94 Film Music excerpts (19 tender -> peacefulness), 976 two-second segments");
                return 0;
            })
        );
        return command;
    }
}
