namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>Timbres the renderer knows; <see cref="Timbres"/> defines each one's partials and envelope.</summary>
public enum Instrument
{
    Piano,
    Strings,
    Pizzicato,
    Brass,
    Flute,
    Clarinet,
    Pad,
    Harp,
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
