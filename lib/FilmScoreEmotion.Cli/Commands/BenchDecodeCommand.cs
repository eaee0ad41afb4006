using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using FilmScoreEmotion.Audio;

namespace FilmScoreEmotion.Cli.Commands;

/// <summary>`fse bench decode`: the same files decoded to 16-kHz mono in process and through ffmpeg, one JSON line per
/// format and decoder.</summary>
public static class BenchDecodeCommand
{
    const int SampleRate = 16000;

    public static Command Create()
    {
        var input = new Option<string[]>("--input")
        {
            Description = "audio files, or folders whose files are all timed",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("decode", "Clips per second decoded to 16-kHz mono in process (WAV, MP3, Ogg Vorbis) and through ffmpeg, on the same files.");
        command.Options.Add(input);
        command.SetAction(parse => CliRun.Guard(() =>
        {
            var files = parse.GetValue(input)!.SelectMany(Files).ToList();
            var byFormat = files.GroupBy(AudioContainers.Detect).Where(g => g.Key != AudioContainer.Other).OrderBy(g => g.Key).ToList();
            if (byFormat.Count == 0)
                throw new ArgumentException("--input names no WAV, MP3 or Ogg Vorbis file");
            foreach (var group in byFormat)
            {
                var route = DecoderRoutes.All.Single(r => r.Container == group.Key);
                Print(route.Format, route.Decoder, Time([.. group], path => Decoder.DecodeChunks(path, SampleRate)));
                Print(route.Format, "ffmpeg", Time([.. group], path => Ffmpeg.DecodeChunks(path, SampleRate, Decoder.DefaultChunkSamples)));
            }
            return 0;
        }));
        return command;
    }

    static IEnumerable<string> Files(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal)
        : File.Exists(path) ? [path]
        : throw new FileNotFoundException($"{path}: file does not exist", path);

    /// <summary>Wall seconds to decode every file once and the audio seconds decoded; the first file is decoded once
    /// before the clock starts, so JIT compilation and ffmpeg's first start from disk are not timed.</summary>
    static (int Clips, double AudioSeconds, double WallSeconds) Time(IReadOnlyList<string> files, Func<string, IEnumerable<float[]>> decode)
    {
        _ = decode(files[0]).Sum(c => (long)c.Length);
        var clock = Stopwatch.StartNew();
        var samples = files.Sum(path => decode(path).Sum(c => (long)c.Length));
        return (files.Count, (double)samples / SampleRate, clock.Elapsed.TotalSeconds);
    }

    static void Print(string format, string decoder, (int Clips, double AudioSeconds, double WallSeconds) result) =>
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            name = "decode_clips_per_s",
            format,
            decoder,
            value = Math.Round(result.Clips / result.WallSeconds, 1),
            unit = "clips/s",
            clips = result.Clips,
            audio_s = Math.Round(result.AudioSeconds, 1),
            wall_s = Math.Round(result.WallSeconds, 3),
            realtime = Math.Round(result.AudioSeconds / result.WallSeconds),
        }));
}
