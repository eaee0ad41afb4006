using System.Buffers.Binary;
using System.Text;
using FilmScoreEmotion.Audio;

namespace FilmScoreEmotion.Tests.Audio;

/// <summary>The one-read path for plain mono WAVs against the general reader: it reads the files it takes exactly as
/// <see cref="WavReader"/> does, and leaves every other file (and every fault) to it.</summary>
public sealed class PlainWavTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-plain-wav-test-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static readonly float[] Signal = Enumerable.Range(0, 3001).Select(i => (float)(0.6 * Math.Sin(i * 0.05) + 0.001 * (i % 7))).ToArray();

    static byte[] Float32(float[] samples) => samples.SelectMany(BitConverter.GetBytes).ToArray();

    static byte[] Pcm16(float[] samples) => samples.SelectMany(s => BitConverter.GetBytes((short)Math.Round(s * 32767))).ToArray();

    /// <summary>A RIFF file of the given chunks, its RIFF size as written unless <paramref name="riffSize"/> says.</summary>
    static byte[] Riff(uint? riffSize, params byte[][] chunks)
    {
        var body = Encoding.ASCII.GetBytes("WAVE").Concat(chunks.SelectMany(c => c)).ToArray();
        var file = WavReaderTests.Chunk("RIFF", body);
        if (riffSize is { } size)
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), size);
        return file;
    }

    static byte[] Fmt(ushort tag, ushort channels, uint rate, ushort bits) => WavReaderTests.Chunk("fmt ", WavReaderTests.Fmt(tag, channels, rate, bits));

    static byte[] Data(byte[] data) => WavReaderTests.Chunk("data", data);

    /// <summary>Files the plain path takes: mono 16-bit PCM and 32-bit float, with a small chunk before the data.</summary>
    public static TheoryData<string> Taken() => ["pcm16", "float32", "list-before-data", "junk-before-fmt", "riff-size-larger"];

    /// <summary>Files it leaves to the general reader, good and bad.</summary>
    public static TheoryData<string> Left() =>
    [
        "stereo", "22050-hz", "pcm24", "extensible", "odd-chunk-before-data", "chunk-after-data", "truncated-data", "nan", "empty-data",
        "fmt-after-data", "riff-size-too-small", "not-riff", "empty-file", "too-long", "missing-file",
    ];

    byte[] Bytes(string name) => name switch
    {
        "pcm16" => Riff(null, Fmt(1, 1, 16000, 16), Data(Pcm16(Signal))),
        "float32" => Riff(null, Fmt(3, 1, 16000, 32), Data(Float32(Signal))),
        "list-before-data" => Riff(null, Fmt(3, 1, 16000, 32), WavReaderTests.Chunk("LIST", new byte[26]), Data(Float32(Signal))),
        "junk-before-fmt" => Riff(null, WavReaderTests.Chunk("JUNK", new byte[28]), Fmt(1, 1, 16000, 16), Data(Pcm16(Signal))),
        "riff-size-larger" => Riff(1_000_000, Fmt(1, 1, 16000, 16), Data(Pcm16(Signal))),
        "stereo" => Riff(null, Fmt(1, 2, 16000, 16), Data(Pcm16(Signal[..3000]))),
        "22050-hz" => Riff(null, Fmt(1, 1, 22050, 16), Data(Pcm16(Signal))),
        "pcm24" => Riff(null, Fmt(1, 1, 16000, 24), Data(new byte[3 * 100])),
        "extensible" => Riff(null, WavReaderTests.Chunk("fmt ", WavReaderTests.Fmt(0xFFFE, 1, 16000, 32, extensibleTag: 3)), Data(Float32(Signal))),
        "odd-chunk-before-data" => Riff(null, Fmt(1, 1, 16000, 16), WavReaderTests.Chunk("junk", [1, 2, 3]), Data(Pcm16(Signal))),
        "chunk-after-data" => Riff(null, Fmt(1, 1, 16000, 16), Data(Pcm16(Signal)), WavReaderTests.Chunk("LIST", new byte[26])),
        "truncated-data" => Riff(null, Fmt(1, 1, 16000, 16), Data(Pcm16(Signal)))[..^100],
        "nan" => Riff(null, Fmt(3, 1, 16000, 32), Data(Float32([.. Signal[..10], float.NaN, .. Signal[11..]]))),
        "empty-data" => Riff(null, Fmt(1, 1, 16000, 16), Data([])),
        "fmt-after-data" => Riff(null, Data(Pcm16(Signal)), Fmt(1, 1, 16000, 16)),
        "riff-size-too-small" => Riff(20, Fmt(1, 1, 16000, 16), Data(Pcm16(Signal))),
        "not-riff" => Encoding.ASCII.GetBytes("not audio at all, just some text to fill a header"),
        "empty-file" => [],
        "too-long" => Riff(null, Fmt(1, 1, 16000, 16), Data(Pcm16([.. Signal, .. Signal]))),
        _ => throw new ArgumentException(name),
    };

    string Write(string name)
    {
        var path = Path.Combine(dir, name + ".wav");
        if (name != "missing-file")
            File.WriteAllBytes(path, Bytes(name));
        return path;
    }

    /// <summary>The general reader's samples, or its fault.</summary>
    static float[]? General(string path)
    {
        try
        {
            return WavReader.Read(path).Samples;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or FileNotFoundException)
        {
            return null;
        }
    }

    [Theory]
    [MemberData(nameof(Taken))]
    public void ItReadsThePlainFilesBitForBitAsTheGeneralReader(string name)
    {
        var path = Write(name);
        var plain = PlainWav.TryRead(path, 16000, maxFrames: Signal.Length);
        Assert.NotNull(plain);
        Assert.Equal(General(path), plain);
        Assert.Equal(Signal.Length, plain!.Length);
    }

    [Theory]
    [MemberData(nameof(Left))]
    public void ItLeavesEveryOtherFileToTheGeneralReader(string name)
    {
        var path = Write(name);
        Assert.Null(PlainWav.TryRead(path, 16000, maxFrames: Signal.Length));
    }

    [Fact]
    public void PcmSamplesAreOver32768AsNAudioScalesThem()
    {
        var path = Path.Combine(dir, "extremes.wav");
        File.WriteAllBytes(path, Riff(null, Fmt(1, 1, 16000, 16), Data([.. BitConverter.GetBytes(short.MinValue), .. BitConverter.GetBytes(short.MaxValue), 0, 0])));
        Assert.Equal(new[] { -1f, 32767f / 32768f, 0f }, PlainWav.TryRead(path, 16000, maxFrames: 10));
    }
}
