using System.Diagnostics;
using System.Text;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Tests.Foundation;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Spectra;

/// <summary>`fse features` end to end, as a user runs it.</summary>
public sealed class FeaturesCommandTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-features-test-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// A 16 kHz float WAV of the fixture chirp, so decoding is exact and the output can be compared with the kernels.
    string ChirpWav(string name = "chirp.wav")
    {
        var samples = Fixtures.LoadFloats("signals/chirp.npy");
        var path = Path.Combine(dir, name);
        using var w = new BinaryWriter(File.Create(path));
        var dataBytes = samples.Length * 4;
        w.Write("RIFF"u8);
        w.Write(36 + dataBytes);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)3);
        w.Write((short)1);
        w.Write(16000);
        w.Write(16000 * 4);
        w.Write((short)4);
        w.Write((short)32);
        w.Write("data"u8);
        w.Write(dataBytes);
        foreach (var s in samples)
            w.Write(s);
        return path;
    }

    static (int[] Shape, float[] Values) ReadNpy(string path)
    {
        var array = Npy.Read(path);
        return (array.Shape, array.Data);
    }

    [Theory]
    [InlineData("stft", false, "stft/chirp.constant.npy", 1e-5)]
    [InlineData("mel", false, "mel/chirp.npy", 1e-5)]
    [InlineData("mel", true, "db/chirp.mel.npy", 1e-5)]
    [InlineData("cqt", false, "cqt/chirp.librosa_polyphase.npy", 1e-4)]
    [InlineData("cqt", true, "db/chirp.cqt.npy", 1e-5)]
    public void WritesLibrosasArrayForAWholeFile(string kind, bool db, string fixture, double tolerance)
    {
        var output = Path.Combine(dir, $"out.{kind}.npy");
        var args = new List<string> { "features", "--kind", kind, "--input", ChirpWav(), "--output", output };
        if (db)
            args.Add("--db");
        var result = CliProcess.Run(args.ToArray());
        Assert.True(result.ExitCode == 0, result.StdErr);
        var (shape, values) = ReadNpy(output);
        var expected = Fixtures.Load(fixture);
        Assert.Equal(expected.Shape, shape);
        SpectraAssert.Close(values.Select(v => (double)v).ToArray(), expected.Data, tolerance, $"fse features --kind {kind}");
    }

    [Fact]
    public void FolderInputWritesOneArrayPerFile()
    {
        var input = Directory.CreateDirectory(Path.Combine(dir, "in")).FullName;
        File.Copy(ChirpWav(), Path.Combine(input, "a.wav"));
        File.Copy(ChirpWav(), Path.Combine(input, "b.wav"));
        File.WriteAllText(Path.Combine(input, "notes.txt"), "not audio");
        var output = Path.Combine(dir, "out");
        var result = CliProcess.Run("features", "--kind", "cqt", "--input", input, "--output", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(new[] { "a.npy", "b.npy" }, Directory.EnumerateFiles(output).Select(Path.GetFileName).Order().ToArray());
        Assert.Equal(new[] { 84, 126 }, ReadNpy(Path.Combine(output, "a.npy")).Shape);
    }

    [Fact]
    public void MissingInputFails()
    {
        var output = Path.Combine(dir, "x.npy");
        var result = CliProcess.Run("features", "--kind", "mel", "--input", Path.Combine(dir, "nope.wav"), "--output", output);
        AssertFailure(result, "nope.wav: no such file", output);
    }

    [Fact]
    public void UnknownKindFails()
    {
        var output = Path.Combine(dir, "x.npy");
        var result = CliProcess.Run("features", "--kind", "chroma", "--input", ChirpWav(), "--output", output);
        AssertFailure(result, "unknown --kind 'chroma'", output);
    }

    [Fact]
    public void MissingOutputFolderFails()
    {
        var output = Path.Combine(dir, "no", "such", "x.npy");
        var result = CliProcess.Run("features", "--kind", "stft", "--input", ChirpWav(), "--output", output);
        AssertFailure(result, "output folder does not exist", output);
    }

    /// Even root cannot create files in /proc, so this fails as an unwritable folder does for any user.
    [Fact]
    public void UnwritableOutputFolderFails()
    {
        var result = CliProcess.Run("features", "--kind", "stft", "--input", ChirpWav(), "--output", "/proc/fse-test.npy");
        AssertFailure(result, "cannot write to /proc", "/proc/fse-test.npy");
    }

    [Fact]
    public void UndecodableFileFailsWithoutOutput()
    {
        var input = Path.Combine(dir, "text.wav");
        File.WriteAllText(input, "this is not audio at all");
        var output = Path.Combine(dir, "x.npy");
        var result = CliProcess.Run("features", "--kind", "mel", "--input", input, "--output", output);
        AssertFailure(result, "text.wav: not a RIFF/WAVE file", output);
        Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp"));
    }

    [Fact]
    public void NonFiniteSamplesFail()
    {
        var input = ChirpWav();
        var bytes = File.ReadAllBytes(input);
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, 44 + 4 * 5000);
        File.WriteAllBytes(input, bytes);
        var output = Path.Combine(dir, "x.npy");
        var result = CliProcess.Run("features", "--kind", "cqt", "--input", input, "--output", output);
        AssertFailure(result, "non-finite sample", output);
    }

    void AssertFailure(CliProcess.Result result, string message, string output)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.StdErr);
        Assert.StartsWith("error: ", result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.False(File.Exists(output), $"{output} was written");
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(output) is { } d && Directory.Exists(d) ? d : dir, ".*.tmp"));
    }
}
