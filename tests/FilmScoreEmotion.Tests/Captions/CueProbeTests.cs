using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Corpus.Synthesis;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Captions;

public class CueProbeTests
{
    static readonly CueProbe.Config Small = new() { PerEmotion = 2, Seconds = 4 };

    [Fact]
    public void BasesCoverEveryEmotionAlternatelyOnPianoAndOrchestraAndAreDrawnAlikeEachTime()
    {
        var bases = CueProbe.Bases(Small);
        Assert.Equal(8, bases.Length);
        Assert.All(EmotionNames.All, e => Assert.Equal(2, bases.Count(b => b.Emotion == e && b.Plan.Emotion == e)));
        Assert.Equal(4, bases.Count(b => b.Piano));
        Assert.Equal(bases.Select(b => b.Plan.Columns()), CueProbe.Bases(Small).Select(b => b.Plan.Columns()));
        Assert.NotEqual(bases.Select(b => b.Plan.Tempo), CueProbe.Bases(Small with { Seed = 7 }).Select(b => b.Plan.Tempo));
    }

    [Fact]
    public void EachLevelSetsItsOwnCueAndNothingElse()
    {
        var plan = CueProbe.Bases(Small)[1].Plan;
        foreach (var m in CueProbe.Manipulations)
        {
            var (low, high) = (m.Low.Apply(plan), m.High.Apply(plan));
            var changed = Differences(low, high);
            string[] expected = m.Cue switch
            {
                PrimaryCue.Mode => ["Mode"],
                PrimaryCue.Tempo => ["Tempo"],
                PrimaryCue.Register => ["TonicMidi", "MelodyCenterMidi", "BassMidi"],
                PrimaryCue.Dynamics => ["Dynamics"],
                PrimaryCue.Articulation => ["Articulation"],
                PrimaryCue.Timbre => ["Melody"],
                _ => throw new ArgumentOutOfRangeException(nameof(m), m.Cue, "no fields named for this cue"),
            };
            Assert.Equal(expected.Order(), changed.Order());
            Assert.Empty(Differences(plan, low).Except([.. expected, "Crescendo"]));
        }
    }

    static IEnumerable<string> Differences(ExcerptPlan a, ExcerptPlan b) =>
        typeof(ExcerptPlan).GetProperties().Where(p => p.Name != "Progression" && !Equals(p.GetValue(a), p.GetValue(b))).Select(p => p.Name);

    [Fact]
    public void RegisterLevelsAreAnOctaveApartAroundTheComposition()
    {
        var plan = CueProbe.Bases(Small)[0].Plan;
        var m = CueProbe.Manipulations.Single(x => x.Cue == PrimaryCue.Register);
        Assert.Equal(plan.TonicMidi - 6, m.Low.Apply(plan).TonicMidi);
        Assert.Equal(plan.MelodyCenterMidi + 6, m.High.Apply(plan).MelodyCenterMidi);
        Assert.Equal(12, m.High.Apply(plan).BassMidi - m.Low.Apply(plan).BassMidi);
    }

    static double SharedOnsets(CueProbe.Config config, CueProbe.Base b, CueProbe.Manipulation m)
    {
        var (low, high) = (Onsets(CueProbe.Notes(config, b, m.Low)), Onsets(CueProbe.Notes(config, b, m.High)));
        return low.Intersect(high).Count() / (double)Math.Max(low.Count, high.Count);
        static HashSet<double> Onsets(IEnumerable<NoteEvent> notes) => [.. notes.Select(n => Math.Round(n.Onset, 9))];
    }

    [Fact]
    public void TheTwoTakesOfACueShareTheCompositionsNotes()
    {
        var bases = CueProbe.Bases(Small);
        foreach (var m in CueProbe.Manipulations.Where(m => m.Cue is not (PrimaryCue.Mode or PrimaryCue.Tempo)))
            Assert.All(bases, b => Assert.Equal(1.0, SharedOnsets(Small, b, m)));
        // A few of the composer's draws depend on the pitches, so in minor and major most notes, not all, fall alike.
        var mode = CueProbe.Manipulations.Single(x => x.Cue == PrimaryCue.Mode);
        Assert.InRange(bases.Average(b => SharedOnsets(Small, b, mode)), 0.9, 1.0);
        Assert.Contains(bases, b => !CueProbe.Notes(Small, b, mode.Low).Select(n => n.Midi).SequenceEqual(CueProbe.Notes(Small, b, mode.High).Select(n => n.Midi)));
        Assert.All(bases, b => Assert.Equal(CueProbe.Notes(Small, b, mode.Low).AsEnumerable(), CueProbe.Notes(Small, b, mode.Low).AsEnumerable()));
    }

    [Fact]
    public void EveryCueHasADirectionForEveryEmotionWithItsSource()
    {
        foreach (var cue in Enum.GetValues<PrimaryCue>())
            foreach (var emotion in EmotionNames.All)
            {
                var row = Assert.Single(CueProbe.Expected, x => x.Cue == cue && x.Emotion == emotion);
                Assert.InRange(row.Direction, -1, 1);
                Assert.False(string.IsNullOrWhiteSpace(row.Source));
            }
        Assert.Equal(Enum.GetValues<PrimaryCue>(), CueProbe.Manipulations.Select(m => m.Cue));
    }

    [Theory]
    [InlineData(0.10, 0.02, 1, CueProbe.Verdict.AsListeners)]
    [InlineData(-0.10, 0.02, 1, CueProbe.Verdict.Against)]
    [InlineData(0.03, 0.02, 1, CueProbe.Verdict.NoEffect)]
    [InlineData(-0.03, 0.02, -1, CueProbe.Verdict.NoEffect)]
    [InlineData(-0.10, 0.02, -1, CueProbe.Verdict.AsListeners)]
    [InlineData(0.5, 0.01, 0, CueProbe.Verdict.Open)]
    [InlineData(0.5, double.NaN, 1, CueProbe.Verdict.NoEffect)]
    public void AChangeCountsBeyondTwoStandardErrors(double change, double se, int expected, CueProbe.Verdict verdict) =>
        Assert.Equal(verdict, CueProbe.Judge(change, se, expected));

    [Fact]
    public void EffectsAreMeanChangesWithTheirStandardErrorsInTheModelsClassOrder()
    {
        string[] classes = ["happiness", "sadness", "fear", "peacefulness"];
        var bases = CueProbe.Bases(Small);
        // Mode moves happiness by +0.2, +0.4, +0.3 and sadness by the opposite; no other cue is heard.
        var pairs = new[] { 0.2, 0.4, 0.3 }
            .Select((d, i) => new CueProbe.Pair(bases[i], PrimaryCue.Mode, [0.25, 0.25, 0.25, 0.25], [0.25 + d, 0.25 - d, 0.25, 0.25]))
            .Append(new CueProbe.Pair(bases[0], PrimaryCue.Tempo, [0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]))
            .ToList();
        var effects = CueProbe.Effects(pairs, classes);
        Assert.Equal(24, effects.Length);
        var happy = effects.Single(e => e.Cue == PrimaryCue.Mode && e.Emotion == Emotion.Happiness);
        Assert.Equal(0.3, happy.Change, 12);
        Assert.Equal(0.1 / Math.Sqrt(3), happy.StandardError, 12);
        Assert.Equal(3, happy.Bases);
        Assert.Equal(CueProbe.Verdict.AsListeners, happy.Verdict);
        Assert.Equal(-0.3, effects.Single(e => e.Cue == PrimaryCue.Mode && e.Emotion == Emotion.Sadness).Change, 12);
        Assert.Equal(CueProbe.Verdict.NoEffect, effects.Single(e => e.Cue == PrimaryCue.Mode && e.Emotion == Emotion.Fear).Verdict);
        Assert.Equal(CueProbe.Verdict.Open, effects.Single(e => e.Cue == PrimaryCue.Register && e.Emotion == Emotion.Fear).Verdict);
        Assert.Equal(0, effects.Single(e => e.Cue == PrimaryCue.Register && e.Emotion == Emotion.Happiness).Bases);
        // A model whose classes come in another order is read by name.
        var reordered = CueProbe.Effects([.. pairs.Select(p => p with { Low = [p.Low[3], p.Low[2], p.Low[1], p.Low[0]], High = [p.High[3], p.High[2], p.High[1], p.High[0]] })], [.. classes.Reverse()]);
        Assert.Equal(effects.Select(e => Math.Round(e.Change, 12)), reordered.Select(e => Math.Round(e.Change, 12)));
        var ranking = CueProbe.Ranking(effects);
        Assert.Equal(PrimaryCue.Mode, ranking[0].Cue);
        Assert.Equal(0.15, ranking[0].MeanAbsoluteChange, 12);
    }

    [Fact]
    public void MeanProbabilitiesLeaveSilentWindowsOut()
    {
        var timeline = new CaptionTimeline(new double[,] { { 0.7, 0.1, 0.1, 0.1 }, { 0.25, 0.25, 0.25, 0.25 }, { 0.1, 0.5, 0.3, 0.1 } }, ["happiness", "sadness", "fear", "peacefulness"], 4, [false, true, false], [], []);
        Assert.Equal([0.4, 0.3, 0.2, 0.1], CueProbe.MeanProbabilities(timeline).Select(p => Math.Round(p, 12)));
    }

    [SkippableFact]
    public void ATakeIsTheSameBytesEachTimeAndTheTwoLevelsDiffer()
    {
        SystemTools.Require(SystemTools.FluidSynth);
        var config = Small with { PerEmotion = 1 };
        var b = CueProbe.Bases(config).Single(x => x.Emotion == Emotion.Sadness);
        var m = CueProbe.Manipulations.Single(x => x.Cue == PrimaryCue.Mode);
        using var synth = new SoundFontSynth(config.SampleRate, [.. SoundFonts.All.Select(f => f.Path)]);
        var low = WavWriter.EncodePcm16(CueProbe.Render(config, b, m.Low, synth), config.SampleRate);
        Assert.Equal(low, WavWriter.EncodePcm16(CueProbe.Render(config, b, m.Low, synth), config.SampleRate));
        Assert.NotEqual(low, WavWriter.EncodePcm16(CueProbe.Render(config, b, m.High, synth), config.SampleRate));
        Assert.Equal((int)(config.Seconds * config.SampleRate), CueProbe.Render(config, b, m.High, synth).Length);
    }
}
