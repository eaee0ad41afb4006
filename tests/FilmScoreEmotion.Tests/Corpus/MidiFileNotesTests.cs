using FilmScoreEmotion.Corpus.Synthesis;
using NAudio.Midi;

namespace FilmScoreEmotion.Tests.Corpus;

public class MidiFileNotesTests
{
    const int TicksPerQuarter = 480;

    /// <summary>A format-1 file: a tempo track, then one track of the given events.</summary>
    internal static string Write(string path, IEnumerable<MidiEvent> events, params (long Tick, int MicrosecondsPerQuarter)[] tempos)
    {
        var collection = new MidiEventCollection(1, TicksPerQuarter);
        collection.AddTrack();
        collection.AddTrack();
        foreach (var (tick, tempo) in tempos)
            collection.AddEvent(new TempoEvent(tempo, tick), 0);
        foreach (var e in events)
        {
            collection.AddEvent(e, 1);
            if (e is NoteOnEvent { OffEvent: { } off })
                collection.AddEvent(off, 1);
        }
        collection.PrepareForExport();
        MidiFile.Export(path, collection);
        return path;
    }

    static NoteOnEvent Note(long tick, int key, int lengthTicks, int velocity = 100, int channel = 1) => new(tick, channel, key, velocity, lengthTicks);

    static ControlChangeEvent Pedal(long tick, bool down) => new(tick, 1, MidiController.Sustain, down ? 127 : 0);

    [Fact]
    public void TimesFollowTheTempoMapAndVelocitiesScaleToOne()
    {
        using var dir = new TempDir();
        // 120 beats a minute for the first two beats (1 s), then 60: a beat lasts 0.5 s, then 1 s.
        var path = Write(dir.Combine("tempo.mid"), [Note(0, 60, 480, velocity: 127), Note(960, 64, 480, velocity: 1)], (0, 500_000), (960, 1_000_000));
        var notes = MidiFileNotes.Read(path, Instrument.Piano);
        Assert.Equal(2, notes.Length);
        Assert.Equal((0.0, 0.5, 60.0, 1.0), (notes[0].Onset, notes[0].Duration, notes[0].Midi, notes[0].Velocity));
        Assert.Equal((1.0, 1.0, 64.0, 0.0), (notes[1].Onset, notes[1].Duration, notes[1].Midi, notes[1].Velocity));
        Assert.All(notes, n => Assert.Equal(Instrument.Piano, n.Instrument));
    }

    [Fact]
    public void WithoutATempoEventABeatLastsHalfASecond()
    {
        using var dir = new TempDir();
        var notes = MidiFileNotes.Read(Write(dir.Combine("plain.mid"), [Note(480, 67, 240)]), Instrument.Piano);
        Assert.Equal((0.5, 0.25), (notes[0].Onset, notes[0].Duration));
    }

    [Fact]
    public void TheDrumChannelIsLeftOut()
    {
        using var dir = new TempDir();
        var path = Write(dir.Combine("drums.mid"), [Note(0, 36, 480, channel: MidiFileNotes.DrumChannel), Note(0, 62, 480, channel: 2)], (0, 500_000));
        var notes = MidiFileNotes.Read(path, Instrument.Piano);
        Assert.Equal([62.0], notes.Select(n => n.Midi));
    }

    [Fact]
    public void TheSustainPedalHoldsAReleasedKeyUntilItLiftsOrTheKeyIsStruckAgain()
    {
        using var dir = new TempDir();
        var path = Write(
            dir.Combine("pedal.mid"),
            [
                Pedal(0, down: true),
                Note(0, 60, 120), // released at 0.125 s under the pedal: rings to the lift at 1 s
                Note(0, 64, 120), // struck again at 0.5 s: rings to there
                Note(480, 64, 120),
                Pedal(960, down: false),
                Note(960, 67, 240), // pedal up: ends where it is released
            ],
            (0, 500_000)
        );
        var notes = MidiFileNotes.Read(path, Instrument.Piano);
        double Duration(int key, double onset) => notes.Single(n => n.Midi == key && n.Onset == onset).Duration;
        Assert.Equal(1.0, Duration(60, 0), 12);
        Assert.Equal(0.5, Duration(64, 0), 12);
        Assert.Equal(0.5, Duration(64, 0.5), 12);
        Assert.Equal(0.25, Duration(67, 1.0), 12);
    }

    [Fact]
    public void AFileThatIsNotMidiIsNamed()
    {
        using var dir = new TempDir();
        var path = dir.File("broken.mid", "RIFF this is no MIDI file");
        var e = Assert.Throws<InvalidDataException>(() => MidiFileNotes.Read(path, Instrument.Piano));
        Assert.Contains(path, e.Message);
    }
}
