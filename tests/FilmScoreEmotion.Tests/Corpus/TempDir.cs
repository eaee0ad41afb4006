namespace FilmScoreEmotion.Tests.Corpus;

/// <summary>A fresh folder under the system temp directory, deleted with the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } =
        System.IO.Path.Combine(
            System.IO.Path.GetTempPath(),
            "fse-corpus-" + Guid.NewGuid().ToString("N")
        );

    public TempDir() => Directory.CreateDirectory(Path);

    public string File(string relative, string text)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, text);
        return full;
    }

    /// <summary>A tiny real WAV of the given length (silence), so durations can be read back.</summary>
    public string Wav(string relative, double seconds, int sampleRate = 8000)
    {
        var full = Combine(relative);
        FilmScoreEmotion.Audio.WavWriter.WritePcm16(
            full,
            new float[(int)Math.Round(seconds * sampleRate)],
            sampleRate
        );
        return full;
    }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
