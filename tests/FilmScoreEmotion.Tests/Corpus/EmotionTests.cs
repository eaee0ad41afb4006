using FilmScoreEmotion.Corpus;

namespace FilmScoreEmotion.Tests.Corpus;

public class EmotionTests
{
    [Theory]
    [InlineData("happy", Emotion.Happiness)]
    [InlineData("Happiness", Emotion.Happiness)]
    [InlineData("gai", Emotion.Happiness)]
    [InlineData("sad", Emotion.Sadness)]
    [InlineData("triste", Emotion.Sadness)]
    [InlineData("scary", Emotion.Fear)]
    [InlineData("threat", Emotion.Fear)]
    [InlineData("FEAR", Emotion.Fear)]
    [InlineData("peur", Emotion.Fear)]
    [InlineData("peaceful", Emotion.Peacefulness)]
    [InlineData("tender", Emotion.Peacefulness)]
    [InlineData(" apaisant ", Emotion.Peacefulness)]
    public void Synonyms_map_to_the_papers_four_classes(string label, Emotion expected) =>
        Assert.Equal(expected, EmotionNames.Parse(label));

    [Theory]
    [InlineData("anger")]
    [InlineData("surprise")]
    [InlineData("")]
    public void Anger_and_other_labels_are_not_classes(string label)
    {
        Assert.False(EmotionNames.TryParse(label, out _));
        var e = Assert.Throws<FormatException>(() => EmotionNames.Parse(label));
        Assert.Contains($"'{label}'", e.Message);
    }

    [Fact]
    public void Names_round_trip() =>
        Assert.All(EmotionNames.All, e => Assert.Equal(e, EmotionNames.Parse(e.ToName())));
}
