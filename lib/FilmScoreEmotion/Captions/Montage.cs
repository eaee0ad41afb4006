using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Corpus;

namespace FilmScoreEmotion.Captions;

/// <summary>One excerpt's place in a montage: the stretch of the soundtrack where its emotion is the truth.</summary>
public sealed record MontagePart(string ExcerptId, string Emotion, double Start, double End);

/// <summary>A long "soundtrack" of known emotions, made by joining corpus excerpts end to end, to measure how well
/// the captions follow the music.</summary>
public static class Montage
{
    /// <summary>Joins <paramref name="count"/> excerpts picked with <paramref name="seed"/> (runs of one emotion, as
    /// film scenes have) and writes them as a 16 kHz WAV; returns the truth timeline.</summary>
    public static IReadOnlyList<MontagePart> Write(string manifestPath, string wavPath, int count, int seed, int sampleRate = 16000)
    {
        var manifest = Manifest.Read(manifestPath);
        var random = new Random(seed);
        var byEmotion = manifest.Entries.GroupBy(e => e.Emotion).ToDictionary(g => g.Key, g => g.OrderBy(_ => random.Next()).ToList());
        var emotions = byEmotion.Keys.Order().ToList();
        var picked = new List<ManifestEntry>();
        while (picked.Count < count)
        {
            var emotion = emotions[random.Next(emotions.Count)];
            var pool = byEmotion[emotion];
            foreach (var entry in Enumerable.Range(0, 1 + random.Next(2)).Select(i => pool[(picked.Count + i) % pool.Count]))
                if (picked.Count < count)
                    picked.Add(entry);
        }
        var parts = new List<MontagePart>();
        var signal = new List<float>();
        foreach (var entry in picked)
        {
            var samples = Decoder.Decode(Manifest.ResolvePath(manifestPath, entry), sampleRate);
            var start = signal.Count / (double)sampleRate;
            signal.AddRange(samples);
            parts.Add(new MontagePart(entry.ExcerptId, entry.Emotion.ToName(), start, signal.Count / (double)sampleRate));
        }
        WavWriter.WritePcm16(wavPath, signal.ToArray(), sampleRate);
        return parts;
    }

    public sealed record Agreement(double CaptionedShare, double CorrectShareOfCaptioned, double CorrectShareOfAll, int Cues);

    /// <summary>Per second of the montage: how much of it carries a caption, and how much of that names the true
    /// emotion.</summary>
    public static Agreement Compare(IReadOnlyList<MontagePart> truth, IReadOnlyList<Cue> cues, double stepSeconds = 0.1)
    {
        var end = truth[^1].End;
        int total = 0, captioned = 0, correct = 0;
        for (double t = stepSeconds / 2; t < end; t += stepSeconds)
        {
            total++;
            var cue = cues.FirstOrDefault(c => c.Start <= t && t < c.End);
            if (cue is null)
                continue;
            captioned++;
            if (truth.First(p => t < p.End).Emotion == cue.Emotion)
                correct++;
        }
        return new Agreement(captioned / (double)total, captioned == 0 ? 0 : correct / (double)captioned, correct / (double)total, cues.Count);
    }
}
