using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Constant-Q transform magnitude as librosa 0.11's cqt (scale=True): per octave from the top down, an STFT
/// with a rectangular window times that octave's frequency-domain filters, halving the signal between octaves with
/// scipy's polyphase filter. Batched; runs on the device the signals are on.</summary>
public static class Cqt
{
    /// <summary>signals: (batch, samples) float32.</summary>
    // (batch, nBins, frames)
    public static Tensor Magnitude(Tensor signals, SpectrogramConfig config)
    {
        var plan = PlanFor(config);
        var samples = signals.shape[1];
        return Window(signals, 0, samples, 0, plan.Frames(samples), config);
    }

    /// <summary>The plan (filters, octaves, context) of a configuration, built once per process.</summary>
    public static CqtPlan PlanFor(SpectrogramConfig config) => Plans.GetOrAdd(config, c => new Lazy<CqtPlan>(() => CqtPlan.For(c))).Value;

    static readonly System.Collections.Concurrent.ConcurrentDictionary<SpectrogramConfig, Lazy<CqtPlan>> Plans = new();

    /// <summary>Frames [firstFrame, firstFrame + frames) of the CQT of a signal of totalSamples samples, computed from
    /// the part of it that `window` holds: input samples [start, start + window length), zeros where they fall outside
    /// the signal. The result equals those frames of the whole-signal transform when the window covers
    /// plan.ContextSamples on each side of the frames' centres and `start` is a multiple of plan.Alignment.</summary>
    // window: (batch, samples) -> (batch, nBins, frames)
    public static Tensor Window(Tensor window, long start, long totalSamples, long firstFrame, long frames, SpectrogramConfig config)
    {
        var plan = PlanFor(config);
        if (start % plan.Alignment != 0)
            throw new ArgumentException($"a CQT window must start on a multiple of {plan.Alignment} samples, not at {start}");
        using var scope = NewDisposeScope();
        var y = window;
        var origin = start;
        var length = totalSamples;
        if (plan.EarlyFactor > 1)
        {
            y = Decimation.Decimate(y, plan.EarlyFactor).mul(Math.Sqrt(plan.EarlyFactor));
            origin /= plan.EarlyFactor;
            length = CqtPlan.CeilDiv(length, plan.EarlyFactor);
            y = InsideSignal(y, origin, length);
        }
        var responses = new List<Tensor>();
        for (var i = 0; i < plan.Octaves.Length; i++)
        {
            var octave = plan.Octaves[i];
            responses.Add(Response(y, origin, firstFrame, frames, octave, Basis(config, i, octave, y.device)));
            if (octave.HalveAfter)
            {
                // resample(..., scale=True) divides by sqrt(1/2).
                y = Decimation.Decimate(y, 2).mul(Math.Sqrt(2.0));
                origin /= 2;
                length = CqtPlan.CeilDiv(length, 2);
                y = InsideSignal(y, origin, length);
            }
        }
        responses.Reverse();
        var inverseSqrtLengths = TensorMemo.Get(
            ("cqt-lengths", config),
            y.device,
            () => tensor(plan.InverseSqrtLengths.Select(v => (float)v).ToArray(), new long[] { plan.InverseSqrtLengths.Length, 1 })
        );
        return cat(responses, 1).abs().mul(inverseSqrtLengths).MoveToOuterDisposeScope();
    }

    /// <summary>Zeroes the samples of a level signal that lie outside the signal (the filter's tail past either end),
    /// as the whole-signal transform, whose level signals end there, sees zeros.</summary>
    // (batch, samples)
    static Tensor InsideSignal(Tensor y, long origin, long length)
    {
        var samples = y.shape[1];
        var low = Math.Clamp(-origin, 0, samples);
        var high = Math.Clamp(length - origin, low, samples);
        return low == 0 && high == samples ? y : nn.functional.pad(y[.., (int)low..(int)high], new[] { low, samples - high });
    }

    /// <summary>An octave's filter responses: frames of nFft samples centred every hop samples, rectangular window,
    /// one-sided FFT, times the basis.</summary>
    // y: (batch, samples) -> (batch, octave bins, frames) complex64
    static Tensor Response(Tensor y, long origin, long firstFrame, long frames, CqtOctave octave, Tensor basis)
    {
        using var scope = NewDisposeScope();
        var nFft = octave.Basis.NFft;
        var padded = nn.functional.pad(y, new long[] { nFft / 2, nFft / 2 });
        var offset = firstFrame * octave.HopLength - origin;
        var needed = (frames - 1) * octave.HopLength + nFft;
        var available = Math.Min(needed, padded.shape[1] - offset);
        var span = padded.narrow(1, offset, available);
        if (available < needed)
            span = nn.functional.pad(span, new long[] { 0, needed - available });
        using var rectangular = ones(nFft, dtype: ScalarType.Float32, device: y.device);
        var spectrum = Stft.Frames(span, nFft, octave.HopLength, rectangular, center: false, PadMode.Constant);
        return matmul(basis, spectrum).MoveToOuterDisposeScope();
    }

    // (octave bins, nFft / 2 + 1) complex64
    static Tensor Basis(SpectrogramConfig config, int octaveIndex, CqtOctave octave, Device device) =>
        TensorMemo.Get(
            ("cqt-basis", config, octaveIndex),
            device,
            () => complex(
                tensor(octave.Basis.Real, dtype: ScalarType.Float32),
                tensor(octave.Basis.Imag, dtype: ScalarType.Float32))
        );
}
