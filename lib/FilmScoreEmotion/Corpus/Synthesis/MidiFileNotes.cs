using System.Collections.Immutable;
using NAudio.Midi;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// A Standard MIDI File read into the synthesiser's note events, every non-drum channel given to one instrument, so
/// that human-composed pieces can be played by the same SoundFont voices as the corpus. Times follow the file's tempo
/// map. The sustain pedal (controller 64) is played as a pianist's would sound: a key released while the pedal is
/// down rings on until the pedal lifts or the key is struck again, because the synthesiser is given notes, not pedals.
/// </summary>
public static class MidiFileNotes
{
    /// <summary>General MIDI's percussion channel (1-based, as NAudio numbers channels): its keys name drums.</summary>
    public const int DrumChannel = 10;

    const int Sustain = 64;

    sealed record Pressed(long OnTick, int Key, int Velocity, int Channel, long OffTick);

    /// <summary>The notes of <paramref name="path"/>, ordered by onset. A file that is not a readable MIDI file is
    /// an <see cref="InvalidDataException"/> naming it.</summary>
    public static ImmutableArray<NoteEvent> Read(string path, Instrument instrument)
    {
        MidiFile file;
        try
        {
            file = new MidiFile(path, strictChecking: false);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or InvalidDataException or ArgumentException or IOException)
        {
            throw new InvalidDataException($"{path}: not a readable MIDI file ({e.Message})", e);
        }
        if (file.DeltaTicksPerQuarterNote <= 0)
            throw new InvalidDataException($"{path}: the MIDI file counts time in SMPTE frames, which is not supported");
        var events = Enumerable.Range(0, file.Tracks).SelectMany(t => file.Events[t]).OrderBy(e => e.AbsoluteTime).ToList();
        var seconds = TempoMap(events.OfType<TempoEvent>(), file.DeltaTicksPerQuarterNote);
        var notes = Pair(events.Where(e => e.Channel != DrumChannel));
        var pedals = events.OfType<ControlChangeEvent>().Where(e => (int)e.Controller == Sustain).ToLookup(e => e.Channel);
        var strikes = notes.ToLookup(n => (n.Channel, n.Key), n => n.OnTick);
        var lastRelease = notes.Count == 0 ? 0 : notes.Max(n => n.OffTick);
        return [
            .. notes
                .Select(n => n with { OffTick = Sustained(n, pedals[n.Channel], strikes[(n.Channel, n.Key)], lastRelease) })
                .Select(n => new NoteEvent(seconds(n.OnTick), Math.Max(1e-3, seconds(n.OffTick) - seconds(n.OnTick)), n.Key, (n.Velocity - 1) / 126.0, instrument))
                .OrderBy(n => n.Onset)
                .ThenBy(n => n.Midi),
        ];
    }

    /// <summary>Ticks to seconds through the tempo changes (120 beats a minute until the first).</summary>
    static Func<long, double> TempoMap(IEnumerable<TempoEvent> tempos, int ticksPerQuarter)
    {
        var changes = new List<(long Tick, double Seconds, double SecondsPerTick)> { (0, 0, 0.5 / ticksPerQuarter) };
        foreach (var t in tempos.OrderBy(t => t.AbsoluteTime))
        {
            var (tick, at, rate) = changes[^1];
            changes.Add((t.AbsoluteTime, at + (t.AbsoluteTime - tick) * rate, t.MicrosecondsPerQuarterNote / 1e6 / ticksPerQuarter));
        }
        return tick =>
        {
            var (from, at, rate) = changes.Last(c => c.Tick <= tick);
            return at + (tick - from) * rate;
        };
    }

    /// <summary>Each note-on matched with the next release of its key on its channel; a key struck again before
    /// it was released ends there, and a key never released ends at the file's last event.</summary>
    static List<Pressed> Pair(IEnumerable<MidiEvent> events)
    {
        var sounding = new Dictionary<(int Channel, int Key), (long Tick, int Velocity)>();
        var notes = new List<Pressed>();
        long last = 0;
        foreach (var e in events)
        {
            last = Math.Max(last, e.AbsoluteTime);
            if (e is not NAudio.Midi.NoteEvent note || (e.CommandCode != MidiCommandCode.NoteOn && e.CommandCode != MidiCommandCode.NoteOff))
                continue;
            var id = (e.Channel, note.NoteNumber);
            if (sounding.Remove(id, out var on))
                notes.Add(new Pressed(on.Tick, note.NoteNumber, on.Velocity, e.Channel, e.AbsoluteTime));
            if (MidiEvent.IsNoteOn(e))
                sounding[id] = (e.AbsoluteTime, note.Velocity);
        }
        notes.AddRange(sounding.Select(s => new Pressed(s.Value.Tick, s.Key.Key, s.Value.Velocity, s.Key.Channel, last)));
        return notes;
    }

    /// <summary>Where a note stops sounding once the pedal is taken into account: <paramref name="strikes"/> are the
    /// onsets of its key on its channel, <paramref name="lastRelease"/> the file's last release.</summary>
    static long Sustained(Pressed note, IEnumerable<ControlChangeEvent> pedal, IEnumerable<long> strikes, long lastRelease)
    {
        var before = pedal.LastOrDefault(p => p.AbsoluteTime <= note.OffTick);
        if (before is null || before.ControllerValue < 64)
            return note.OffTick;
        var lifted = pedal.FirstOrDefault(p => p.AbsoluteTime > note.OffTick && p.ControllerValue < 64)?.AbsoluteTime ?? long.MaxValue;
        var struck = strikes.Where(t => t >= note.OffTick).DefaultIfEmpty(long.MaxValue).Min();
        var end = Math.Min(lifted, struck);
        return end == long.MaxValue ? lastRelease : end;
    }
}
