using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using FilmScoreEmotion.Spectra;
using TorchSharp;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>`fse bench corpus-features`: the corpus feature cache built from nothing (decode, transform, store) and
/// then read back, as `fse train`, `grid` and `reproduce` load it, on the CPU with torch's default threads.</summary>
public static class BenchCorpusFeaturesCommand
{
    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "the corpus manifest (CSV)", Required = true };
        var features = new Option<string>("--features") { Description = string.Join(", ", SpectrogramKinds.Names), DefaultValueFactory = _ => "cqt" };
        var command = new Command("corpus-features", "Seconds to build a corpus's feature cache in an empty folder (cold) and to load it again (warm).");
        command.Options.Add(corpus);
        command.Options.Add(features);
        command.SetAction(parse => CliRun.Guard(() =>
        {
            var manifest = parse.GetValue(corpus)!;
            if (!File.Exists(manifest))
                throw new FileNotFoundException($"{manifest}: corpus manifest not found");
            var kind = SpectrogramKinds.TryParse(parse.GetValue(features)!) ?? throw new ArgumentException($"unknown --features '{parse.GetValue(features)}': use {string.Join(", ", SpectrogramKinds.Names)}");
            var cache = Directory.CreateTempSubdirectory("fse-bench-corpus-features-").FullName;
            try
            {
                var (cold, segments) = Time(manifest, kind, cache);
                var (warm, _) = Time(manifest, kind, cache);
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    name = "corpus_features_segments_per_s",
                    value = Math.Round(segments / cold, 1),
                    unit = "segments/s",
                    features = SpectrogramKinds.Name(kind),
                    segments,
                    cold_seconds = Math.Round(cold, 3),
                    warm_seconds = Math.Round(warm, 3),
                    threads = torch.get_num_threads(),
                    load_average = File.ReadAllText("/proc/loadavg").Split(' ')[..3],
                }));
            }
            finally
            {
                Directory.Delete(cache, recursive: true);
            }
            return 0;
        }));
        return command;
    }

    static (double Seconds, long Segments) Time(string manifest, SpectrogramKind kind, string cache)
    {
        var clock = Stopwatch.StartNew();
        using var segments = CorpusFeatures.Load(manifest, kind, new SpectrogramConfig(), CorpusFeatures.PaperSegments, cache, torch.CPU).X;
        return (clock.Elapsed.TotalSeconds, segments.shape[0]);
    }
}
