using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FilmScoreEmotion.IO;

/// <summary>An array read from a NumPy <c>.npy</c> file: its shape, its values converted to float32 in C order, and the
/// file's own dtype string (e.g. <c>&lt;f4</c>, <c>&lt;i8</c>) so a caller can tell when the conversion lost precision.</summary>
public sealed record NpyArray(int[] Shape, float[] Data, string DType)
{
    /// <summary>Number of elements: the product of the shape (1 for a 0-d array).</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>An array read from a NumPy <c>.npy</c> file at full float64 precision, in C order, with the file's dtype.</summary>
public sealed record NpyArray64(int[] Shape, double[] Data, string DType);

/// <summary>Reads and writes NumPy's <c>.npy</c> format (little- and big-endian float, signed and unsigned integer and
/// bool arrays; Fortran-order files are returned in C order), for the reference fixtures and for handing spectrograms to Python users.</summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    [GeneratedRegex(@"'descr'\s*:\s*'(?<d>[^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(?<f>True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\((?<s>[^)]*)\)")]
    private static partial Regex ShapePattern();

    public static NpyArray Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file does not exist", path);
        var bytes = File.ReadAllBytes(path);
        return Parse(bytes, path);
    }

    /// <summary>Parses the bytes of a <c>.npy</c> file; <paramref name="path"/> only names the source in errors.</summary>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string path)
    {
        var layout = Layout(bytes, path);
        var payload = bytes[layout.DataStart..];
        var data = new float[layout.Count];
        for (var i = 0; i < data.Length; i++)
            data[i] = (float)Element(payload.Slice((int)(layout.FileIndex(i) * layout.Size), layout.Size), layout.Kind, layout.BigEndian);
        return new NpyArray(layout.Shape, data, layout.DType);
    }

    /// <summary>Reads an array without rounding float64 values to float32: the reference fixtures the kernels are
    /// pinned to.</summary>
    public static NpyArray64 ReadFloat64(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file does not exist", path);
        return ParseFloat64(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses the bytes of a <c>.npy</c> file at float64 precision; <paramref name="path"/> only names the
    /// source in errors.</summary>
    public static NpyArray64 ParseFloat64(ReadOnlySpan<byte> bytes, string path)
    {
        var layout = Layout(bytes, path);
        var payload = bytes[layout.DataStart..];
        var data = new double[layout.Count];
        for (var i = 0; i < data.Length; i++)
            data[i] = Element(payload.Slice((int)(layout.FileIndex(i) * layout.Size), layout.Size), layout.Kind, layout.BigEndian);
        return new NpyArray64(layout.Shape, data, layout.DType);
    }

    /// <summary>What the header says: shape, dtype, element size and order, and where the data starts.</summary>
    private sealed record NpyLayout(int[] Shape, string DType, char Kind, int Size, bool BigEndian, bool Fortran, int DataStart)
    {
        public long Count => Shape.Aggregate(1L, (a, b) => a * b);

        /// <summary>The element's position in the file for position <paramref name="c"/> in C order: the same unless
        /// the file is in Fortran order, whose first axis varies fastest.</summary>
        public long FileIndex(long c)
        {
            if (!Fortran)
                return c;
            var (offset, stride, rest) = (0L, 1L, c);
            var index = new long[Shape.Length];
            for (var axis = Shape.Length - 1; axis >= 0; axis--)
                (index[axis], rest) = (rest % Shape[axis], rest / Shape[axis]);
            for (var axis = 0; axis < Shape.Length; axis++)
                (offset, stride) = (offset + index[axis] * stride, stride * Shape[axis]);
            return offset;
        }
    }

    private static NpyLayout Layout(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a NumPy .npy file (magic string missing)");
        var major = bytes[6];
        var (headerLength, headerStart) = major switch
        {
            1 => ((int)BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]), 10),
            2 or 3 when bytes.Length >= 12 => ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]), 12),
            _ => throw new InvalidDataException($"{path}: unsupported .npy format version {major}.{bytes[7]}"),
        };
        if (headerStart + headerLength > bytes.Length)
            throw new InvalidDataException($"{path}: truncated .npy header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(headerStart, headerLength));

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shapeMatch.Success)
            throw new InvalidDataException($"{path}: malformed .npy header: {header.Trim()}");
        var dtype = descr.Groups["d"].Value;
        var shape = shapeMatch.Groups["s"].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture))
            .ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);

        var (kind, size, bigEndian) = ParseDType(dtype, path);
        var dataStart = headerStart + headerLength;
        if (bytes.Length - dataStart < count * size)
            throw new InvalidDataException(
                $"{path}: truncated .npy data: shape ({string.Join(", ", shape)}) needs {count * size} bytes, {bytes.Length - dataStart} present");
        if (count > Array.MaxLength)
            throw new InvalidDataException($"{path}: array of {count} elements is too large to load");
        var reorder = fortran.Groups["f"].Value == "True" && shape.Count(d => d > 1) > 1;
        return new NpyLayout(shape, dtype, kind, size, bigEndian, reorder, dataStart);
    }

    /// <summary>Writes a float32 C-order array with a version 1.0 header. The file appears whole or not at all: it is
    /// written under a temporary name in the same folder and renamed.</summary>
    public static void Write(string path, ReadOnlySpan<float> data, int[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (shape.Any(d => d < 0) || count != data.Length)
            throw new ArgumentException(
                $"{path}: shape ({string.Join(", ", shape)}) holds {count} elements but {data.Length} were given");
        var header = Header("<f4", shape);
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(Path.GetDirectoryName(full)))
            throw new DirectoryNotFoundException($"{path}: folder {Path.GetDirectoryName(full)} does not exist");
        var values = data.ToArray();
        AtomicFile.Write(
            full,
            stream =>
            {
                stream.Write(header);
                var buffer = new byte[Math.Min(values.Length, 1 << 16) * sizeof(float)];
                for (var start = 0; start < values.Length; start += buffer.Length / sizeof(float))
                {
                    var block = values.AsSpan(start, Math.Min(buffer.Length / sizeof(float), values.Length - start));
                    for (var i = 0; i < block.Length; i++)
                        BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * sizeof(float)), block[i]);
                    stream.Write(buffer, 0, block.Length * sizeof(float));
                }
            }
        );
    }

    /// <summary>The magic, version and header dict, padded with spaces so the data starts on a 64-byte boundary as
    /// NumPy itself writes it.</summary>
    public static byte[] Header(string dtype, int[] shape)
    {
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var dict = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': ({dims}), }}";
        var unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        var padded = (unpadded + 63) / 64 * 64;
        var text = dict + new string(' ', padded - unpadded) + "\n";
        var bytes = new byte[padded];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)text.Length);
        Encoding.Latin1.GetBytes(text, bytes.AsSpan(10));
        return bytes;
    }

    private static (char Kind, int Size, bool BigEndian) ParseDType(string dtype, string path)
    {
        if (dtype.Length < 3 || !"<>|=".Contains(dtype[0]) || !int.TryParse(dtype[2..], out var size))
            throw new InvalidDataException($"{path}: unsupported .npy dtype '{dtype}'");
        var kind = dtype[1];
        var supported = kind switch
        {
            'f' => size is 4 or 8,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'b' => size is 1,
            _ => false,
        };
        if (!supported)
            throw new InvalidDataException($"{path}: unsupported .npy dtype '{dtype}' (float, integer and bool are read)");
        return (kind, size, dtype[0] == '>');
    }

    private static double Element(ReadOnlySpan<byte> b, char kind, bool bigEndian) =>
        (kind, b.Length, bigEndian) switch
        {
            ('f', 4, false) => BinaryPrimitives.ReadSingleLittleEndian(b),
            ('f', 4, true) => BinaryPrimitives.ReadSingleBigEndian(b),
            ('f', 8, false) => BinaryPrimitives.ReadDoubleLittleEndian(b),
            ('f', 8, true) => BinaryPrimitives.ReadDoubleBigEndian(b),
            ('i', 1, _) => (sbyte)b[0],
            ('u' or 'b', 1, _) => b[0],
            ('i', 2, false) => BinaryPrimitives.ReadInt16LittleEndian(b),
            ('i', 2, true) => BinaryPrimitives.ReadInt16BigEndian(b),
            ('u', 2, false) => BinaryPrimitives.ReadUInt16LittleEndian(b),
            ('u', 2, true) => BinaryPrimitives.ReadUInt16BigEndian(b),
            ('i', 4, false) => BinaryPrimitives.ReadInt32LittleEndian(b),
            ('i', 4, true) => BinaryPrimitives.ReadInt32BigEndian(b),
            ('u', 4, false) => BinaryPrimitives.ReadUInt32LittleEndian(b),
            ('u', 4, true) => BinaryPrimitives.ReadUInt32BigEndian(b),
            ('i', 8, false) => BinaryPrimitives.ReadInt64LittleEndian(b),
            ('i', 8, true) => BinaryPrimitives.ReadInt64BigEndian(b),
            ('u', 8, false) => BinaryPrimitives.ReadUInt64LittleEndian(b),
            _ => BinaryPrimitives.ReadUInt64BigEndian(b),
        };
}
