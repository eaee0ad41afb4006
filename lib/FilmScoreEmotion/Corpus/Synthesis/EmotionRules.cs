using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>Draws an excerpt's plan from the <see cref="Orchestration"/> table: one character of the emotion, then
/// every cue from that character's column.</summary>
public static class EmotionRules
{
    public static ExcerptPlan Draw(Emotion emotion, double durationSec, bool pianoOnly, Rng rng)
    {
        var character = rng.Pick<Character>(
            [.. Orchestration.Characters.Where(c => c.Emotion == emotion).Select(c => (c.Character, c.Weight))]
        );
        Instrument Play(Row<Weights<Instrument>> row)
        {
            var drawn = row[character].Draw(rng);
            return pianoOnly ? Instrument.Piano : drawn;
        }
        var mode = Orchestration.Mode[character].Draw(rng);
        var (outlierChance, outlierTempo) = Orchestration.TempoOutlier[character];
        var tempo = rng.Chance(outlierChance) ? outlierTempo.Draw(rng) : Orchestration.Tempo[character].Draw(rng);
        var harmony = MusicTheory.IsMinor(mode) && Orchestration.Harmony[character] != Harmony.FreeRoots
            ? Harmony.Minor
            : Orchestration.Harmony[character];
        var progression = harmony switch
        {
            Harmony.Major => rng.Pick(MusicTheory.MajorProgressions),
            Harmony.Gentle => rng.Pick(MusicTheory.GentleProgressions),
            Harmony.Minor => rng.Pick(MusicTheory.MinorProgressions),
            _ => Enumerable.Range(0, 4).Select(_ => rng.Int(0, MusicTheory.ScaleSteps(mode).Length)).ToImmutableArray(),
        };
        var texture = Orchestration.Texture[character].Draw(rng);
        var tremolo = texture == Accompaniment.Tremolo && !pianoOnly;
        if (texture == Accompaniment.Tremolo && pianoOnly)
            texture = Accompaniment.Sustained;
        int Midi(Row<Span> row) => (int)Math.Floor(row[character].Draw(rng));
        return new ExcerptPlan(
            Emotion: emotion,
            Character: character,
            DurationSec: durationSec,
            Mode: mode,
            TonicMidi: Midi(Orchestration.Tonic),
            Tempo: tempo,
            BeatsPerBar: Orchestration.Meter[character].Draw(rng),
            Progression: progression,
            Melody: rng.Chance(Orchestration.MelodyChance[character]) ? Play(Orchestration.MelodyInstrument) : null,
            MelodyCenterMidi: Midi(Orchestration.MelodyRegister),
            Accompaniment: texture,
            AccompanimentInstrument: tremolo ? Instrument.Strings : Play(Orchestration.AccompanimentInstrument),
            Bass: rng.Chance(Orchestration.BassChance[character]) ? Play(Orchestration.BassInstrument) : null,
            BassMidi: Midi(Orchestration.BassRegister),
            Percussion: !pianoOnly && rng.Chance(Orchestration.PercussionChance[character]),
            Dynamics: Orchestration.Dynamics[character].Draw(rng),
            Articulation: Orchestration.Articulation[character].Draw(rng),
            Irregularity: Orchestration.Irregularity[character].Draw(rng),
            AccentRate: Orchestration.AccentRate[character].Draw(rng),
            Dissonance: Orchestration.Dissonance[character].Draw(rng),
            TremoloHz: tremolo ? Orchestration.TremoloHz[character].Draw(rng) : 0,
            Rubato: Orchestration.Rubato[character].Draw(rng),
            Crescendo: Orchestration.Crescendo[character].Draw(rng),
            Brightness: Orchestration.Brightness[character].Draw(rng)
        );
    }
}
