using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus;

/// <summary>One cell of the source x emotion table behind the paper's Fig 1.</summary>
public sealed record DescriptionRow(
    string Source,
    Emotion Emotion,
    int Excerpts,
    double TotalSec,
    double MeanSec,
    double MinSec,
    double MaxSec,
    int Segments
);

public sealed record CorpusDescription(
    ImmutableArray<DescriptionRow> Rows,
    int Excerpts,
    double TotalSec,
    int Segments,
    double SegmentSec
)
{
    public int SegmentsOf(Emotion emotion) =>
        Rows.Where(r => r.Emotion == emotion).Sum(r => r.Segments);

    public int ExcerptsOf(Emotion emotion) =>
        Rows.Where(r => r.Emotion == emotion).Sum(r => r.Excerpts);

    /// <summary>Counts, durations and non-overlapping segment counts per source and emotion (sources in order of appearance).</summary>
    public static CorpusDescription Describe(Manifest manifest, double segmentSec = 2.0)
    {
        var sources = manifest.Entries.Select(e => e.Source).Distinct().ToList();
        var rows = sources
            .SelectMany(source =>
                EmotionNames
                    .All.Select(emotion =>
                        manifest
                            .Entries.Where(e => e.Source == source && e.Emotion == emotion)
                            .ToList()
                    )
                    .Where(g => g.Count > 0)
                    .Select(g => new DescriptionRow(
                        source,
                        g[0].Emotion,
                        g.Count,
                        g.Sum(e => e.DurationSec),
                        g.Average(e => e.DurationSec),
                        g.Min(e => e.DurationSec),
                        g.Max(e => e.DurationSec),
                        g.Sum(e => e.SegmentCount(segmentSec))
                    ))
            )
            .ToImmutableArray();
        return new CorpusDescription(
            rows,
            manifest.Entries.Length,
            manifest.Entries.Sum(e => e.DurationSec),
            rows.Sum(r => r.Segments),
            segmentSec
        );
    }
}
