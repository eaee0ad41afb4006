namespace FilmScoreEmotion.Tests.Audio;

/// <summary>The reference files in tests/fixtures.</summary>
public static class SharedFixtures
{
    public static string Path(string relative) =>
        System.IO.Path.Combine(Fixtures.Root, relative);

    /// <summary>A fresh folder under the system temp folder, deleted when disposed.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string FullName { get; } = Directory.CreateTempSubdirectory("fse-audio-").FullName;

        public string File(string name) => System.IO.Path.Combine(FullName, name);

        public void Dispose() => Directory.Delete(FullName, recursive: true);
    }
}
