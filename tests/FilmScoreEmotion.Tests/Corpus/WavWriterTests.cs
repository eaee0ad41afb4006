using System.Buffers.Binary;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Corpus.Import;

namespace FilmScoreEmotion.Tests.Corpus;

public class WavWriterTests
{
    [Fact]
    public void Header_and_samples_follow_the_RIFF_PCM16_layout()
    {
        var bytes = WavWriter.EncodePcm16([0f, 0.5f, -1f, 2f, -0.25f, 1f], 44100);
        Assert.Equal(44 + 12, bytes.Length);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(bytes.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(20)));
        Assert.Equal(44100, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(88200, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(28)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(34)));
        var samples = Enumerable
            .Range(0, 6)
            .Select(i => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + 2 * i)))
            .ToArray();
        Assert.Equal(new short[] { 0, 16384, -32767, 32767, -8192, 32767 }, samples);
    }

    [Fact]
    public void Written_file_has_the_duration_it_was_given_and_no_temporary_left()
    {
        using var dir = new TempDir();
        var path = dir.Wav("a/b.wav", 1.25, 16000);
        Assert.Equal((1.25, (string?)null), AudioFiles.Duration(path));
        Assert.Single(Directory.GetFiles(dir.Combine("a")));
    }

    [Fact]
    public void Channel_count_must_divide_the_samples() =>
        Assert.Throws<ArgumentException>(() =>
            WavWriter.EncodePcm16([0f, 0f, 0f], 8000, channels: 2)
        );
}
