using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>Turns a plan into note events: harmony per bar, a melody with contour and rhythm, accompaniment, bass, percussion.</summary>
public static class Composer
{
    public static ImmutableArray<NoteEvent> Compose(ExcerptPlan plan, Rng rng)
    {
        var notes = ImmutableArray.CreateBuilder<NoteEvent>();
        var spb = 60.0 / plan.Tempo;
        var barBeats = plan.BeatsPerBar;
        var bars = (int)Math.Ceiling(plan.DurationSec / (barBeats * spb)) + 1;
        var totalBeats = bars * barBeats;
        // Rubato as a smooth, monotonic time warp: seconds(b) = spb (b + A sin(2 pi b / P + phi)), A < P / (2 pi).
        var period = rng.Uniform(6, 14);
        var phase = rng.Uniform(0, 2 * Math.PI);
        var amp = plan.Rubato * period / (2 * Math.PI);
        double Sec(double beat) =>
            spb * (beat + amp * Math.Sin(2 * Math.PI * beat / period + phase));
        double Jitter(double scale) => Math.Clamp(rng.Normal(), -2.5, 2.5) * scale;
        double Shape(double t) =>
            Math.Clamp(1 + plan.Crescendo * (t / plan.DurationSec - 0.5), 0.35, 1.5);

        void Add(
            double beat,
            double beats,
            double midi,
            double velocity,
            Instrument instrument,
            double tremoloHz = 0
        )
        {
            var timing = 0.006 + plan.Irregularity * 0.12 * spb;
            var onset = Math.Max(0, Sec(beat) + Jitter(timing));
            if (onset >= plan.DurationSec)
                return;
            var duration = Math.Max(0.04, Sec(beat + beats) - Sec(beat));
            var v = Math.Clamp(velocity * Shape(onset) * (1 + Jitter(0.06)), 0.03, 1.0);
            notes.Add(new NoteEvent(onset, duration, midi, v, instrument, tremoloHz));
        }

        var chords = Enumerable.Range(0, bars).Select(bar => Chord(plan, bar, rng)).ToList();
        Melody(plan, rng, chords, barBeats, Add);
        AccompanimentPart(plan, rng, chords, barBeats, spb, Add);
        BassPart(plan, rng, chords, barBeats, Add);
        if (plan.Percussion)
            PercussionPart(plan, rng, totalBeats, barBeats, Add);
        Accents(plan, rng, chords, totalBeats, barBeats, Add);
        return notes.OrderBy(n => n.Onset).ThenBy(n => n.Midi).ToImmutableArray();
    }

    delegate void Emit(
        double beat,
        double beats,
        double midi,
        double velocity,
        Instrument instrument,
        double tremoloHz = 0
    );

    static ImmutableArray<int> Chord(ExcerptPlan plan, int bar, Rng rng)
    {
        var root = plan.Progression[bar % plan.Progression.Length];
        var size = rng.Chance(plan.Emotion is Emotion.Sadness or Emotion.Peacefulness ? 0.35 : 0.15)
            ? 4
            : 3;
        var chord = MusicTheory.Tertian(plan.TonicMidi, plan.Mode, root, size).ToList();
        if (rng.Chance(plan.Dissonance))
        {
            // Clusters and tritones: the dissonance listeners hear as threat.
            var anchor = chord[rng.Int(0, chord.Count)];
            chord.Add(anchor + rng.Pick<int>([1, -1, 6, 11]));
        }
        if (plan.Emotion == Emotion.Fear && rng.Chance(plan.Dissonance * 0.5))
            chord = chord.Select(p => p + rng.Pick<int>([1, -1, 6])).ToList();
        return [.. chord.Distinct().Order()];
    }

    static int NearOctave(int pitch, int center)
    {
        while (pitch < center - 6)
            pitch += 12;
        while (pitch >= center + 6)
            pitch -= 12;
        return pitch;
    }

    static ImmutableArray<int> Voice(ImmutableArray<int> chord, int center) =>
        [.. chord.Select(p => NearOctave(p, center)).Distinct().Order()];

    static IReadOnlyList<double> Rhythm(ExcerptPlan plan, Rng rng)
    {
        double[][] options = plan.Emotion switch
        {
            Emotion.Happiness =>
            [
                [1],
                [0.5, 0.5],
                [0.75, 0.25],
                [0.5, 0.25, 0.25],
                [0.25, 0.25, 0.25, 0.25],
                [1.5, 0.5],
                [0.5, 1, 0.5],
            ],
            Emotion.Sadness =>
            [
                [2],
                [1],
                [1.5, 0.5],
                [3],
                [1, 1],
                [4],
                [0.5, 1.5],
            ],
            Emotion.Peacefulness =>
            [
                [1],
                [2],
                [1.5, 0.5],
                [3],
                [0.5, 0.5],
                [1, 2],
            ],
            _ => plan.Irregularity > 0.25
                ?
                [
                    [rng.Uniform(0.3, 2.5)],
                    [0.25, rng.Uniform(0.5, 3)],
                    [rng.Uniform(1, 4)],
                    [0.33, 0.33, 0.34],
                ]
                :
                [
                    [1],
                    [0.5, 0.5],
                    [2],
                    [1, 1],
                ],
        };
        return rng.Pick(options);
    }

    static void Melody(
        ExcerptPlan plan,
        Rng rng,
        List<ImmutableArray<int>> chords,
        int barBeats,
        Emit add
    )
    {
        if (plan.Melody is not { } instrument)
            return;
        var chromatic = plan.Emotion == Emotion.Fear && plan.Dissonance > 0.3;
        var bias = plan.Emotion switch
        {
            Emotion.Happiness => 0.15,
            Emotion.Sadness => -0.2,
            _ => 0.0,
        };
        var pitch = NearOctave(plan.TonicMidi + rng.Pick<int>([0, 4, 7]), plan.MelodyCenterMidi);
        var restChance = plan.Emotion == Emotion.Fear ? 0.25 : 0.08;
        var totalBeats = chords.Count * barBeats;
        var beat = 0.0;
        while (beat < totalBeats)
        {
            foreach (var length in Rhythm(plan, rng))
            {
                var bar = Math.Min(chords.Count - 1, (int)(beat / barBeats));
                var downbeat = Math.Abs(beat - bar * barBeats) < 1e-6;
                if (chromatic)
                    pitch += rng.Pick<int>([
                        (1, 0.3),
                        (-1, 0.35),
                        (0, 0.15),
                        (6, 0.05),
                        (-6, 0.05),
                        (2, 0.05),
                        (-2, 0.05),
                    ]);
                else
                {
                    var step = rng.Pick<int>(
                        plan.Emotion == Emotion.Happiness
                            ? [(1, 0.4), (2, 0.25), (3, 0.15), (4, 0.1), (0, 0.1)]
                            : [(1, 0.6), (2, 0.2), (0, 0.15), (3, 0.05)]
                    );
                    var up = rng.Chance(0.5 + bias + (plan.MelodyCenterMidi - pitch) * 0.04);
                    var degree = MusicTheory.DegreeAtOrBelow(plan.TonicMidi, plan.Mode, pitch);
                    pitch = MusicTheory.Degree(
                        plan.TonicMidi,
                        plan.Mode,
                        degree + (up ? step : -step)
                    );
                    if (downbeat && rng.Chance(0.6))
                        pitch = chords[bar]
                            .Select(p => NearOctave(p, pitch))
                            .MinBy(p => Math.Abs(p - pitch));
                }
                pitch = Math.Clamp(pitch, plan.MelodyCenterMidi - 10, plan.MelodyCenterMidi + 10);
                if (!rng.Chance(restChance))
                {
                    var accent = downbeat && plan.Emotion == Emotion.Happiness ? 1.12 : 1.0;
                    add(
                        beat,
                        length * plan.Articulation,
                        pitch,
                        plan.Dynamics * accent,
                        instrument
                    );
                }
                beat += length;
            }
        }
    }

    static void AccompanimentPart(
        ExcerptPlan plan,
        Rng rng,
        List<ImmutableArray<int>> chords,
        int barBeats,
        double spb,
        Emit add
    )
    {
        var instrument = plan.AccompanimentInstrument;
        var center = plan.Melody is null ? plan.MelodyCenterMidi - 5 : plan.MelodyCenterMidi - 12;
        var level = plan.Dynamics * 0.7;
        var ringing = instrument is Instrument.Piano or Instrument.Harp ? 1.6 : 1.0;
        for (var bar = 0; bar < chords.Count; bar++)
        {
            var start = bar * barBeats;
            var chord = Voice(chords[bar], center);
            switch (plan.Accompaniment)
            {
                case Accompaniment.BlockChords:
                {
                    var every = plan.Emotion == Emotion.Happiness ? 1 : rng.Pick<int>([1, 2]);
                    for (var b = 0; b < barBeats; b += every)
                        foreach (var p in chord)
                            add(
                                start + b,
                                every * plan.Articulation,
                                p,
                                level * (b == 0 ? 1.1 : 0.9),
                                instrument
                            );
                    break;
                }
                case Accompaniment.Arpeggio:
                {
                    var perBeat =
                        plan.Tempo < 80 ? rng.Pick<int>([2, 3, 4])
                        : plan.Tempo < 130 ? rng.Pick<int>([2, 4])
                        : 2;
                    var tones = chord.Concat(chord.Select(p => p + 12)).ToList();
                    if (rng.Chance(0.5))
                        tones = tones
                            .Concat(Enumerable.Reverse(tones).Skip(1).Take(tones.Count - 2))
                            .ToList();
                    var n = barBeats * perBeat;
                    for (var i = 0; i < n; i++)
                        add(
                            start + i / (double)perBeat,
                            ringing * 1.5 / perBeat,
                            tones[i % tones.Count],
                            level * (i == 0 ? 1.0 : 0.8),
                            instrument
                        );
                    break;
                }
                case Accompaniment.Alberti:
                {
                    int[] order = [0, 2, 1, 2];
                    for (var i = 0; i < barBeats * 2; i++)
                        add(
                            start + i * 0.5,
                            0.5 * plan.Articulation * ringing,
                            chord[Math.Min(order[i % 4], chord.Length - 1)],
                            level * 0.85,
                            instrument
                        );
                    break;
                }
                case Accompaniment.OomPah:
                    for (var b = 0; b < barBeats; b++)
                    {
                        if (b % 2 == 0)
                            add(start + b, 0.5, chord[0] - 12, level, instrument);
                        else
                            foreach (var p in chord.Skip(1))
                                add(start + b, 0.4, p, level * 0.8, instrument);
                    }
                    break;
                case Accompaniment.Sustained:
                    foreach (var p in chord)
                        add(start, barBeats * 1.05, p, level * 0.8, instrument);
                    break;
                case Accompaniment.Tremolo:
                    if (instrument == Instrument.Piano)
                    {
                        // A pianist's tremolo: two chord tones alternating as fast as the hand goes.
                        var rate = Math.Max(plan.TremoloHz, 6) * spb;
                        var count = (int)(barBeats * rate);
                        for (var i = 0; i < count; i++)
                            add(
                                start + i / rate,
                                1.0 / rate,
                                chord[i % 2 == 0 ? 0 : chord.Length - 1],
                                level * 0.8,
                                instrument
                            );
                    }
                    else
                        foreach (var p in chord)
                            add(
                                start,
                                barBeats * 1.02,
                                p,
                                level * 0.85,
                                instrument,
                                plan.TremoloHz
                            );
                    break;
                case Accompaniment.Ostinato:
                {
                    var low = NearOctave(chords[bar][0], center - 12);
                    int[] figure =
                        plan.Emotion == Emotion.Fear
                            ? [0, 0, 1, 0, 0, 1, 0, 6]
                            : [0, 7, 12, 7, 0, 7, 12, 7];
                    for (var i = 0; i < barBeats * 2; i++)
                        add(
                            start + i * 0.5,
                            0.45 * plan.Articulation,
                            low + figure[i % figure.Length],
                            level * (i % 2 == 0 ? 1.0 : 0.8),
                            instrument
                        );
                    break;
                }
                case Accompaniment.Stabs:
                {
                    var b = rng.Uniform(0, 1.5);
                    while (b < barBeats)
                    {
                        var loud = rng.Chance(0.3);
                        foreach (var p in chord)
                            add(
                                start + b,
                                rng.Uniform(0.15, 0.6),
                                p,
                                loud ? 1.0 : level * rng.Uniform(0.5, 1.0),
                                instrument
                            );
                        b += rng.Uniform(0.5, 2.5);
                    }
                    break;
                }
            }
        }
    }

    static void BassPart(
        ExcerptPlan plan,
        Rng rng,
        List<ImmutableArray<int>> chords,
        int barBeats,
        Emit add
    )
    {
        if (plan.Bass is not { } instrument)
            return;
        var drone = plan.Emotion == Emotion.Fear && rng.Chance(0.5);
        for (var bar = 0; bar < chords.Count; bar++)
        {
            var root = NearOctave(drone ? plan.TonicMidi : chords[bar][0], plan.BassMidi);
            if (plan.Emotion == Emotion.Happiness && barBeats >= 4)
            {
                add(bar * barBeats, 1.5 * plan.Articulation, root, plan.Dynamics * 0.8, instrument);
                add(
                    bar * barBeats + 2,
                    1.5 * plan.Articulation,
                    root + 7,
                    plan.Dynamics * 0.7,
                    instrument
                );
            }
            else
                add(
                    bar * barBeats,
                    barBeats * (drone ? 1.05 : Math.Min(1.0, plan.Articulation)),
                    root,
                    plan.Dynamics * 0.75,
                    instrument
                );
        }
    }

    static void PercussionPart(ExcerptPlan plan, Rng rng, int totalBeats, int barBeats, Emit add)
    {
        var pitch = rng.Uniform(36, 45);
        for (var beat = 0; beat < totalBeats; beat++)
        {
            var bar = beat % barBeats == 0;
            var play = plan.Emotion switch
            {
                Emotion.Happiness => bar || rng.Chance(0.3),
                Emotion.Fear => rng.Chance(
                    plan.Irregularity > 0.25 ? 0.2
                    : bar ? 0.9
                    : 0.1
                ),
                _ => bar && rng.Chance(0.5),
            };
            if (play)
            {
                var roll = (plan.Emotion == Emotion.Fear || plan.Character == Character.Triumphant) && rng.Chance(0.25);
                add(
                    beat + (plan.Irregularity > 0.25 ? rng.Uniform(0, 0.7) : 0),
                    roll ? rng.Uniform(1, 3) : 0.8,
                    pitch,
                    plan.Dynamics * rng.Uniform(0.6, 1.0),
                    Instrument.Timpani,
                    roll ? rng.Uniform(10, 18) : 0
                );
            }
        }
    }

    /// <summary>Sudden loud low hits (sforzandi) whose surprise is one of the strongest cues of threat.</summary>
    static void Accents(
        ExcerptPlan plan,
        Rng rng,
        List<ImmutableArray<int>> chords,
        int totalBeats,
        int barBeats,
        Emit add
    )
    {
        for (var beat = 0; beat < totalBeats; beat++)
        {
            if (!rng.Chance(plan.AccentRate))
                continue;
            var chord = chords[Math.Min(chords.Count - 1, beat / barBeats)];
            var instrument = plan.Bass ?? plan.AccompanimentInstrument;
            var offset = rng.Uniform(0, 0.9);
            foreach (var p in Voice(chord, plan.BassMidi + 6).Take(3))
                add(beat + offset, rng.Uniform(0.2, 1.0), p, 1.0, instrument);
            if (plan.Percussion)
                add(beat + offset, 1.0, 38, 1.0, Instrument.Timpani);
        }
    }
}
