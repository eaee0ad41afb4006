using FilmScoreEmotion.Corpus.Import;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Tests.IO;

public class EnumNamesTests
{
    [Fact]
    public void NamesAreTheOnesFilesAndCommandLinesWrite()
    {
        Assert.Equal(["segment-kfold", "grouped-kfold", "grouped-split"], Protocols.All.Select(Protocols.Name));
        Assert.Equal(["basic", "cnn4", "cnn3", "cnn4res", "cnn4inception"], ModelCatalog.All.Select(ModelCatalog.Name));
        Assert.Equal(["fp32", "tf32", "bf16"], Precisions.All.Select(Precisions.Name));
        Assert.Equal<string>(["stft", "mel", "cqt"], SpectrogramKinds.Names);
        Assert.Equal(
            ["literal", "strongest-in-discrete-blocks", "strongest-anywhere"],
            Enum.GetValues<FilmMusicSelection>().Select(s => s.Name()));
    }

    [Fact]
    public void EveryNameParsesBackAndNumbersDoNot()
    {
        foreach (var kind in Protocols.All)
            Assert.Equal(kind, Protocols.Parse($" {Protocols.Name(kind).ToUpperInvariant()} "));
        foreach (var profile in Enum.GetValues<ProfileName>())
            Assert.Equal(profile, EnumNames.TryParse<ProfileName>(EnumNames.Lower(profile), EnumNames.Lower));
        Assert.Null(EnumNames.TryParse<ProfileName>("1", EnumNames.Lower));
        Assert.Null(SpectrogramKinds.TryParse("2"));
        var unknown = Assert.Throws<ArgumentException>(() => ModelCatalog.Parse("cnn5"));
        Assert.Equal("unknown model 'cnn5': use basic, cnn4, cnn3, cnn4res, cnn4inception", unknown.Message);
    }
}
