using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Tests;

/// <summary>The reference arrays in tests/fixtures (tests/fixtures/README.md says how librosa, SciPy and scikit-learn
/// made them), read with the library's own <see cref="Npy"/> reader.</summary>
public static class Fixtures
{
    public static string Root => Path.Combine(Foundation.ReproduceScriptTests.RepoRoot(), "tests", "fixtures");

    /// <summary>A fixture at float64 precision, in C order.</summary>
    public static NpyArray64 Load(string relativePath) => Npy.ReadFloat64(Path.Combine(Root, relativePath));

    public static float[] LoadFloats(string relativePath) => Npy.Read(Path.Combine(Root, relativePath)).Data;
}
