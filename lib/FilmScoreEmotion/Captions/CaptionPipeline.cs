using System.Collections.Concurrent;
using System.Collections.Immutable;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Captions;

public sealed record CaptionProgress(double SecondsDone);

/// <summary>A soundtrack's emotion timeline: probabilities per window, the audio's length and the cues.</summary>
/// <param name="Probabilities">// (windows, classes); a silent window's row is uniform</param>
/// <param name="Silent">// (windows): the windows below <see cref="CaptionPipeline.SilenceRms"/>, which the model never saw</param>
/// <param name="MemberProbabilities">// (members) of (windows, classes): each of the model's networks alone, whose mean
/// (fused with <paramref name="TonalEvidence"/> where there is some) is <paramref name="Probabilities"/></param>
/// <param name="TonalEvidence">// (windows, classes): what the model's tonal expert (<see cref="TonalContext"/>) heard,
/// fused into <paramref name="Probabilities"/>; null where the model has none or the caption settings leave it out</param>
/// <param name="Heard">what each window holds besides the networks' answer, where the model hears a CQT that folds
/// into pitch classes (<see cref="WindowCues"/>); null otherwise</param>
public sealed record CaptionTimeline(double[,] Probabilities, string[] ClassNames, double DurationSeconds, ImmutableArray<bool> Silent, IReadOnlyList<Cue> Cues, ImmutableArray<double[,]> MemberProbabilities, double[,]? TonalEvidence = null, WindowCues? Heard = null)
{
    public int SilentWindows => Silent.Count(s => s);

    /// <summary>The timeline one network of the model would have made alone, with the tonal expert where the model
    /// has one: its probabilities and the cues they give. The audio was heard once, for all of them.</summary>
    public CaptionTimeline Alone(int member, CaptionConfig config) =>
        Rebuilt(MemberProbabilities[member], config) with { MemberProbabilities = [MemberProbabilities[member]] };

    /// <summary>The timeline the networks would have made without the tonal expert: their mean, and its cues.</summary>
    public CaptionTimeline WithoutTonalContext(CaptionConfig config) =>
        TonalEvidence is null ? this : (this with { TonalEvidence = null }).Rebuilt(MeanOf(MemberProbabilities), config);

    CaptionTimeline Rebuilt(double[,] networks, CaptionConfig config)
    {
        var probabilities = TonalEvidence is null ? networks : TonalContext.Fuse(networks, TonalEvidence);
        return this with { Probabilities = probabilities, Cues = CueBuilder.Build(probabilities, ClassNames, DurationSeconds, config) };
    }

    static double[,] MeanOf(ImmutableArray<double[,]> members)
    {
        var mean = new double[members[0].GetLength(0), members[0].GetLength(1)];
        foreach (var member in members)
            for (var w = 0; w < mean.GetLength(0); w++)
                for (var c = 0; c < mean.GetLength(1); c++)
                    mean[w, c] += member[w, c] / members.Length;
        return mean;
    }
}

/// <summary>Captions a whole soundtrack as a stream: the <see cref="Decoder"/> decodes it a chunk at a time on a
/// thread of its own (<see cref="ReadAhead"/>), and workers (<see cref="OrderedWorkers"/>) each cut the next batch of
/// 2-s windows (every hop) from the decoded stream and take it through the model's spectrogram and the model, so
/// decoding, transform and model overlap. Only the probabilities (a few numbers per second) are kept, so memory does
/// not grow with the length of the film. Each window is transformed once, on its own: windows overlap by half, but
/// the 1-s hop is not a whole number of spectrogram frames (16,000 samples, hop 256) and a window's edge frames see
/// its zero padding, not the neighbouring audio, so a window's spectrogram cannot be cut from the stream's.</summary>
public static class CaptionPipeline
{
    /// <summary>Windows quieter than this RMS (about -70 dBFS) carry no music to caption; they are given no label.</summary>
    public const double SilenceRms = 3e-4;

    /// <summary>Windows per batch: a batch's largest activations (CNN4 on the CQT) stay below glibc's largest mmap
    /// threshold, so the heap reuses their memory instead of faulting fresh pages in for every batch
    /// (<see cref="Runtime.NativeHeap"/>), and memory stays near 0.5 GB.</summary>
    public const int DefaultBatchWindows = 16;

    /// <summary>Decoded chunks (about 4 s each) kept ready while the model runs: decoding in process would otherwise
    /// wait for the model and the model for the decoder.</summary>
    private const int DecodeAhead = 4;

    /// <param name="workers">batches classified at once, each on a thread of its own (on a CPU, one per core, each
    /// with torch's own threads set to one, as `fse features` does)</param>
    /// <param name="throughFfmpeg">decode through ffmpeg even a format decoded in process (to compare the two)</param>
    public static CaptionTimeline Run(string mediaPath, LoadedModel model, CaptionConfig config, Device device, int batchWindows = DefaultBatchWindows, IProgress<CaptionProgress>? progress = null, int workers = 1, bool throughFfmpeg = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchWindows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        var spectrogram = model.Spectrogram;
        var audio = new AudioConfig(spectrogram.SampleRate, config.WindowSeconds, config.HopSeconds, MinFinalSeconds: config.WindowSeconds / 2);
        var segment = audio.SegmentSamples;
        var classes = model.Info.ClassNames.Length;
        var folds = Chroma.FirstPitchClass(spectrogram) is not null && model.SpectrogramKind == SpectrogramKind.Cqt;
        var tonal = config.TonalContext && model.Info.Tonal is { } expert && folds ? expert : null;
        var results = new ConcurrentDictionary<int, BatchResult>();
        var spare = new ConcurrentBag<float[]>();
        long windowsDone = 0;
        long samples = 0;
        var chunks = throughFfmpeg
            ? Ffmpeg.DecodeChunks(mediaPath, spectrogram.SampleRate, Decoder.DefaultChunkSamples)
            : Decoder.DecodeChunks(mediaPath, spectrogram.SampleRate);
        OrderedWorkers.Run(
            Batches(Segments.Stream(Counted(ReadAhead.Items(chunks, DecodeAhead)), audio).Select(w => w.Item2)),
            workers,
            singleThreadedTorch: device.type == DeviceType.CPU && workers > 1,
            (index, batch) =>
            {
                results[index] = Classify(model, batch, segment, device, hearCues: folds);
                if (batch.Samples.Length == batchWindows * segment)
                    spare.Add(batch.Samples);
                progress?.Report(new CaptionProgress(Interlocked.Add(ref windowsDone, batch.Count) * config.HopSeconds));
            }
        );

        var ordered = Enumerable.Range(0, results.Count).Select(i => results[i]).ToList();
        ImmutableArray<bool> silent = [.. ordered.SelectMany(r => r.Quiet)];
        if (silent.All(q => q))
            throw new InvalidDataException($"{mediaPath}: the audio is silent (every window below {20 * Math.Log10(SilenceRms):F0} dBFS); there is no music to caption");
        var networks = Rows(r => r.Probabilities, 0, classes);
        var heard = folds ? new WindowCues(Rows(r => r.Chroma!, 0, Chroma.PitchClasses), Rows(r => r.Cues!, 0, ExpressiveCues.Count), config.HopSeconds) : null;
        var evidence = tonal is null ? null : TonalContext.Evidence(tonal, TonalContext.Fits(heard!.Chroma, silent, TonalContext.Radius(tonal.ContextSeconds, config.HopSeconds)), silent);
        var probabilities = evidence is null ? networks : TonalContext.Fuse(networks, evidence);
        var seconds = samples / (double)spectrogram.SampleRate;
        var cues = CueBuilder.Build(probabilities, model.Info.ClassNames, seconds, config);
        var members = model.Members.Length;
        return new CaptionTimeline(probabilities, model.Info.ClassNames, seconds, silent, cues, [.. Enumerable.Range(0, members).Select(m => Rows(r => r.MemberProbabilities, m, classes))], evidence, heard);

        // One (windows, columns) table from the batches' flat outputs; a silent window's row is uniform (its chroma and
        // cues are never read: the key fits and the cues' context leave silent windows out).
        double[,] Rows(Func<BatchResult, double[]> of, int member, int columns)
        {
            var table = new double[silent.Length, columns];
            var row = 0;
            foreach (var result in ordered)
            {
                var (values, offset) = (of(result), member * result.Quiet.Length * columns);
                for (var i = 0; i < result.Quiet.Length; i++, row++)
                    for (var c = 0; c < columns; c++)
                        table[row, c] = result.Quiet[i] ? 1.0 / columns : values[offset + i * columns + c];
            }
            return table;
        }

        IEnumerable<float[]> Counted(IEnumerable<float[]> decoded)
        {
            foreach (var c in decoded)
            {
                samples += c.Length;
                yield return c;
            }
        }

        // Windows gathered into batches in buffers the workers hand back. Audio too short for one window is refused
        // before its last batch, so it never reaches the model.
        IEnumerable<WindowBatch> Batches(IEnumerable<float[]> stream)
        {
            float[]? current = null;
            var filled = 0;
            foreach (var window in stream)
            {
                current ??= spare.TryTake(out var reused) ? reused : new float[batchWindows * segment];
                window.CopyTo(current, filled * segment);
                if (++filled == batchWindows)
                {
                    yield return new WindowBatch(current, filled);
                    (current, filled) = (null, 0);
                }
            }
            var duration = samples / (double)spectrogram.SampleRate;
            if (duration < config.WindowSeconds)
                throw new InvalidDataException($"{mediaPath}: {duration:F2} s of audio; captioning needs at least {config.WindowSeconds} s");
            if (filled > 0)
                yield return new WindowBatch(current![..(filled * segment)], filled);
        }
    }

    /// <param name="Samples">// (Count, segmentSamples) in a buffer that may hold more</param>
    private sealed record WindowBatch(float[] Samples, int Count);

    /// <param name="Probabilities">// (windows, classes)</param>
    /// <param name="MemberProbabilities">// (members, windows, classes)</param>
    /// <param name="Chroma">// (windows, 12), where the model's CQT folds into pitch classes</param>
    /// <param name="Cues">// (windows, <see cref="ExpressiveCues.Count"/>), there too</param>
    private sealed record BatchResult(double[] Probabilities, double[] MemberProbabilities, bool[] Quiet, double[]? Chroma, double[]? Cues);

    private static BatchResult Classify(LoadedModel model, WindowBatch batch, int segment, Device device, bool hearCues)
    {
        using var scope = NewDisposeScope();
        var x = torch.tensor(batch.Samples, [batch.Count, segment], device: device);
        var features = Spectrogram.Compute(x, model.SpectrogramKind, model.Spectrogram, db: true).unsqueeze(1);
        model.RequireInput(model.Info.Spectrogram, (int)features.shape[2], (int)features.shape[3]);
        var members = model.MemberProbabilities(features);
        static double[] Flat(Tensor t) => t.cpu().to(ScalarType.Float64).data<double>().ToArray();
        var quiet = Enumerable.Range(0, batch.Count).Select(i => Rms(batch.Samples.AsSpan(i * segment, segment)) < SilenceRms).ToArray();
        var chroma = hearCues ? Flat(Chroma.FromCqtDb(features, model.Spectrogram)) : null;
        var cues = hearCues ? Flat(ExpressiveCues.FromCqtDb(features, model.Spectrogram)) : null;
        return new BatchResult(Flat(LoadedModel.Mean(members)), Flat(members), quiet, chroma, cues);
    }

    private static double Rms(ReadOnlySpan<float> window)
    {
        var sum = 0.0;
        foreach (var v in window)
            sum += (double)v * v;
        return Math.Sqrt(sum / window.Length);
    }
}
