using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Corpus.Import;

namespace FilmScoreEmotion.Tests.Corpus;

public class ImportTests
{
    const string Set1Header = "number,valence,energy,tension,anger,fear,happy,sad,tender,TARGET";

    /// <summary>A Set 1 folder: BOM'd sheet, audio in a subfolder, a semicolon track list.</summary>
    static string FilmMusicSet1(TempDir dir, params string[] rows)
    {
        var fm = dir.Combine("fm");
        dir.File(
            "fm/mean_ratings_set1.csv",
            "\uFEFF" + Set1Header + "\r\n" + string.Join("\r\n", rows) + "\r\n"
        );
        dir.File(
            "fm/set1_tracklist.csv",
            "Nro;Emotion;Album name;Track;Min:Sec\n1;HAPPY;Big Fish;3;1:10\n31;SAD;Big Fish;5;0:20\n91;FEAR;Alien;2;3:00\n"
        );
        foreach (var n in new[] { 1, 2, 31, 61, 91, 121, 200 })
            dir.Wav($"fm/Set1/{n:000}.wav", 15.5);
        return fm;
    }

    static readonly string[] Set1Rows =
    [
        "001,7.1,6.0,3.0,1.1,1.2,7.2,1.3,3.0,HAPPY",
        "002,6.0,6.0,3.0,1.1,1.2,5.9,1.3,3.0,HAPPY",
        "031,2.0,3.0,3.0,1.1,1.2,1.0,6.4,3.0,SAD",
        "061,6.0,3.0,2.0,1.0,1.0,4.0,3.0,6.8,TENDER",
        "091,2.0,7.0,8.0,3.0,7.5,1.0,2.0,1.0,FEAR",
        "121,2.0,8.0,8.0,7.9,6.2,1.0,2.0,1.0,ANGER",
        "200,6.5,5.0,3.0,1.0,1.0,6.9,2.0,3.0,HIGH VALENCE",
    ];

    [Fact]
    public void Film_music_set1_literal_rule_keeps_target_ratings_of_six_or_more()
    {
        using var dir = new TempDir();
        var fm = FilmMusicSet1(dir, [.. Set1Rows, ",,,,,,,,,"]);
        var output = dir.Combine("out/manifest.csv");
        var result = CorpusImport.Run(new ImportRequest(output, FilmMusic: fm));
        var m = Manifest.Read(output);
        Assert.Equal(
            ["fm1-001", "fm1-031", "fm1-061", "fm1-091"],
            m.Entries.Select(e => e.ExcerptId)
        );
        Assert.Equal(
            [Emotion.Happiness, Emotion.Sadness, Emotion.Peacefulness, Emotion.Fear],
            m.Entries.Select(e => e.Emotion)
        );
        Assert.Equal(7.2, m.Entries[0].Intensity);
        Assert.Equal("Big Fish", m.Entries[0].Soundtrack);
        Assert.Equal("Alien", m.Entries[3].Soundtrack);
        Assert.Null(m.Entries[2].Soundtrack);
        Assert.Equal("../fm/Set1/001.wav", m.Entries[0].Path);
        Assert.Equal(15.5, m.Entries[0].DurationSec);
        Assert.Equal("TENDER", m.Entries[2].Columns["target"]);
        Assert.Contains(
            result.Notes,
            n =>
                n.Contains("4 kept (happy 1, sad 1, tender 1, fear 1)")
                && n.Contains("paper reports 94")
        );
    }

    [Fact]
    public void The_papers_mp3s_are_timed_in_process()
    {
        using var dir = new TempDir();
        var fm = FilmMusicSet1(dir, Set1Rows);
        foreach (var n in new[] { 1, 31 })
        {
            File.Delete(dir.Combine($"fm/Set1/{n:000}.wav"));
            File.Copy(FilmScoreEmotion.Tests.Audio.CompressedDecodingTests.Fixture("chord.mp3"), dir.Combine($"fm/Set1/{n:000}.mp3"));
        }
        var output = dir.Combine("out/manifest.csv");
        CorpusImport.Run(new ImportRequest(output, FilmMusic: fm));
        var m = Manifest.Read(output);
        Assert.Equal("../fm/Set1/001.mp3", m.Entries[0].Path);
        // ffmpeg's sample count (88,200 at 44.1 kHz) from the LAME tag; ffprobe's container duration says 2.038 s.
        Assert.Equal(2.0, m.Entries[0].DurationSec);
        Assert.Equal(2.0, m.Entries[1].DurationSec);
    }

    [Fact]
    public void Strongest_rules_also_take_anger_blocks_and_dimensional_blocks()
    {
        using var dir = new TempDir();
        var fm = FilmMusicSet1(dir, Set1Rows);
        string[] Ids(FilmMusicSelection s) =>
            [
                .. CorpusImport
                    .Run(
                        new ImportRequest(
                            dir.Combine($"{s}.csv"),
                            FilmMusic: fm,
                            FilmMusicOptions: new(s)
                        )
                    )
                    .Manifest.Entries.Select(e => e.ExcerptId),
            ];
        Assert.Equal(
            ["fm1-001", "fm1-031", "fm1-061", "fm1-091", "fm1-121"],
            Ids(FilmMusicSelection.StrongestInDiscreteBlocks)
        );
        Assert.Equal(
            ["fm1-001", "fm1-031", "fm1-061", "fm1-091", "fm1-121", "fm1-200"],
            Ids(FilmMusicSelection.StrongestAnywhere)
        );
    }

    [Fact]
    public void Film_music_set2_is_detected_from_its_header()
    {
        using var dir = new TempDir();
        dir.File(
            "fm/mean_ratings_set2.csv",
            "Number,Valence,Energy,Tension,Anger,Fear,Happy,Sad,Tender,Beauty,Liking,TARGET,soundtrack,link\n"
                + "001,7,6,3,1,1,6.5,1,3,6,6,HAPPY_HIGH,\"Shine, the film\",5\n"
                + "002,7,6,3,1,1,4.0,1,3,6,6,HAPPY_MODERATE,Shine,6\n"
        );
        dir.Wav("fm/001.wav", 12);
        var m = CorpusImport
            .Run(new ImportRequest(dir.Combine("m.csv"), FilmMusic: dir.Combine("fm")))
            .Manifest;
        var e = Assert.Single(m.Entries);
        Assert.Equal(
            ("fm2-001", "Shine, the film", "5"),
            (e.ExcerptId, e.Soundtrack, e.Columns["set1Number"])
        );
    }

    [Fact]
    public void Every_film_music_problem_is_listed_at_once_and_no_manifest_is_written()
    {
        using var dir = new TempDir();
        var fm = FilmMusicSet1(
            dir,
            "001,7.1,6.0,3.0,1.1,1.2,7.2,1.3,3.0,HAPPY",
            "001,7.1,6.0,3.0,1.1,1.2,7.2,1.3,3.0,HAPPY",
            "031,2.0,3.0,3.0,1.1,1.2,1.0,9.4,3.0,SAD",
            "045,2.0,3.0,3.0,1.1,1.2,1.0,6.4,3.0,SAD",
            "x,2.0,3.0,3.0,1.1,1.2,1.0,6.4,3.0,SAD",
            "061,6.0,3.0,2.0,1.0,1.0,4.0,3.0,high,TENDER"
        );
        var output = dir.Combine("out/manifest.csv");
        var e = Assert.Throws<ImportException>(() =>
            CorpusImport.Run(new ImportRequest(output, FilmMusic: fm))
        );
        var sheet = Path.Combine(fm, "mean_ratings_set1.csv");
        Assert.Contains(
            new ImportProblem(sheet, 3, "duplicate excerpt number 001 (first on row 2)"),
            e.Problems
        );
        Assert.Contains(
            e.Problems,
            p => p.Row == 4 && p.Message.Contains("sad rating 9.4 is outside")
        );
        Assert.Contains(
            e.Problems,
            p => p.Row == 5 && p.Message.Contains("no audio file for excerpt 045")
        );
        Assert.Contains(
            e.Problems,
            p => p.Row == 6 && p.Message.Contains("'x' is not a positive integer")
        );
        Assert.Contains(e.Problems, p => p.Row == 7 && p.Message.Contains("tender rating 'high'"));
        Assert.Equal(5, e.Problems.Count);
        Assert.False(Directory.Exists(dir.Combine("out")));
    }

    [Theory]
    [InlineData("number,valence,TARGET\n1,5,HAPPY\n", "header lacks column(s) energy")]
    [InlineData("number,\"valence\n", "unreadable rating sheet")]
    public void Unreadable_sheets_are_reported(string sheet, string expected)
    {
        using var dir = new TempDir();
        dir.File("fm/mean_ratings_set1.csv", sheet);
        var e = Assert.Throws<ImportException>(() =>
            CorpusImport.Run(new ImportRequest(dir.Combine("m.csv"), FilmMusic: dir.Combine("fm")))
        );
        Assert.Contains(expected, Assert.Single(e.Problems).Message);
    }

    [Fact]
    public void Musical_excerpts_from_french_subfolders_with_a_keep_list()
    {
        using var dir = new TempDir();
        foreach (
            var (folder, n) in new[] { ("gai", 3), ("triste", 2), ("peur", 2), ("apaisant", 2) }
        )
            for (var i = 1; i <= n; i++)
                dir.Wav($"me/{folder}/{folder}{i}.wav", 12.5);
        dir.File("keep.txt", "# the paper's subset\ngai1.wav\ngai2\ntriste1\npeur2\napaisant1\n");
        var result = CorpusImport.Run(
            new ImportRequest(
                dir.Combine("m.csv"),
                MusicalExcerpts: dir.Combine("me"),
                MusicalExcerptsKeepList: dir.Combine("keep.txt")
            )
        );
        var m = result.Manifest;
        Assert.Equal(5, m.Entries.Length);
        Assert.Equal(2, m.Entries.Count(e => e.Emotion == Emotion.Happiness));
        Assert.Contains(
            result.Notes,
            n =>
                n.Contains(
                    "5 excerpts (happiness 2, sadness 1, fear 1, peacefulness 1); the paper uses 40"
                )
        );
        Assert.Contains(
            m.Entries,
            e =>
                e.ExcerptId == "me-apaisant1"
                && e.Emotion == Emotion.Peacefulness
                && e.Source == "musical-excerpts"
        );
    }

    [Fact]
    public void Musical_excerpts_from_a_file_emotion_sheet()
    {
        using var dir = new TempDir();
        dir.Wav("me/audio/a.wav", 10);
        dir.Wav("me/audio/b.wav", 10);
        dir.File("me/labels.csv", "file,emotion\naudio/a.wav,scary\naudio/b.wav,peaceful\n");
        var m = CorpusImport
            .Run(new ImportRequest(dir.Combine("m.csv"), MusicalExcerpts: dir.Combine("me")))
            .Manifest;
        Assert.Equal([Emotion.Fear, Emotion.Peacefulness], m.Entries.Select(e => e.Emotion));
        Assert.Equal("scary", m.Entries[0].Columns["label"]);
    }

    [Fact]
    public void Every_labelled_folder_problem_is_listed_at_once()
    {
        using var dir = new TempDir();
        dir.Wav("me/labels/a.wav", 10);
        dir.Wav("other/a.wav", 10);
        dir.File(
            "me/labels.csv",
            "file,emotion\nlabels/a.wav,happy\nlabels/missing.wav,sad\nlabels/a.wav,bored\n"
        );
        dir.Wav("mine/happy/a.wav", 10);
        dir.Wav("mine/happy/deep/a.wav", 10);
        dir.Wav("mine/jazzy/x.wav", 10);
        dir.Wav("mine/loose.wav", 10);
        dir.File("mine/sad/broken.wav", "not a wav");
        dir.File("keep.txt", "a\nzzz\n");
        var output = dir.Combine("m.csv");
        var e = Assert.Throws<ImportException>(() =>
            CorpusImport.Run(
                new ImportRequest(
                    output,
                    MusicalExcerpts: dir.Combine("me"),
                    Folders: [dir.Combine("mine")],
                    MusicalExcerptsKeepList: dir.Combine("keep.txt")
                )
            )
        );
        var labels = dir.Combine("me/labels.csv");
        Assert.Contains(
            new ImportProblem(
                labels,
                3,
                $"audio file {dir.Combine("me/labels/missing.wav")} not found"
            ),
            e.Problems
        );
        Assert.Contains(new ImportProblem(labels, 4, "unknown emotion label 'bored'"), e.Problems);
        Assert.Contains(
            new ImportProblem(
                dir.Combine("keep.txt"),
                2,
                "'zzz' is in the keep-list but not among the labelled audio"
            ),
            e.Problems
        );
        Assert.Contains(
            e.Problems,
            p =>
                p.File == dir.Combine("mine/jazzy")
                && p.Message.Contains("unknown emotion label 'jazzy'")
        );
        Assert.Contains(
            e.Problems,
            p =>
                p.File == dir.Combine("mine/loose.wav")
                && p.Message.Contains("outside an emotion subfolder")
        );
        Assert.Contains(e.Problems, p => p.Message.Contains("duplicate excerpt id 'mine-a'"));
        Assert.Contains(
            e.Problems,
            p =>
                p.File == dir.Combine("mine/sad/broken.wav")
                && p.Message.Contains("not a RIFF/WAVE file")
        );
        Assert.Equal(7, e.Problems.Count);
        Assert.False(File.Exists(output));
    }
}
