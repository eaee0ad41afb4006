namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// A second-order section from Robert Bristow-Johnson's Audio EQ Cookbook (Q = 1/sqrt 2, shelf slope 1), run in
/// transposed direct form II.
/// </summary>
public sealed record Biquad(double B0, double B1, double B2, double A1, double A2)
{
    static Biquad Normalised(double b0, double b1, double b2, double a0, double a1, double a2) =>
        new(b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0);

    static (double Cos, double Alpha) Angle(double hz, int sampleRate)
    {
        var w0 = 2 * Math.PI * hz / sampleRate;
        return (Math.Cos(w0), Math.Sin(w0) / (2 / Math.Sqrt(2)));
    }

    public static Biquad LowPass(double hz, int sampleRate)
    {
        var (c, a) = Angle(hz, sampleRate);
        return Normalised((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + a, -2 * c, 1 - a);
    }

    public static Biquad HighPass(double hz, int sampleRate)
    {
        var (c, a) = Angle(hz, sampleRate);
        return Normalised((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + a, -2 * c, 1 - a);
    }

    public static Biquad LowShelf(double hz, double gainDb, int sampleRate)
    {
        var (c, a) = Angle(hz, sampleRate);
        var g = Math.Pow(10, gainDb / 40);
        var s = 2 * Math.Sqrt(g) * a;
        return Normalised(
            g * ((g + 1) - (g - 1) * c + s),
            2 * g * ((g - 1) - (g + 1) * c),
            g * ((g + 1) - (g - 1) * c - s),
            (g + 1) + (g - 1) * c + s,
            -2 * ((g - 1) + (g + 1) * c),
            (g + 1) + (g - 1) * c - s
        );
    }

    public static Biquad HighShelf(double hz, double gainDb, int sampleRate)
    {
        var (c, a) = Angle(hz, sampleRate);
        var g = Math.Pow(10, gainDb / 40);
        var s = 2 * Math.Sqrt(g) * a;
        return Normalised(
            g * ((g + 1) + (g - 1) * c + s),
            -2 * g * ((g - 1) + (g + 1) * c),
            g * ((g + 1) + (g - 1) * c - s),
            (g + 1) - (g - 1) * c + s,
            2 * ((g - 1) - (g + 1) * c),
            (g + 1) - (g - 1) * c - s
        );
    }

    /// <summary>Filters <paramref name="x"/> in place from rest.</summary>
    public void Run(Span<double> x)
    {
        double z1 = 0, z2 = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var input = x[i];
            var y = B0 * input + z1;
            z1 = B1 * input - A1 * y + z2;
            z2 = B2 * input - A2 * y;
            x[i] = y;
        }
    }

    /// <summary>Magnitude response at <paramref name="hz"/>, for tests.</summary>
    public double Gain(double hz, int sampleRate)
    {
        var w = 2 * Math.PI * hz / sampleRate;
        var z1 = System.Numerics.Complex.FromPolarCoordinates(1, -w);
        var z2 = z1 * z1;
        return ((B0 + B1 * z1 + B2 * z2) / (1 + A1 * z1 + A2 * z2)).Magnitude;
    }
}
