using System.Text;
using System.Text.RegularExpressions;

namespace FilmScoreEmotion.Tests.Spectra;

/// <summary>Reads the reference arrays in tests/fixtures (NumPy .npy 1.0, little-endian, float32 or float64;
/// tests/fixtures/README.md says how they were made) for the kernel tests.</summary>
public static partial class FixtureNpy
{
    public sealed record Array(long[] Shape, double[] Values);

    public static string Root => Path.Combine(Foundation.ReproduceScriptTests.RepoRoot(), "tests", "fixtures");

    public static Array Load(string relativePath)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root, relativePath));
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        var descr = Descr().Match(header).Groups[1].Value;
        var shape = Shape().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(long.Parse)
            .ToArray();
        var data = bytes.AsSpan(10 + headerLength);
        var values = descr switch
        {
            "<f4" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data).ToArray().Select(v => (double)v).ToArray(),
            "<f8" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(data).ToArray(),
            _ => throw new InvalidDataException($"{relativePath}: dtype {descr} is not float32 or float64"),
        };
        // Some fixtures were saved from librosa's column-major output: return every array in C order.
        return header.Contains("'fortran_order': True") ? new Array(shape, ToCOrder(values, shape)) : new Array(shape, values);
    }

    static double[] ToCOrder(double[] values, long[] shape)
    {
        if (shape.Length != 2)
            return values;
        var (rows, cols) = (shape[0], shape[1]);
        var c = new double[values.Length];
        for (long r = 0; r < rows; r++)
            for (long k = 0; k < cols; k++)
                c[r * cols + k] = values[k * rows + r];
        return c;
    }

    public static float[] LoadFloats(string relativePath) => Load(relativePath).Values.Select(v => (float)v).ToArray();

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex Shape();
}
