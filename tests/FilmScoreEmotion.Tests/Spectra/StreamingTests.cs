using FilmScoreEmotion.Spectra;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Spectra;

/// <summary>A long file is computed in runs of frames; every run must equal the same frames of the whole transform.</summary>
public class StreamingTests
{
    [Theory]
    [InlineData(SpectrogramKind.Stft, 37)]
    [InlineData(SpectrogramKind.Mel, 100)]
    [InlineData(SpectrogramKind.Cqt, 29)]
    [InlineData(SpectrogramKind.Cqt, 1000)]
    public void ChunksEqualTheWholeSignalTransform(SpectrogramKind kind, int framesPerChunk)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        // 7.3 s: not a whole number of hops, so the last frames and the tail of every octave are exercised.
        var samples = 116_803;
        var signal = randn(samples).mul(0.2f).add(tensor(Enumerable.Range(0, samples).Select(n => (float)Math.Sin(n * 0.05)).ToArray()));
        var values = signal.data<float>().ToArray();
        var config = new SpectrogramConfig();
        var whole = Spectrogram.Compute(signal.unsqueeze(0), kind, config)[0];

        float[] Read(long start, int count)
        {
            var window = new float[count];
            for (var i = 0; i < count; i++)
                if (start + i >= 0 && start + i < samples)
                    window[i] = values[start + i];
            return window;
        }

        var chunks = StreamingSpectrogram.Chunks(kind, config, samples, Read, CPU, framesPerChunk).ToList();
        var joined = cat(chunks.Select(c => c.Values).ToList(), 1);
        Assert.Equal(whole.shape, joined.shape);
        Assert.Equal(Spectrogram.Frames(samples, kind, config), joined.shape[1]);
        var relative = ((joined - whole).norm() / whole.norm()).item<float>();
        Assert.True(relative < 1e-5f, $"{kind}: chunked differs from whole by {relative:E2}");
        foreach (var chunk in chunks)
            chunk.Dispose();
    }
}
