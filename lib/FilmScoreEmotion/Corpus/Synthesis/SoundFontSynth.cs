using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// The corpus's SoundFonts loaded once into a FluidSynth instance, rendering note events to stereo. Built once per
/// worker and reused for every excerpt that worker renders. Each excerpt plays on a new synthesiser that borrows the
/// loaded SoundFonts: a reused one is not reset by `fluid_synth_system_reset` (measured: the same excerpt rendered
/// again differed from frame 65 on, by up to 4e-4, even after 200 silent blocks), and an excerpt's audio must not
/// depend on which worker rendered it or what came before (a test renders one excerpt on a fresh and on a used
/// instance). FluidSynth's own reverb and chorus are off: the room is part of the recording conditions.
/// </summary>
public sealed class SoundFontSynth : IDisposable
{
    const int Block = 64;
    IntPtr _settings;
    IntPtr _synth;
    readonly ImmutableArray<int> _fontIds;

    public int SampleRate { get; }

    public SoundFontSynth(int sampleRate, IReadOnlyList<string> soundFontPaths)
    {
        SampleRate = sampleRate;
        try
        {
            // The library never prints: FluidSynth's log goes nowhere, failures come back as return codes.
            for (var level = 0; level <= 4; level++)
                FluidSynthNative.SetLogFunction(level, IntPtr.Zero, IntPtr.Zero);
            _settings = FluidSynthNative.NewSettings();
        }
        catch (DllNotFoundException)
        {
            throw new SoundFontUnavailableException(
                $"FluidSynth (libfluidsynth.so.3) is not installed: {SoundFonts.InstallLine}"
            );
        }
        FluidSynthNative.SetNum(_settings, "synth.sample-rate", sampleRate);
        FluidSynthNative.SetInt(_settings, "synth.reverb.active", 0);
        FluidSynthNative.SetInt(_settings, "synth.chorus.active", 0);
        FluidSynthNative.SetInt(_settings, "synth.polyphony", 512);
        FluidSynthNative.SetInt(_settings, "synth.midi-channels", 32);
        FluidSynthNative.SetInt(_settings, "synth.threadsafe-api", 0);
        _synth = FluidSynthNative.NewSynth(_settings);
        if (_synth == IntPtr.Zero)
        {
            Dispose();
            throw new SoundFontUnavailableException("FluidSynth could not create a synthesiser");
        }
        var ids = ImmutableArray.CreateBuilder<int>();
        foreach (var path in soundFontPaths)
        {
            var id = FluidSynthNative.SoundFontLoad(_synth, path, 0);
            if (id == FluidSynthNative.Failed)
            {
                Dispose();
                throw new SoundFontUnavailableException($"{path}: FluidSynth could not load this SoundFont");
            }
            ids.Add(id);
        }
        _fontIds = ids.ToImmutable();
    }

    public static string Version()
    {
        try
        {
            return "FluidSynth " + Marshal.PtrToStringUTF8(FluidSynthNative.VersionString());
        }
        catch (DllNotFoundException)
        {
            return "FluidSynth not installed";
        }
    }

    enum Kind
    {
        Off,
        On,
    }

    readonly record struct Event(long Sample, Kind Kind, int Channel, int Key, int Velocity);

    /// <summary>Renders <paramref name="notes"/> with SoundFont number <paramref name="font"/>. // (frames * 2) interleaved left, right</summary>
    public float[] Render(IReadOnlyList<NoteEvent> notes, int font, double durationSec)
    {
        ObjectDisposedException.ThrowIf(_synth == IntPtr.Zero, this);
        var synth = FluidSynthNative.NewSynth(_settings);
        if (synth == IntPtr.Zero)
            throw new SoundFontUnavailableException("FluidSynth could not create a synthesiser");
        var borrowed = _fontIds.Select(id => FluidSynthNative.SoundFontById(_synth, id)).ToArray();
        try
        {
            var ids = borrowed.Select(font => FluidSynthNative.AddSoundFont(synth, font)).ToArray();
            return Play(synth, ids[font], notes, (int)Math.Round(durationSec * SampleRate));
        }
        finally
        {
            // Handed back before the borrower goes: deleting a synthesiser deletes the SoundFonts on its stack.
            foreach (var loaded in borrowed)
                FluidSynthNative.RemoveSoundFont(synth, loaded);
            FluidSynthNative.DeleteSynth(synth);
        }
    }

    float[] Play(IntPtr synth, int fontId, IReadOnlyList<NoteEvent> notes, int frames)
    {
        var channels = new Dictionary<GmVoice, int>();
        var events = new List<Event>();
        foreach (var note in notes)
        {
            var voice = GeneralMidi.Voice(note.Instrument, note.Midi, note.TremoloHz);
            if (!channels.TryGetValue(voice, out var channel))
            {
                // Channel 9 is General MIDI's drum kit; the programs of one excerpt never run out of the other 31.
                channel = channels.Count >= 9 ? channels.Count + 1 : channels.Count;
                channels[voice] = channel;
                FluidSynthNative.ProgramSelect(synth, channel, fontId, 0, voice.Program);
                FluidSynthNative.ControlChange(synth, channel, 10, voice.Pan);
            }
            var key = Math.Clamp((int)Math.Round(note.Midi), 0, 127);
            var velocity = Math.Clamp((int)Math.Round(1 + 126 * note.Velocity), 1, 127);
            var onset = (long)Math.Round(note.Onset * SampleRate);
            var length = Math.Max(1L, (long)Math.Round(note.Duration * SampleRate));
            if (note.TremoloHz > 0 && GeneralMidi.RollsByRestriking(note.Instrument))
            {
                var stroke = Math.Max(1L, (long)Math.Round(SampleRate / note.TremoloHz));
                for (var t = 0L; t < length; t += stroke)
                {
                    events.Add(new Event(onset + t, Kind.On, channel, key, Math.Max(1, velocity * (t == 0 ? 10 : 8) / 10)));
                    events.Add(new Event(onset + Math.Min(length, t + stroke), Kind.Off, channel, key, 0));
                }
            }
            else
            {
                events.Add(new Event(onset, Kind.On, channel, key, velocity));
                events.Add(new Event(onset + length, Kind.Off, channel, key, 0));
            }
        }
        // Note-offs first at equal times, so a repeated note is released before it is struck again.
        var ordered = events.OrderBy(e => e.Sample).ThenBy(e => e.Kind).ThenBy(e => e.Channel).ThenBy(e => e.Key).ToList();
        var output = new float[2 * frames];
        var next = 0;
        for (var start = 0; start < frames; start += Block)
        {
            while (next < ordered.Count && ordered[next].Sample <= start)
            {
                var e = ordered[next++];
                if (e.Kind == Kind.On)
                    FluidSynthNative.NoteOn(synth, e.Channel, e.Key, e.Velocity);
                else
                    FluidSynthNative.NoteOff(synth, e.Channel, e.Key);
            }
            var count = Math.Min(Block, frames - start);
            unsafe
            {
                fixed (float* buffer = &output[2 * start])
                    FluidSynthNative.WriteFloat(synth, count, buffer, 0, 2, buffer, 1, 2);
            }
        }
        return output;
    }

    public void Dispose()
    {
        if (_synth != IntPtr.Zero)
            FluidSynthNative.DeleteSynth(_synth);
        if (_settings != IntPtr.Zero)
            FluidSynthNative.DeleteSettings(_settings);
        _synth = IntPtr.Zero;
        _settings = IntPtr.Zero;
    }
}

/// <summary>FluidSynth or a SoundFont is missing or unreadable; the message names what and how to install it.</summary>
public sealed class SoundFontUnavailableException(string message) : Exception(message);
