using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Audio;

/// <summary>The reference arrays in <c>&lt;repo root&gt;/../shared/fixtures</c>, which sit beside every checkout.</summary>
public static class SharedFixtures
{
    public static string Path(string relative) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(ReproduceScriptTests.RepoRoot(), "..", "shared", "fixtures", relative));

    /// <summary>A fresh folder under the system temp folder, deleted when disposed.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string FullName { get; } = Directory.CreateTempSubdirectory("fse-audio-").FullName;

        public string File(string name) => System.IO.Path.Combine(FullName, name);

        public void Dispose() => Directory.Delete(FullName, recursive: true);
    }
}
