using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>One General MIDI program as the SoundFont renderer plays it: program number, pan (0 left .. 127 right).</summary>
public sealed record GmVoice(int Program, int Pan);

/// <summary>
/// The instruments as General MIDI programs, chosen by register the way an orchestrator doubles a line (cellos and
/// basses under the violins, trombones and tuba under the horns), panned as an orchestra sits on a film-scoring stage
/// (violins left, cellos and basses right, winds centre, brass right behind, harp and piano left).
/// </summary>
public static class GeneralMidi
{
    /// <summary>(lowest MIDI note, voice) per instrument, highest first: the first row whose note is at or below the pitch.</summary>
    static readonly ImmutableDictionary<Instrument, ImmutableArray<(int FromMidi, GmVoice Voice)>> Table =
        new Dictionary<Instrument, ImmutableArray<(int, GmVoice)>>
        {
            [Instrument.Piano] = [(0, new(0, 44))],
            [Instrument.Strings] = [(55, new(48, 40)), (40, new(42, 84)), (0, new(43, 96))],
            [Instrument.Pizzicato] = [(0, new(45, 56))],
            [Instrument.Brass] = [(62, new(56, 76)), (48, new(60, 88)), (38, new(57, 80)), (0, new(58, 84))],
            [Instrument.Flute] = [(0, new(73, 60))],
            [Instrument.Clarinet] = [(50, new(71, 68)), (0, new(70, 72))],
            [Instrument.Oboe] = [(58, new(68, 62)), (0, new(69, 66))],
            [Instrument.Pad] = [(0, new(49, 64))],
            [Instrument.Choir] = [(0, new(52, 64))],
            [Instrument.Harp] = [(0, new(46, 30))],
            [Instrument.Celesta] = [(0, new(8, 36))],
            [Instrument.Timpani] = [(0, new(47, 72))],
        }.ToImmutableDictionary();

    /// <summary>Strings playing bowed tremolo: GM's own tremolo-strings program.</summary>
    static readonly GmVoice TremoloStrings = new(44, 56);

    public static GmVoice Voice(Instrument instrument, double midi, double tremoloHz)
    {
        if (tremoloHz > 0 && instrument is Instrument.Strings or Instrument.Pad)
            return TremoloStrings;
        foreach (var (from, voice) in Table[instrument])
            if (midi >= from)
                return voice;
        return Table[instrument][^1].Voice;
    }

    /// <summary>Instruments that repeat a struck note for a roll instead of holding it (timpani, piano, harp ...).</summary>
    public static bool RollsByRestriking(Instrument instrument) =>
        instrument is not (Instrument.Strings or Instrument.Pad or Instrument.Choir);
}
