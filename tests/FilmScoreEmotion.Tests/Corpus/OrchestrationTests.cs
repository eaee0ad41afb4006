using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Corpus.Synthesis;

namespace FilmScoreEmotion.Tests.Corpus;

public class OrchestrationTests
{
    static readonly Character[] Characters = Enum.GetValues<Character>();

    static Character[] Of(Emotion emotion) => [.. Orchestration.Characters.Where(c => c.Emotion == emotion && c.Weight > 0).Select(c => c.Character)];

    [Fact]
    public void Every_row_cites_a_source_and_covers_every_character()
    {
        Assert.Equal(24, Orchestration.Sources.Length);
        Assert.All(Orchestration.Sources, row => Assert.Matches(@"\d{4}", row.Source));
        Assert.All(Characters, c =>
        {
            Assert.True(Orchestration.Tempo[c].Min < Orchestration.Tempo[c].Max);
            Assert.InRange(Orchestration.Dynamics[c].Min, 0, 1);
            Assert.NotEmpty(Orchestration.Mode[c].Options);
            Assert.NotEmpty(Orchestration.Texture[c].Options);
        });
        Assert.Equal(EmotionNames.All.ToHashSet(), Orchestration.Characters.Select(c => c.Emotion).ToHashSet());
    }

    [Fact]
    public void Strings_piano_woodwinds_and_brass_play_in_every_character()
    {
        var woodwinds = new[] { Instrument.Flute, Instrument.Clarinet, Instrument.Oboe };
        foreach (var c in Characters)
        {
            var played = new[] { Orchestration.MelodyInstrument, Orchestration.AccompanimentInstrument, Orchestration.BassInstrument }
                .SelectMany(row => row[c].Options.Where(o => o.Weight > 0).Select(o => o.Item))
                .ToHashSet();
            Assert.Contains(Instrument.Strings, played);
            Assert.Contains(Instrument.Piano, played);
            Assert.Contains(Instrument.Brass, played);
            Assert.Contains(played, woodwinds.Contains);
        }
    }

    /// <summary>Real orchestras play loud, with brass, timpani and a heavy low end, in happy and sad cues too; if only
    /// the fear characters did, a network would learn those as fear and call every full-orchestra recording fearful.</summary>
    [Fact]
    public void Loud_full_orchestra_writing_is_not_fear_alone()
    {
        var fear = Of(Emotion.Fear);
        var loudest = fear.Max(c => Orchestration.Dynamics[c].Max);
        var lowestBass = fear.Min(c => Orchestration.BassRegister[c].Min);
        var percussion = fear.Max(c => Orchestration.PercussionChance[c]);
        foreach (var emotion in new[] { Emotion.Happiness, Emotion.Sadness })
        {
            var full = Of(emotion).Where(c => Orchestration.Dynamics[c].Max >= loudest - 0.1 && Orchestration.BassRegister[c].Min <= lowestBass + 2).ToList();
            Assert.NotEmpty(full);
            Assert.Contains(full, c => Orchestration.BassChance[c] >= 0.9 && Orchestration.AccompanimentInstrument[c].Options.Any(o => o.Item == Instrument.Brass && o.Weight > 0));
        }
        Assert.Contains(Of(Emotion.Happiness), c => Orchestration.PercussionChance[c] >= percussion);
    }

    /// <summary>Held or block chords in a low, consonant minor key are what grief plays; a tonal fear character that
    /// drew them taught the networks to hear real sad cues as fear. Tonal fear has to move; only the atonal one may hold.</summary>
    [Fact]
    public void Tonal_fear_never_holds_its_chords()
    {
        var held = new[] { Accompaniment.Sustained, Accompaniment.BlockChords };
        bool Holds(Character c) => Orchestration.Texture[c].Options.Any(o => held.Contains(o.Item) && o.Weight > 0);
        var tonalFear = Of(Emotion.Fear).Where(c => Orchestration.Harmony[c] != Harmony.FreeRoots).ToList();
        Assert.NotEmpty(tonalFear);
        Assert.DoesNotContain(tonalFear, Holds);
        Assert.Contains(Of(Emotion.Sadness), Holds);
    }

    [Fact]
    public void Every_instrument_has_a_General_MIDI_voice_in_every_register()
    {
        foreach (var instrument in Enum.GetValues<Instrument>())
        foreach (var midi in new[] { 21.0, 40, 60, 84, 108 })
            Assert.InRange(GeneralMidi.Voice(instrument, midi, 0).Program, 0, 127);
        Assert.Equal(44, GeneralMidi.Voice(Instrument.Strings, 60, 10).Program);
        Assert.Equal(42, GeneralMidi.Voice(Instrument.Strings, 45, 0).Program);
    }

    [Fact]
    public void Piano_only_sources_draw_nothing_but_piano()
    {
        for (var i = 0; i < 200; i++)
        {
            var plan = EmotionRules.Draw(EmotionNames.All[i % 4], 12, true, Rng.For(5, i, "piano"));
            Assert.All(new[] { plan.Melody, plan.AccompanimentInstrument, plan.Bass }, x => Assert.True(x is null or Instrument.Piano));
            Assert.False(plan.Percussion);
            Assert.Equal(0, plan.TremoloHz);
        }
    }

    [Fact]
    public void A_missing_SoundFont_is_named_with_the_install_line()
    {
        var gone = SoundFonts.All[0] with { Path = "/nonexistent/FluidR3_GM.sf2" };
        var message = SoundFonts.Missing([gone, SoundFonts.All[1]]);
        Assert.NotNull(message);
        Assert.Contains("sudo apt-get install -y fluidsynth fluid-soundfont-gm musescore-general-soundfont", message);
        Assert.True(message.Contains("/nonexistent/FluidR3_GM.sf2") || message.Contains("FluidSynth (libfluidsynth.so.3) is not installed"), message);
    }
}
