using System.Collections.Immutable;
using FilmScoreEmotion.Corpus;

namespace FilmScoreEmotion.Tests.Corpus;

public class ManifestTests
{
    static ManifestEntry Entry(
        string id,
        Emotion emotion,
        string? soundtrack = null,
        params (string, string)[] extra
    ) =>
        new(
            id,
            "film-music",
            emotion,
            $"audio/{id}.wav",
            15.25,
            6.5,
            soundtrack,
            extra.Length == 0 ? null : extra.ToImmutableSortedDictionary(t => t.Item1, t => t.Item2)
        );

    [Fact]
    public void Round_trip_keeps_every_field_including_quoted_ones()
    {
        using var dir = new TempDir();
        var path = dir.Combine("m/manifest.csv");
        ManifestEntry[] entries =
        [
            Entry(
                "a",
                Emotion.Fear,
                "Alien, \"Director's cut\"\nDisc 2",
                ("mode", "Octatonic"),
                ("tempo", "120.5")
            ),
            Entry("b", Emotion.Peacefulness, null, ("mode", "Major")),
            new("c", "musical-excerpts", Emotion.Happiness, "x y/c.wav", 9.0),
        ];
        Manifest.Write(path, entries);
        var back = Manifest.Read(path).Entries;
        Assert.Equal(3, back.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            Assert.Equal(entries[i], back[i]);
        }
        Assert.Empty(Directory.GetFiles(dir.Combine("m"), "*.tmp"));
        Assert.NotEqual(entries[0], entries[0] with { Extra = entries[1].Extra });
    }

    [Fact]
    public void Reading_lists_every_bad_row_with_its_number()
    {
        const string text =
            "\uFEFFexcerptId,source,emotion,path,durationSec\r\na,s,happy,a.wav,10\nb,s,anger,b.wav,10\na,s,sad,c.wav,x\n";
        var e = Assert.Throws<InvalidDataException>(() => Manifest.Parse(text, "m.csv"));
        Assert.Contains("m.csv: row 3: unknown emotion 'anger'", e.Message);
        Assert.Contains("m.csv: row 4: duplicate excerptId 'a'", e.Message);
        Assert.Contains("m.csv: row 4: durationSec 'x'", e.Message);
    }

    [Fact]
    public void Missing_core_columns_are_named()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            Manifest.Parse("excerptId,emotion\na,happy\n", "m.csv")
        );
        Assert.Contains("source, path, durationSec", e.Message);
    }

    [Fact]
    public void Writing_refuses_duplicate_ids_and_leaves_no_file()
    {
        using var dir = new TempDir();
        var path = dir.Combine("manifest.csv");
        Assert.Throws<ArgumentException>(() =>
            Manifest.Write(path, [Entry("a", Emotion.Fear), Entry("a", Emotion.Sadness)])
        );
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData(9.99, 4)]
    [InlineData(10.0, 5)]
    [InlineData(1.5, 0)]
    public void Segment_count_is_the_number_of_whole_two_second_windows(
        double seconds,
        int segments
    ) =>
        Assert.Equal(
            segments,
            (Entry("a", Emotion.Fear) with { DurationSec = seconds }).SegmentCount()
        );

    [Fact]
    public void Describe_counts_per_source_and_emotion()
    {
        var m = new Manifest([
            Entry("a", Emotion.Fear) with
            {
                DurationSec = 15,
            },
            Entry("b", Emotion.Fear) with
            {
                DurationSec = 9,
            },
            Entry("c", Emotion.Sadness) with
            {
                Source = "musical-excerpts",
                DurationSec = 12.5,
            },
        ]);
        var d = CorpusDescription.Describe(m);
        Assert.Equal(3, d.Excerpts);
        Assert.Equal(7 + 4 + 6, d.Segments);
        var fear = Assert.Single(
            d.Rows,
            r => r.Source == "film-music" && r.Emotion == Emotion.Fear
        );
        Assert.Equal(
            (2, 24.0, 12.0, 9.0, 15.0, 11),
            (fear.Excerpts, fear.TotalSec, fear.MeanSec, fear.MinSec, fear.MaxSec, fear.Segments)
        );
        Assert.Equal(6, d.SegmentsOf(Emotion.Sadness));
        Assert.Equal(0, d.ExcerptsOf(Emotion.Happiness));
    }
}
