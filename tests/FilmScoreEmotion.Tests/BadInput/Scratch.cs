using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FilmScoreEmotion.Audio;

namespace FilmScoreEmotion.Tests.BadInput;

/// <summary>A case's own folder (fse runs with it as the working directory, outside any checkout) and its own
/// TMPDIR, with makers for the bad inputs.</summary>
public sealed class Scratch : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("fse-badinput-").FullName;
    public string Tmp => Path.Combine(Root, "tmp");

    public Scratch() => Directory.CreateDirectory(Tmp);

    public string this[string relative] => Path.Combine(Root, relative);

    public string Text(string name, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(this[name])!);
        File.WriteAllText(this[name], text);
        return this[name];
    }

    public string Bytes(string name, byte[] bytes)
    {
        File.WriteAllBytes(this[name], bytes);
        return this[name];
    }

    public string Folder(string name) => Directory.CreateDirectory(this[name]).FullName;

    public string Wav(string name, double seconds, double hz = 440, int rate = 16000)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(this[name])!);
        WavWriter.WritePcm16(this[name], BadInputFiles.Signal(seconds, hz, rate), rate);
        return this[name];
    }

    /// <summary>A WAV of the tone with one header field changed: the sample rate at byte 24, channels at 22.</summary>
    public string WavWithHeader(string name, int offset, uint value, int size)
    {
        var bytes = File.ReadAllBytes(BadInputFiles.Tone);
        if (size == 4)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        else
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)value);
        return Bytes(name, bytes);
    }

    /// <summary>The tiny model's description edited as JSON, beside a copy of its weights.</summary>
    public string Model(string name, Action<JsonObject> edit)
    {
        var description = BadInputFiles.ModelDescription();
        edit(description);
        File.Copy(BadInputFiles.ModelWeights, this[name + ".weights"]);
        return Text(name + ".json", description.ToJsonString());
    }

    /// <summary>A corpus of one 3-s excerpt per emotion (two each), with the manifest's text given row by row.</summary>
    public string Manifest(string header, params string[] rows) => Text("corpus/manifest.csv", string.Join('\n', [header, .. rows]) + "\n");

    public void Excerpts(double seconds = 3, params string[] names)
    {
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
            Wav($"corpus/{name}", seconds, 220 + 110 * i);
    }

    /// <summary>Every file under the folder with its SHA-256, the feature cache excepted (its entries are keyed by
    /// content, so they are never stale).</summary>
    public IReadOnlyDictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.fse-cache{Path.DirectorySeparatorChar}"))
            .ToDictionary(f => Path.GetRelativePath(Root, f), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
