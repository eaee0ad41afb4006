using System.Text;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Tests.Audio;

namespace FilmScoreEmotion.Tests.IO;

public class NpyTests
{
    [Fact]
    public void ReadsAFixtureWithItsShapeAndDType()
    {
        var a = Npy.Read(SharedFixtures.Path("wav/pcm24_stereo_44100.expected.npy"));
        Assert.Equal([4410, 2], a.Shape);
        Assert.Equal("<f4", a.DType);
        Assert.Equal(4410 * 2, a.Data.Length);
        Assert.Contains(a.Data, v => v != 0f);
    }

    [Theory]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 4 })]
    [InlineData(new[] { 2, 3, 5 })]
    [InlineData(new[] { 0, 5 })]
    public void WriteThenReadIsTheIdentity(int[] shape)
    {
        using var dir = new SharedFixtures.TempFolder();
        var n = shape.Aggregate(1, (a, b) => a * b);
        var data = Enumerable.Range(0, n).Select(i => MathF.Sin(i) * 1e3f + i).ToArray();
        var path = dir.File("x.npy");
        Npy.Write(path, data, shape);
        var back = Npy.Read(path);
        Assert.Equal(shape, back.Shape);
        Assert.Equal(data, back.Data);
        Assert.Equal("<f4", back.DType);
        Assert.Equal(0, (new FileInfo(path).Length - n * 4) % 64);
        Assert.Single(Directory.GetFiles(dir.FullName));
    }

    [Fact]
    public void TheBytesAreThoseNumpySaveWrites()
    {
        // np.save of np.array([1, 2, 3], dtype='<f4') with NumPy 1.24: a 128-byte header padded with spaces.
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("v.npy");
        Npy.Write(path, new float[] { 1, 2, 3 }, [3]);
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
        var expected = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0x76, 0 }
            .Concat(Encoding.Latin1.GetBytes(dict.PadRight(117) + "\n"))
            .Concat(new byte[] { 0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40 })
            .ToArray();
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void ConvertsFloat64AndIntegerArrays()
    {
        var f8 = Build("<f8", "(2,)", BitConverter.GetBytes(0.5).Concat(BitConverter.GetBytes(-3.25)).ToArray());
        Assert.Equal([0.5f, -3.25f], Npy.Parse(f8, "f8.npy").Data);
        var i8 = Build("<i8", "(1, 2)", BitConverter.GetBytes(-7L).Concat(BitConverter.GetBytes(9L)).ToArray());
        var a = Npy.Parse(i8, "i8.npy");
        Assert.Equal([1, 2], a.Shape);
        Assert.Equal([-7f, 9f], a.Data);
        var u1 = Build("|u1", "(3,)", [0, 128, 255]);
        Assert.Equal([0f, 128f, 255f], Npy.Parse(u1, "u1.npy").Data);
        var be = Build(">i2", "(1,)", [0xFF, 0xFE]);
        Assert.Equal([-2f], Npy.Parse(be, "be.npy").Data);
    }

    [Fact]
    public void BadFilesNameTheFileAndTheProblem()
    {
        var notNpy = Assert.Throws<InvalidDataException>(() => Npy.Parse("hello world, not numpy"u8, "a.npy"));
        Assert.Contains("a.npy", notNpy.Message);
        Assert.Contains("not a NumPy", notNpy.Message);
        var truncated = Build("<f4", "(10,)", new byte[12]);
        var t = Assert.Throws<InvalidDataException>(() => Npy.Parse(truncated, "t.npy"));
        Assert.Contains("t.npy: truncated", t.Message);
        var complex = Build("<c8", "(1,)", new byte[8]);
        Assert.Contains("unsupported .npy dtype '<c8'", Assert.Throws<InvalidDataException>(() => Npy.Parse(complex, "c.npy")).Message);
        Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => Npy.Read("/nonexistent/x.npy")).Message);
    }

    [Fact]
    public void FortranOrderIsReturnedInCOrderAndFloat64KeepsItsPrecision()
    {
        // numpy.asfortranarray([[0, 1, 2], [3, 4, 5]]) stores its columns one after the other: 0 3 1 4 2 5.
        var columns = new[] { 0.0, 3, 1, 4, 2, 5 }.Select(v => v + 1e-12).ToArray();
        var fortran = Build("<f8", "(2, 3)", columns.SelectMany(BitConverter.GetBytes).ToArray(), fortran: true);
        var wide = Npy.ParseFloat64(fortran, "f.npy");
        Assert.Equal([2, 3], wide.Shape);
        Assert.Equal(new[] { 0.0, 1, 2, 3, 4, 5 }.Select(v => v + 1e-12), wide.Data);
        Assert.Equal(wide.Data.Select(v => (float)v), Npy.Parse(fortran, "f.npy").Data);
    }

    [Fact]
    public void AShapeThatDoesNotFitTheDataIsRejectedAndWritesNothing()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("bad.npy");
        Assert.Throws<ArgumentException>(() => Npy.Write(path, new float[5], [2, 3]));
        Assert.Empty(Directory.GetFiles(dir.FullName));
    }

    [Fact]
    public void AMissingFolderIsNamed()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => Npy.Write("/nonexistent/dir/x.npy", new float[1], [1]));
        Assert.Equal("/nonexistent/dir/x.npy: folder /nonexistent/dir does not exist", e.Message);
    }

    private static byte[] Build(string dtype, string shape, byte[] payload, bool fortran = false)
    {
        var dict = $"{{'descr': '{dtype}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}\n";
        var head = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }
            .Concat(BitConverter.GetBytes((ushort)dict.Length))
            .Concat(Encoding.Latin1.GetBytes(dict));
        return head.Concat(payload).ToArray();
    }
}
