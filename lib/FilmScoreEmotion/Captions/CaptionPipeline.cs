using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Spectra;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Captions;

public sealed record CaptionProgress(double SecondsDone);

/// <summary>A soundtrack's emotion timeline: probabilities per window, the audio's length and the cues.</summary>
/// <param name="Probabilities">// (windows, classes)</param>
public sealed record CaptionTimeline(double[,] Probabilities, string[] ClassNames, double DurationSeconds, int SilentWindows, IReadOnlyList<Cue> Cues);

/// <summary>Captions a whole soundtrack as a stream: the <see cref="Decoder"/> decodes it a chunk at a time on a
/// thread of its own (<see cref="ReadAhead"/>), 2-s windows every hop go through the model's spectrogram and the model a batch at a time, and only the probabilities (a
/// few numbers per second) are kept, so memory does not grow with the length of the film.</summary>
public static class CaptionPipeline
{
    /// <summary>Windows quieter than this RMS (about -70 dBFS) carry no music to caption; they are given no label.</summary>
    public const double SilenceRms = 3e-4;

    /// <summary>Decoded chunks (about 4 s each) kept ready while the model runs: decoding in process would otherwise
    /// wait for the model and the model for the decoder.</summary>
    private const int DecodeAhead = 4;

    public static CaptionTimeline Run(string mediaPath, LoadedModel model, CaptionConfig config, Device device, int batchWindows = 64, IProgress<CaptionProgress>? progress = null)
    {
        var kind = model.SpectrogramKind;
        var spectrogram = model.Spectrogram;
        var audio = new AudioConfig(spectrogram.SampleRate, config.WindowSeconds, config.HopSeconds, MinFinalSeconds: config.WindowSeconds / 2);
        var classes = model.Info.ClassNames.Length;
        var rows = new List<double[]>();
        var batch = new List<float[]>();
        long samples = 0;
        int silent = 0;

        void Flush()
        {
            if (batch.Count == 0)
                return;
            using var scope = NewDisposeScope();
            var x = torch.tensor(batch.SelectMany(b => b).ToArray(), [batch.Count, batch[0].Length], device: device);
            var features = Spectrogram.Compute(x, kind, spectrogram, db: true).unsqueeze(1);
            model.RequireInput(model.Info.Spectrogram, (int)features.shape[2], (int)features.shape[3]);
            var p = model.Probabilities(features).cpu().to(ScalarType.Float64).data<double>().ToArray();
            for (int i = 0; i < batch.Count; i++)
            {
                var quiet = Math.Sqrt(batch[i].Average(v => (double)v * v)) < SilenceRms;
                silent += quiet ? 1 : 0;
                rows.Add(quiet ? Enumerable.Repeat(1.0 / classes, classes).ToArray() : p[(i * classes)..((i + 1) * classes)]);
            }
            batch.Clear();
            progress?.Report(new CaptionProgress(rows.Count * config.HopSeconds));
        }

        IEnumerable<float[]> Counted(IEnumerable<float[]> chunks)
        {
            foreach (var c in chunks)
            {
                samples += c.Length;
                yield return c;
            }
        }

        var decoded = ReadAhead.Items(Decoder.DecodeChunks(mediaPath, spectrogram.SampleRate), DecodeAhead);
        foreach (var (_, window) in Segments.Stream(Counted(decoded), audio))
        {
            batch.Add(window);
            if (batch.Count == batchWindows)
                Flush();
        }
        // checked before the last batch, so audio too short for one window never reaches the model
        var duration = samples / (double)spectrogram.SampleRate;
        if (duration < config.WindowSeconds)
            throw new InvalidDataException($"{mediaPath}: {duration:F2} s of audio; captioning needs at least {config.WindowSeconds} s");
        Flush();
        if (silent == rows.Count)
            throw new InvalidDataException($"{mediaPath}: the audio is silent (every window below {20 * Math.Log10(SilenceRms):F0} dBFS); there is no music to caption");
        var probabilities = new double[rows.Count, classes];
        for (int t = 0; t < rows.Count; t++)
            for (int c = 0; c < classes; c++)
                probabilities[t, c] = rows[t][c];
        var cues = CueBuilder.Build(probabilities, model.Info.ClassNames, duration, config);
        return new CaptionTimeline(probabilities, model.Info.ClassNames, duration, silent, cues);
    }
}
