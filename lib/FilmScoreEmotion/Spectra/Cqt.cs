using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Constant-Q transform magnitude as librosa 0.11's cqt (scale=True, res_type='polyphase'): per octave from
/// the top down, rectangular frames of the octave's signal against that octave's filters, halving the signal between
/// octaves with scipy's resample_poly filter. librosa multiplies the frames' FFT by a sparsified frequency-domain basis;
/// for short frames the same product is taken with the basis's exact time-domain equivalent, one matrix product per
/// octave. Batched; runs on the device the signals are on.</summary>
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
            y = Decimation.Decimate(y, plan.EarlyFactor);
            origin /= plan.EarlyFactor;
            length = CqtPlan.CeilDiv(length, plan.EarlyFactor);
            y = InsideSignal(y, origin, length);
        }
        var responses = new List<Tensor>();
        for (var i = 0; i < plan.Octaves.Length; i++)
        {
            var octave = plan.Octaves[i];
            // librosa's resample(scale=True) multiplies the signal by sqrt(factor) at every downsampling, and
            // scale=True divides each bin by sqrt(filter length); both are linear, so they live in the filters.
            var scale = Enumerable.Range(octave.FirstBin, octave.Basis.Bins)
                .Select(bin => plan.InverseSqrtLengths[bin] * Math.Sqrt(octave.Factor))
                .ToArray();
            var span = Span(y, origin, firstFrame, frames, octave);
            responses.Add(
                octave.Basis.NFft <= DirectLimit
                    ? DirectResponse(span, octave, TensorMemo.Get(("cqt-kernel", config, i), y.device, () => TimeKernel(octave.Basis, scale)))
                    : FftResponse(span, octave, TensorMemo.Get(("cqt-basis", config, i), y.device, () => ScaledBasis(octave.Basis, scale)))
            );
            if (octave.HalveAfter)
            {
                y = Decimation.Decimate(y, 2);
                origin /= 2;
                length = CqtPlan.CeilDiv(length, 2);
                y = InsideSignal(y, origin, length);
            }
        }
        responses.Reverse();
        return cat(responses, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Frame length up to which an octave is computed as one matrix product of the frames with the filters'
    /// time-domain kernels (cheaper than an FFT and a product with a mostly empty basis); beyond it, as librosa does.</summary>
    const int DirectLimit = 2048;

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

    /// <summary>The samples an octave's frames cover: the level signal padded by half a frame on both sides (zeros,
    /// librosa's centring), from the first frame's start to the last frame's end.</summary>
    // (batch, (frames - 1) * hop + nFft)
    static Tensor Span(Tensor y, long origin, long firstFrame, long frames, CqtOctave octave)
    {
        var nFft = octave.Basis.NFft;
        var padded = nn.functional.pad(y, new long[] { nFft / 2, nFft / 2 });
        var offset = firstFrame * octave.HopLength - origin;
        var needed = (frames - 1) * octave.HopLength + nFft;
        var available = Math.Min(needed, padded.shape[1] - offset);
        var span = padded.narrow(1, offset, available);
        return available < needed ? nn.functional.pad(span, new long[] { 0, needed - available }) : span;
    }

    /// <summary>|frames x kernel|: the real and imaginary parts of every filter's response in one matrix product.</summary>
    // span: (batch, samples) -> (batch, octave bins, frames)
    static Tensor DirectResponse(Tensor span, CqtOctave octave, Tensor kernel)
    {
        using var scope = NewDisposeScope();
        var bins = octave.Basis.Bins;
        var frames = span.unfold(1, octave.Basis.NFft, octave.HopLength);
        var parts = matmul(frames, kernel).view(frames.shape[0], frames.shape[1], 2, bins);
        return parts.mul(parts).sum(2).sqrt().transpose(1, 2).MoveToOuterDisposeScope();
    }

    /// <summary>librosa's way: the one-sided FFT of rectangular frames times the frequency-domain basis.</summary>
    // span: (batch, samples) -> (batch, octave bins, frames)
    static Tensor FftResponse(Tensor span, CqtOctave octave, Tensor basis)
    {
        using var scope = NewDisposeScope();
        var responses = matmul(fft.rfft(span.unfold(1, octave.Basis.NFft, octave.HopLength)), basis);
        var (re, im) = (responses.real, responses.imag);
        return re.mul(re).add(im.mul(im), Runtime.KeptScalars.One).sqrt().transpose(1, 2).MoveToOuterDisposeScope();
    }

    /// <summary>The time-domain kernel equivalent to the one-sided basis: sum_k basis[b, k] e^(-2 pi i k n / nFft)
    /// for every sample n of a frame, real parts in the first `bins` columns, imaginary parts in the rest, each bin
    /// multiplied by its scale.</summary>
    // (nFft, 2 * bins)
    static Tensor TimeKernel(CqtBasis basis, double[] scale)
    {
        var nFft = basis.NFft;
        var kernel = new float[nFft, 2 * basis.Bins];
        var cos = Enumerable.Range(0, nFft).Select(m => Math.Cos(2 * Math.PI * m / nFft)).ToArray();
        var sin = Enumerable.Range(0, nFft).Select(m => Math.Sin(2 * Math.PI * m / nFft)).ToArray();
        for (var b = 0; b < basis.Bins; b++)
            for (var n = 0; n < nFft; n++)
            {
                double re = 0, im = 0;
                for (var k = 0; k <= nFft / 2; k++)
                {
                    var (br, bi) = (basis.Real[b, k], basis.Imag[b, k]);
                    if (br == 0 && bi == 0)
                        continue;
                    var m = (int)((long)k * n % nFft);
                    // (br + i bi)(cos - i sin)
                    re += br * cos[m] + bi * sin[m];
                    im += bi * cos[m] - br * sin[m];
                }
                kernel[n, b] = (float)(re * scale[b]);
                kernel[n, basis.Bins + b] = (float)(im * scale[b]);
            }
        return tensor(kernel);
    }

    // (nFft / 2 + 1, octave bins) complex64
    static Tensor ScaledBasis(CqtBasis basis, double[] scale)
    {
        var bins = basis.Real.GetLength(1);
        float[,] Scaled(double[,] part)
        {
            var result = new float[basis.Bins, bins];
            for (var b = 0; b < basis.Bins; b++)
                for (var k = 0; k < bins; k++)
                    result[b, k] = (float)(part[b, k] * scale[b]);
            return result;
        }
        return complex(tensor(Scaled(basis.Real)), tensor(Scaled(basis.Imag))).t().contiguous();
    }
}
