using FilmScoreEmotion.Spectra;

namespace FilmScoreEmotion.Captions;

/// <summary>What a soundtrack's windows hold besides the networks' answer: each window's pitch-class profile and its
/// expressive cues (<see cref="ExpressiveCues"/>), one row per window every <paramref name="HopSeconds"/>.</summary>
/// <param name="Chroma">// (windows, 12); a silent window's row is not read</param>
/// <param name="Cues">// (windows, <see cref="ExpressiveCues.Count"/>); a silent window's row is not read</param>
public sealed record WindowCues(double[,] Chroma, double[,] Cues, double HopSeconds)
{
    /// <summary>The inputs' names in <see cref="Context"/>'s order.</summary>
    public static readonly string[] ContextNames = ["major fit", "minor fit", .. ExpressiveCues.Names];

    /// <summary>Each heard window as the music within <paramref name="contextSeconds"/> either side of it sounds, as
    /// the tonal expert hears it: the best major and minor key fits of the summed profile, then each cue's mean, over
    /// the non-silent windows there. Silent windows get no row.</summary>
    /// <returns>// (heard windows, 2 + <see cref="ExpressiveCues.Count"/>), with each row's window</returns>
    public IReadOnlyList<(int Window, double[] Inputs)> Context(IReadOnlyList<bool> silent, double contextSeconds)
    {
        var (windows, cues) = (Cues.GetLength(0), Cues.GetLength(1));
        if (silent.Count != windows || Chroma.GetLength(0) != windows)
            throw new ArgumentException($"{Chroma.GetLength(0)} profiles, {windows} cue rows and {silent.Count} silence flags");
        var radius = TonalContext.Radius(contextSeconds, HopSeconds);
        var fits = TonalContext.Fits(Chroma, silent, radius);
        var (rows, sum) = (new List<(int, double[])>(), new double[cues]);
        for (var w = 0; w < windows; w++)
        {
            if (silent[w])
                continue;
            var count = TonalContext.SumAround(Cues, silent, w, radius, sum);
            rows.Add((w, [fits[w].Major, fits[w].Minor, .. sum.Select(s => s / count)]));
        }
        return rows;
    }
}
