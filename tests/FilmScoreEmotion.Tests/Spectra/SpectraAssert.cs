namespace FilmScoreEmotion.Tests.Spectra;

public static class SpectraAssert
{
    /// <summary>||actual - expected||_F / ||expected||_F, the error measure the fixtures README states tolerances in.</summary>
    public static double RelativeError(IReadOnlyList<double> actual, IReadOnlyList<double> expected)
    {
        Assert.Equal(expected.Count, actual.Count);
        double diff = 0, norm = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return Math.Sqrt(diff / norm);
    }

    public static void Close(IReadOnlyList<double> actual, IReadOnlyList<double> expected, double tolerance, string what)
    {
        var error = RelativeError(actual, expected);
        Assert.True(error < tolerance, $"{what}: relative Frobenius error {error:E3} >= {tolerance:E0}");
    }
}
