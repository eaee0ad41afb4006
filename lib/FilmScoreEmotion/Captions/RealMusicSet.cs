using System.IO.Compression;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Captions;

/// <summary>
/// One set of real recordings for <see cref="RealMusicCheck"/>: its labels in this repository, fixed by a written rule
/// before any model heard the pieces, and where a Debian package installs the audio, either as loose files in a folder
/// or as entries of a zip archive (0 A.D. keeps its music in one 3-GB <c>public.zip</c>). The audio is never copied
/// into the repository; a set whose package is missing is skipped with <see cref="InstallLine"/>.
/// </summary>
/// <param name="Location">the folder of the files, or the zip archive that holds them</param>
/// <param name="ArchiveFolder">the folder inside the archive; null when <paramref name="Location"/> is a folder</param>
public sealed record RealMusicSet(string Name, string LabelsFile, string Package, string Location, string? ArchiveFolder = null)
{
    /// <summary>The Battle for Wesnoth's orchestral soundtrack, labelled from titles (<c>data/real-music/README.md</c>).</summary>
    public static RealMusicSet Wesnoth { get; } = new("Wesnoth", "data/real-music/labels.csv", "wesnoth-1.16-music", "/usr/share/games/wesnoth/1.16/data/core/music") { Key = "wesnoth" };

    /// <summary>0 A.D.'s soundtrack, labelled from the game's own use of a track and from titles
    /// (<c>data/real-music-0ad/README.md</c>).</summary>
    public static RealMusicSet ZeroAD { get; } = new("0 A.D.", "data/real-music-0ad/labels.csv", "0ad-data", "/usr/share/games/0ad/mods/public/public.zip", "audio/music") { Key = "0ad" };

    /// <summary>UFO: Alien Invasion's soundtrack, labelled from the game's use of a track (battle, won and lost game)
    /// and from titles (<c>data/real-music-ufoai/README.md</c>); the package keeps it in one zip, <c>0music.pk3</c>.</summary>
    public static RealMusicSet UfoAI { get; } = new("UFO: Alien Invasion", "data/real-music-ufoai/labels.csv", "ufoai-music", "/usr/share/games/ufoai/base/0music.pk3", "music") { Key = "ufoai" };

    /// <summary>The repository's sets, each by the <see cref="Key"/> that `fse check --set` and notebook 10's files name it by.</summary>
    public static IReadOnlyList<RealMusicSet> Repository { get; } = [Wesnoth, ZeroAD, UfoAI];

    /// <summary>A repository set's short name (`fse check --set KEY`, results/real-music-check-KEY*.csv); empty for a
    /// set read from anyone's own labels file.</summary>
    public string Key { get; init; } = "";

    public string InstallLine => $"sudo apt-get install -y {Package}";

    /// <summary>The labelled pieces whose audio is installed, each with its size in bytes, in label order.</summary>
    public static List<(RealMusicCheck.Piece Piece, long Bytes)> Installed(RealMusicSet set, IEnumerable<RealMusicCheck.Piece> pieces)
    {
        if (set.ArchiveFolder is null)
            return [.. pieces.Select(p => (p, File: new FileInfo(Path.Combine(set.Location, p.File)))).Where(x => x.File.Exists).Select(x => (x.p, x.File.Length))];
        if (!File.Exists(set.Location))
            return [];
        using var archive = OpenArchive(set.Location);
        return [.. pieces.Select(p => (p, Entry: archive.GetEntry(EntryName(set, p)))).Where(x => x.Entry is not null).Select(x => (x.p, x.Entry!.Length))];
    }

    /// <summary>A path to the piece's audio: the installed file itself, or the archive's entry extracted once into
    /// <paramref name="cacheFolder"/> under a name carrying the entry's CRC-32 and length, so a changed package is
    /// extracted afresh rather than read stale.</summary>
    public static string AudioPath(RealMusicSet set, RealMusicCheck.Piece piece, string cacheFolder)
    {
        if (set.ArchiveFolder is null)
            return Path.Combine(set.Location, piece.File);
        using var archive = OpenArchive(set.Location);
        var name = EntryName(set, piece);
        var entry = archive.GetEntry(name) ?? throw new FileNotFoundException($"{set.Location}: the archive has no entry {name}");
        var cached = Path.Combine(cacheFolder, $"{Path.GetFileNameWithoutExtension(piece.File)}.{entry.Crc32:x8}.{entry.Length}{Path.GetExtension(piece.File)}");
        if (File.Exists(cached) && new FileInfo(cached).Length == entry.Length)
            return cached;
        AtomicFile.WriteVia(
            cached,
            temporary =>
            {
                try
                {
                    using var source = entry.Open();
                    using var target = File.Create(temporary);
                    source.CopyTo(target);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"{set.Location}: entry {name} cannot be read ({e.Message})", e);
                }
            }
        );
        return cached;
    }

    static string EntryName(RealMusicSet set, RealMusicCheck.Piece piece) => $"{set.ArchiveFolder}/{piece.File}";

    static ZipArchive OpenArchive(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not a readable zip archive ({e.Message})", e);
        }
    }
}
