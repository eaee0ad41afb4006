using System.Collections.Immutable;

namespace FilmScoreEmotion.Captions;

public static class CueBuilder
{
    /// <summary>Cues from per-window probabilities of a whole soundtrack. Window <c>t</c> starts at
    /// <c>t * hopSeconds</c>; a frame stands for the hop-long span around its window's centre, so consecutive frames
    /// tile the timeline. Cues are clipped to <paramref name="durationSeconds"/>, ordered and never overlap.</summary>
    /// <param name="probabilities">// (frames, classes)</param>
    public static ImmutableArray<Cue> Build(double[,] probabilities, IReadOnlyList<string> classNames, double durationSeconds, CaptionConfig config)
    {
        if (probabilities.GetLength(1) != classNames.Count)
            throw new ArgumentException($"probabilities have {probabilities.GetLength(1)} classes, labels {classNames.Count}");
        var missing = classNames.Where(c => !config.Wording.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"no caption wording for {string.Join(", ", missing)}: add it to the wording table");
        var path = ViterbiSmoothing.Smooth(probabilities, config.SwitchPenalty);
        var runs = new List<(int Label, int First, int Last)>();
        for (int t = 0; t < path.Length; t++)
        {
            if (runs.Count > 0 && runs[^1].Label == path[t])
                runs[^1] = runs[^1] with { Last = t };
            else
                runs.Add((path[t], t, t));
        }
        double Centre(int t) => t * config.HopSeconds + config.WindowSeconds / 2;
        var kept = runs.Select(r =>
                {
                    var confidence = Enumerable.Range(r.First, r.Last - r.First + 1).Average(t => probabilities[t, r.Label]);
                    var start = Math.Max(0, r.First == 0 ? 0 : Centre(r.First) - config.HopSeconds / 2);
                    var end = Math.Min(durationSeconds, r.Last == path.Length - 1 ? durationSeconds : Centre(r.Last) + config.HopSeconds / 2);
                    return new Cue(start, end, classNames[r.Label], config.Wording[classNames[r.Label]], confidence);
                })
            .Where(c => c.Confidence >= config.MinConfidence)
            .ToList();
        var merged = new List<Cue>();
        foreach (var cue in kept)
        {
            if (merged.Count > 0 && merged[^1].Emotion == cue.Emotion && cue.Start - merged[^1].End <= config.MergeGapSeconds)
            {
                var last = merged[^1];
                var weight = last.Duration + cue.Duration;
                merged[^1] = last with { End = cue.End, Confidence = (last.Confidence * last.Duration + cue.Confidence * cue.Duration) / weight };
            }
            else
                merged.Add(cue);
        }
        return merged.Where(c => c.Duration >= config.MinCueSeconds).ToImmutableArray();
    }
}
