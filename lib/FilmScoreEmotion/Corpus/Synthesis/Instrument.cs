namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// Instrument families of the orchestra; <see cref="GeneralMidi"/> maps each to SoundFont programs and
/// <see cref="Timbres"/> to the additive renderer's partials and envelope.
/// </summary>
public enum Instrument
{
    Piano,
    Strings,
    Pizzicato,
    Brass,
    Flute,
    Clarinet,
    Oboe,
    Pad,
    Choir,
    Harp,
    Celesta,
    Timpani,
}

/// <summary>How the accompaniment plays the chords.</summary>
public enum Accompaniment
{
    BlockChords,
    Arpeggio,
    Alberti,
    OomPah,
    Sustained,
    Tremolo,
    Ostinato,
    Stabs,
}

/// <summary>One note to render: times in seconds, pitch in (possibly fractional) MIDI numbers, velocity in (0, 1].</summary>
public sealed record NoteEvent(
    double Onset,
    double Duration,
    double Midi,
    double Velocity,
    Instrument Instrument,
    double TremoloHz = 0
);
