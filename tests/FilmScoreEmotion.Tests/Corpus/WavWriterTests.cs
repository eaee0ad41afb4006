using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Corpus.Import;

namespace FilmScoreEmotion.Tests.Corpus;

public class WavWriterTests
{
    [Fact]
    public void Samples_are_rounded_to_PCM16_and_read_back_exactly()
    {
        using var dir = new TempDir();
        var path = dir.Combine("a.wav");
        File.WriteAllBytes(path, WavWriter.EncodePcm16([0f, 0.5f, -1f, 2f, -0.25f, 1f], 44100));
        var wav = WavReader.Read(path);
        Assert.Equal(44100, wav.SampleRate);
        Assert.Equal(1, wav.Channels);
        Assert.Equal(new short[] { 0, 16384, -32767, 32767, -8192, 32767 }.Select(v => v / 32768f), wav.Samples);
        var format = WavReader.ReadFormat(path);
        Assert.Equal((NAudio.Wave.WaveFormatEncoding.Pcm, 16), (format.Encoding, format.BitsPerSample));
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
