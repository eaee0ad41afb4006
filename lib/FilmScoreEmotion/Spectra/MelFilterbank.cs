namespace FilmScoreEmotion.Spectra;

/// <summary>Triangular mel filters on the Slaney scale with Slaney area normalisation (librosa.filters.mel defaults).</summary>
public static class MelFilterbank
{
    const double LinearStepHz = 200.0 / 3;
    const double LogRegionStartHz = 1000.0;
    const double LogRegionStartMel = LogRegionStartHz / LinearStepHz;
    static readonly double LogStep = Math.Log(6.4) / 27.0;

    /// <summary>Slaney's mel scale: linear below 1 kHz, logarithmic above.</summary>
    public static double HzToMel(double hz) =>
        hz >= LogRegionStartHz ? LogRegionStartMel + Math.Log(hz / LogRegionStartHz) / LogStep : hz / LinearStepHz;

    public static double MelToHz(double mel) =>
        mel >= LogRegionStartMel ? LogRegionStartHz * Math.Exp(LogStep * (mel - LogRegionStartMel)) : LinearStepHz * mel;

    /// <summary>The filter weights; each filter's area is normalised (2 / bandwidth in Hz) so that every band has about
    /// the same energy for white noise.</summary>
    // (nMels, nFft / 2 + 1)
    public static double[,] Weights(int sampleRate, int nFft, int nMels, double fMin, double fMax)
    {
        if (nMels < 1 || nFft < 2 || fMax <= fMin || fMin < 0)
            throw new ArgumentException($"invalid mel filterbank: nMels {nMels}, nFft {nFft}, fMin {fMin} Hz, fMax {fMax} Hz");
        var bins = nFft / 2 + 1;
        var lowMel = HzToMel(fMin);
        var highMel = HzToMel(fMax);
        var edges = Enumerable.Range(0, nMels + 2).Select(i => MelToHz(lowMel + (highMel - lowMel) * i / (nMels + 1))).ToArray();
        var weights = new double[nMels, bins];
        for (var m = 0; m < nMels; m++)
        {
            var area = 2.0 / (edges[m + 2] - edges[m]);
            for (var k = 0; k < bins; k++)
            {
                var hz = (double)k * sampleRate / nFft;
                var rising = (hz - edges[m]) / (edges[m + 1] - edges[m]);
                var falling = (edges[m + 2] - hz) / (edges[m + 2] - edges[m + 1]);
                weights[m, k] = Math.Max(0, Math.Min(rising, falling)) * area;
            }
        }
        return weights;
    }

    // (nMels, nFft / 2 + 1)
    public static double[,] Weights(SpectrogramConfig config) =>
        Weights(config.SampleRate, config.NFft, config.NMels, config.MelFMin, config.MelFMax ?? config.SampleRate / 2.0);
}
