using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Corpus.Synthesis;
using FilmScoreEmotion.Tests.Corpus;
using FilmScoreEmotion.Tests.Foundation;
using NAudio.Midi;

namespace FilmScoreEmotion.Tests.Captions;

public class ListenerRatedCheckTests
{
    [Theory]
    [InlineData(0.3, 0.2, Emotion.Happiness)]
    [InlineData(-0.3, 0.2, Emotion.Fear)]
    [InlineData(-0.3, -0.2, Emotion.Sadness)]
    [InlineData(0.3, -0.2, Emotion.Peacefulness)]
    public void EachQuadrantIsOneEmotion(double valence, double arousal, Emotion emotion) =>
        Assert.Equal(emotion, ListenerRatedCheck.Label(valence, arousal));

    [Theory]
    [InlineData(0.049, 0.5)]
    [InlineData(-0.5, -0.049)]
    [InlineData(0, 0)]
    public void AMeanNearZeroOnEitherAxisIsLeftOut(double valence, double arousal) =>
        Assert.Null(ListenerRatedCheck.Label(valence, arousal));

    // Two pieces in VGMIDI's layout: listeners' curves per measure, keyed "pieceN_listener". piece0 has 2 measures;
    // the second listener's curve runs one measure past them, which the rule cuts. piece2 has no listener.
    const string Annotations = """
        {
          "annotations": {
            "piece0_1": { "valence": [0.5, 0.3], "arousal": [-0.2, -0.4], "age": "21-25" },
            "piece0_2": { "valence": [0.1, 0.3, -0.9], "arousal": [0.0, -0.2, 0.9] },
            "piece1_1": { "valence": [-0.6, -0.2, -0.4], "arousal": [0.02, 0.04, 0.03] }
          },
          "pieces": {
            "piece0": { "duration": 4, "measures": 2, "midi": "A_B_C_Calm.mid", "name": "Calm" },
            "piece1": { "duration": 6, "measures": 3, "midi": "A_B_C_Flat.mid", "name": "Flat" },
            "piece2": { "duration": 6, "measures": 3, "midi": "A_B_C_Unheard.mid", "name": "Unheard" }
          }
        }
        """;

    [Fact]
    public void RatingsPoolEveryListenersMeasuresCutToThePiece()
    {
        var ratings = ListenerRatedCheck.Ratings(Annotations, "a.json").ToList();
        Assert.Equal(["A_B_C_Calm.mid", "A_B_C_Flat.mid"], ratings.Select(r => r.Midi));
        var calm = ratings[0];
        Assert.Equal(2, calm.Listeners);
        Assert.Equal((0.5 + 0.3 + 0.1 + 0.3) / 4, calm.Valence, 12);
        Assert.Equal((-0.2 - 0.4 + 0.0 - 0.2) / 4, calm.Arousal, 12);
        Assert.Equal(0.03, ratings[1].Arousal, 12);
    }

    [Fact]
    public void PiecesKeepTheLabelledOnesWithTheirFileAndMeans()
    {
        var pieces = ListenerRatedCheck.Pieces(ListenerRatedCheck.Ratings(Annotations, "a.json"));
        var piece = Assert.Single(pieces); // Flat's mean arousal, 0.03, is within the ambiguity band
        Assert.Equal("labelled/midi/A_B_C_Calm.mid", piece.File);
        Assert.Equal(Emotion.Peacefulness, piece.Emotion);
        Assert.Equal("valence +0.30, arousal -0.20", piece.Keyword);
    }

    [Fact]
    public void TheDatasetsOwnTableIsComparedOnFirstPhrasesOnly()
    {
        using var dir = new TempDir();
        var csv = dir.File(
            "vgmidi_labelled.csv",
            """
            id,series,console,game,piece,midi,valence,arousal
            1,A,B,C,Calm,"labelled/phrases/A_B_C_Calm_0.mid",1,-1
            2,A,B,C,Calm,labelled/phrases/A_B_C_Calm_1.mid,1,1
            3,A,B,C,Loud,labelled/phrases/A_B_C_Loud_0.mid,1,-1
            4,A,B,C,Other,labelled/phrases/A_B_C_Other_0.mid,1,1
            """
        );
        RealMusicCheck.Piece[] pieces =
        [
            new("labelled/midi/A_B_C_Calm.mid", Emotion.Peacefulness, ""),
            new("labelled/midi/A_B_C_Loud.mid", Emotion.Happiness, ""),
            new("labelled/midi/A_B_C_Missing.mid", Emotion.Fear, ""),
        ];
        Assert.Equal((1, 2), ListenerRatedCheck.Agreement(pieces, csv));

        var broken = dir.File("broken.csv", "id,midi,valence,arousal\n1,labelled/phrases/A_B_C_Calm_0.mid,high,-1\n");
        var e = Assert.Throws<InvalidDataException>(() => ListenerRatedCheck.Agreement(pieces, broken));
        Assert.Contains($"{broken}, row 2: no number in column 'valence'", e.Message);
    }

    [Fact]
    public void AMissingCloneAndABadFileAreNamed()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<FileNotFoundException>(() => ListenerRatedCheck.ReadRatings(dir.Path));
        Assert.Contains(ListenerRatedCheck.FolderVariable, missing.Message);
        Assert.Contains(ListenerRatedCheck.Source, missing.Message);
        var bad = dir.File($"{ListenerRatedCheck.AnnotationsFolder}/round1.json", """{ "annotations": {} }""");
        var e = Assert.Throws<InvalidDataException>(() => ListenerRatedCheck.ReadRatings(dir.Path));
        Assert.Contains(bad, e.Message);
    }

    /// <summary>Energy of <paramref name="samples"/> at <paramref name="hz"/> (Goertzel).</summary>
    static double Energy(float[] samples, int sampleRate, double hz)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0, s2 = 0;
        foreach (var x in samples)
            (s1, s2) = (x + coefficient * s1 - s2, s1);
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }

    [SkippableFact]
    public void APieceIsPlayedOnThePianoOnceAndKeyedByItsBytes()
    {
        SystemTools.Require(SystemTools.FluidSynth);
        using var dir = new TempDir();
        var font = SoundFonts.Spec(SoundFontKind.FluidR3).Path;
        using var synth = new SoundFontSynth(ListenerRatedCheck.SampleRate, [font]);
        var a4 = MidiFileNotesTests.Write(dir.Combine("a4.mid"), [new NoteOnEvent(0, 1, 69, 100, 960)], (0, 500_000));
        var cache = dir.Combine("cache");

        var wav = ListenerRatedCheck.Render(a4, synth, font, cache);
        var audio = WavReader.Read(wav);
        Assert.Equal((ListenerRatedCheck.SampleRate, 1), (audio.SampleRate, audio.Channels));
        Assert.InRange(audio.Frames / (double)audio.SampleRate, 2.0 - 0.01, 2.0 + 0.01); // 1 s note, 1 s of release
        Assert.InRange(audio.Samples.Max(Math.Abs), 0.88, 0.9);
        var fundamental = Energy(audio.Samples, audio.SampleRate, 440);
        Assert.All([330.0, 392.0, 494.0, 587.0], hz => Assert.True(fundamental > 20 * Energy(audio.Samples, audio.SampleRate, hz), $"{hz} Hz"));

        var written = File.GetLastWriteTimeUtc(wav);
        Assert.Equal(wav, ListenerRatedCheck.Render(a4, synth, font, cache));
        Assert.Equal(written, File.GetLastWriteTimeUtc(wav));
        var c5 = MidiFileNotesTests.Write(dir.Combine("c5.mid"), [new NoteOnEvent(0, 1, 72, 100, 960)], (0, 500_000));
        Assert.NotEqual(wav, ListenerRatedCheck.Render(c5, synth, font, cache));

        var drums = MidiFileNotesTests.Write(dir.Combine("drums.mid"), [new NoteOnEvent(0, MidiFileNotes.DrumChannel, 36, 100, 480)], (0, 500_000));
        var e = Assert.Throws<InvalidDataException>(() => ListenerRatedCheck.Render(drums, synth, font, cache));
        Assert.Contains(drums, e.Message);
        Assert.Equal(2, Directory.GetFiles(cache).Length);
    }
}
