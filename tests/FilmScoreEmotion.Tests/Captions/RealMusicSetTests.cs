using System.IO.Compression;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Tests.Corpus;

namespace FilmScoreEmotion.Tests.Captions;

public class RealMusicSetTests
{
    static readonly RealMusicCheck.Piece Tears = new("Dried_Tears.ogg", Emotion.Sadness, "defeat track");
    static readonly RealMusicCheck.Piece Taiko = new("Taiko_1.ogg", Emotion.Fear, "battle track");
    static readonly RealMusicCheck.Piece Absent = new("Not_There.ogg", Emotion.Happiness, "festival");

    /// A zip laid out like 0ad-data's public.zip, the music stored under audio/music/ beside other entries.
    static string Archive(TempDir dir, params (string Entry, byte[] Bytes)[] entries)
    {
        var path = dir.Combine("public.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, bytes) in entries)
        {
            using var stream = zip.CreateEntry(entry, CompressionLevel.NoCompression).Open();
            stream.Write(bytes);
        }
        return path;
    }

    static RealMusicSet InArchive(string archive) => RealMusicSet.ZeroAD with { Location = archive };

    [Fact]
    public void AnArchivedPieceIsExtractedOnceUnderItsContentsKey()
    {
        using var dir = new TempDir();
        var tears = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var set = InArchive(Archive(dir, ("audio/music/Dried_Tears.ogg", tears), ("audio/music/Taiko_1.ogg", [1, 2, 3]), ("simulation/data/civs/athen.json", [9])));
        var cache = dir.Combine("cache");
        var path = RealMusicSet.AudioPath(set, Tears, cache);
        Assert.Equal(tears, File.ReadAllBytes(path));
        Assert.StartsWith(cache, path);
        // the bytes' CRC-32 by Python's zlib.crc32, and their length
        Assert.EndsWith("Dried_Tears.b641f5c8.5000.ogg", path);
        var written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddHours(-1));
        Assert.Equal(path, RealMusicSet.AudioPath(set, Tears, cache));
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.GetFiles(cache));
    }

    [Fact]
    public void AChangedEntryIsExtractedAfresh()
    {
        using var dir = new TempDir();
        var cache = dir.Combine("cache");
        var first = RealMusicSet.AudioPath(InArchive(Archive(dir, ("audio/music/Taiko_1.ogg", [1, 2, 3]))), Taiko, cache);
        File.Delete(dir.Combine("public.zip"));
        var second = RealMusicSet.AudioPath(InArchive(Archive(dir, ("audio/music/Taiko_1.ogg", [4, 5, 6]))), Taiko, cache);
        Assert.NotEqual(first, second);
        Assert.Equal([4, 5, 6], File.ReadAllBytes(second));
    }

    [Fact]
    public void OnlyInstalledPiecesAreListedWithTheirSizes()
    {
        using var dir = new TempDir();
        var set = InArchive(Archive(dir, ("audio/music/Dried_Tears.ogg", new byte[40]), ("audio/music/Taiko_1.ogg", new byte[7]), ("other/Taiko_1.ogg", new byte[3])));
        Assert.Equal([(Tears, 40L), (Taiko, 7L)], RealMusicSet.Installed(set, [Tears, Absent, Taiko]));
        Assert.Empty(RealMusicSet.Installed(InArchive(dir.Combine("missing.zip")), [Tears]));

        dir.File("music/Dried_Tears.ogg", "12345");
        var folder = RealMusicSet.Wesnoth with { Location = dir.Combine("music") };
        Assert.Equal([(Tears, 5L)], RealMusicSet.Installed(folder, [Tears, Taiko]));
        Assert.Equal(dir.Combine("music/Dried_Tears.ogg"), RealMusicSet.AudioPath(folder, Tears, dir.Combine("unused")));
        Assert.False(Directory.Exists(dir.Combine("unused")));
    }

    [Fact]
    public void AMissingEntryOrABrokenArchiveIsNamed()
    {
        using var dir = new TempDir();
        var archive = Archive(dir, ("audio/music/Taiko_1.ogg", [1]));
        var missing = Assert.Throws<FileNotFoundException>(() => RealMusicSet.AudioPath(InArchive(archive), Absent, dir.Combine("cache")));
        Assert.Contains(archive, missing.Message);
        Assert.Contains("audio/music/Not_There.ogg", missing.Message);

        var broken = dir.File("broken.zip", "not a zip archive at all");
        var e = Assert.Throws<InvalidDataException>(() => RealMusicSet.Installed(InArchive(broken), [Taiko]));
        Assert.Contains(broken, e.Message);
        Assert.False(Directory.Exists(dir.Combine("cache")) && Directory.EnumerateFiles(dir.Combine("cache")).Any());
    }
}
