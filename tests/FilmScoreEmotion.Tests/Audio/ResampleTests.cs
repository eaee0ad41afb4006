using FilmScoreEmotion.Audio;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Tests.Audio;

public class ResampleTests
{
    /// <summary>Relative Frobenius error ‖a − b‖ / ‖b‖.</summary>
    internal static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double diff = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            diff += Math.Pow(actual[i] - expected[i], 2);
            norm += Math.Pow(expected[i], 2);
        }
        return Math.Sqrt(diff / norm);
    }

    [Fact]
    public void MatchesScipyFrom44100To16000()
    {
        var x = Npy.Read(SharedFixtures.Path("resample/chirp_44100.npy")).Data;
        var expected = Npy.Read(SharedFixtures.Path("resample/chirp_44100_to_16000.npy")).Data;
        var y = Resample.ToRate(x, 44100, 16000);
        Assert.Equal(expected.Length, y.Length);
        Assert.True(RelativeError(y, expected) < 1e-4, $"relative error {RelativeError(y, expected)}");
    }

    [Fact]
    public void MatchesScipyFrom16000To8000()
    {
        var x = Npy.Read(SharedFixtures.Path("signals/noise.npy")).Data;
        var expected = Npy.Read(SharedFixtures.Path("resample/noise_16000_to_8000.npy")).Data;
        var y = Resample.Poly(x, 1, 2);
        Assert.Equal(expected.Length, y.Length);
        Assert.True(RelativeError(y, expected) < 1e-4, $"relative error {RelativeError(y, expected)}");
    }

    [Fact]
    public void TheLowpassIsSymmetricWithUnitDcGain()
    {
        var h = Resample.Lowpass(160, 441);
        Assert.Equal(2 * 10 * 441 + 1, h.Length);
        Assert.Equal(1.0, h.Sum(), 12);
        for (var n = 0; n < h.Length; n++)
            Assert.Equal(h[n], h[^(n + 1)], 15);
        Assert.Equal(h.Max(), h[h.Length / 2]);
    }

    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(1, 2, 777)]
    [InlineData(160, 441, 1)]
    [InlineData(160, 441, 1000)]
    [InlineData(3, 2, 333)]
    [InlineData(441, 160, 5000)]
    public void ChunkedEqualsWhole(int up, int down, int chunk)
    {
        var random = new Random(7);
        var x = Enumerable.Range(0, 9001).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var whole = Resample.Poly(x, up, down);
        var chunks = x.Chunk(chunk).ToList();
        var streamed = Resample.Chunks(chunks, up, down).SelectMany(c => c).ToArray();
        Assert.Equal(whole, streamed);
        Assert.Equal(Resample.OutputLength(x.Length, up, down), whole.Length);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(441, 160)]
    public void OutputLengthIsCeilingOfNUpOverDown(int n, int expected)
    {
        Assert.Equal(expected, Resample.Poly(new float[n], 160, 441).Length);
    }

    [Fact]
    public void EqualRatesAreTheIdentityAfterGcdReduction()
    {
        float[] x = [1, 2, 3];
        Assert.Equal(x, Resample.Poly(x, 16000, 16000));
        Assert.Equal(x, Resample.Poly(x, 7, 7));
    }

    [Fact]
    public void AToneBelowTheCutoffKeepsItsAmplitudeAndFrequency()
    {
        // 1 kHz at 44.1 kHz -> 16 kHz: far inside the passband, so away from the edges the output is the same sine up
        // to the Kaiser(5.0) filter's passband ripple (scipy's own error here is 1.1e-3).
        var x = Enumerable.Range(0, 44100).Select(i => MathF.Sin(2 * MathF.PI * 1000 * i / 44100f)).ToArray();
        var y = Resample.ToRate(x, 44100, 16000);
        for (var i = 1000; i < 15000; i++)
            Assert.InRange(y[i] - Math.Sin(2 * Math.PI * 1000 * i / 16000.0), -2e-3, 2e-3);
    }

    [Fact]
    public void AToneAboveTheNewNyquistIsRemoved()
    {
        var x = Enumerable.Range(0, 44100).Select(i => MathF.Sin(2 * MathF.PI * 12000 * i / 44100f)).ToArray();
        var y = Resample.ToRate(x, 44100, 16000);
        var rms = Math.Sqrt(y[1000..15000].Select(v => (double)v * v).Average());
        Assert.True(rms < 1e-3, $"rms {rms}"); // scipy: 2.3e-4, against 0.71 for the input
    }
}
