using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FilmScoreEmotion.IO;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Spectra;

/// <summary>Spectrograms computed once per corpus and reused: an entry's name is a SHA-256 over the audio's content,
/// every configuration field, the kind, the dB flag and a code version, so a change to any of them misses rather than
/// serving a stale array. An entry carries its own checksum; one that is truncated or damaged is recomputed.</summary>
public static class FeatureCache
{
    /// <summary>Raised whenever the spectrogram code changes what it computes, so old entries stop matching.</summary>
    public const int CodeVersion = 1;

    static readonly byte[] Magic = "FSEFEAT1"u8.ToArray();
    const int ChecksumBytes = 32;

    /// <summary>Hex SHA-256 of float32 samples as little-endian bytes.</summary>
    public static string ContentHash(ReadOnlySpan<float> samples) =>
        Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(samples)));

    public static string Key(string contentHash, SpectrogramKind kind, SpectrogramConfig config, bool db)
    {
        var description = JsonSerializer.Serialize(new { CodeVersion, contentHash, kind = kind.ToString(), db, config }, KeyJson);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description)));
    }

    static readonly JsonSerializerOptions KeyJson = new() { Converters = { new JsonStringEnumConverter() } };

    public static string PathFor(string cacheDir, string key) => Path.Combine(cacheDir, key + ".feat");

    /// <summary>The cached array for `key`, or compute()'s result, stored before it is returned. The result is a
    /// float32 tensor on the CPU.</summary>
    public static Tensor GetOrCompute(string cacheDir, string key, Func<Tensor> compute)
    {
        var path = PathFor(cacheDir, key);
        var cached = TryRead(path);
        if (cached is not null)
            return cached;
        using var scope = NewDisposeScope();
        return Put(cacheDir, key, compute()).MoveToOuterDisposeScope();
    }

    /// <summary>Stores <paramref name="values"/> under `key` and returns the stored array: a float32 tensor on the CPU
    /// of its own (a view of a batch is copied out of it).</summary>
    public static Tensor Put(string cacheDir, string key, Tensor values)
    {
        Tensor stored;
        // Every wrapper of the chain stays in the scope until its call has returned: an unreachable wrapper may be
        // finalised while libtorch still reads it (see Runtime.KeptScalars).
        using (var scope = NewDisposeScope())
            stored = values.to(ScalarType.Float32).cpu().clone().contiguous().MoveToOuterDisposeScope();
        Write(cacheDir, PathFor(cacheDir, key), stored);
        return stored;
    }

    /// <summary>The entry at `path`, or null when it is missing or fails its checks (size, header, checksum).</summary>
    public static Tensor? TryRead(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (bytes.Length < Magic.Length + 4 + ChecksumBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            return null;
        var body = bytes.AsSpan(0, bytes.Length - ChecksumBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - ChecksumBytes)))
            return null;
        var rank = BinaryPrimitives.ReadInt32LittleEndian(body[Magic.Length..]);
        var headerBytes = Magic.Length + 4 + 8 * rank;
        if (rank < 0 || rank > 8 || body.Length < headerBytes)
            return null;
        var shape = new long[rank];
        for (var d = 0; d < rank; d++)
            shape[d] = BinaryPrimitives.ReadInt64LittleEndian(body[(Magic.Length + 4 + 8 * d)..]);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (shape.Any(d => d < 0) || body.Length - headerBytes != count * sizeof(float))
            return null;
        var values = MemoryMarshal.Cast<byte, float>(body[headerBytes..]).ToArray();
        return tensor(values, shape);
    }

    /// <summary>Writes to a temporary name in the cache folder and renames, so a reader never sees half an entry.</summary>
    static void Write(string cacheDir, string path, Tensor values)
    {
        Directory.CreateDirectory(cacheDir);
        var shape = values.shape;
        var data = values.data<float>().ToArray();
        var headerBytes = Magic.Length + 4 + 8 * shape.Length;
        var bytes = new byte[headerBytes + data.Length * sizeof(float) + ChecksumBytes];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Magic.Length), shape.Length);
        for (var d = 0; d < shape.Length; d++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(Magic.Length + 4 + 8 * d), shape[d]);
        MemoryMarshal.AsBytes(data.AsSpan()).CopyTo(bytes.AsSpan(headerBytes));
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - ChecksumBytes)).CopyTo(bytes, bytes.Length - ChecksumBytes);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
