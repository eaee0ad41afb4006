using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Tests.IO;

public class ReadAheadTests
{
    [Fact]
    public void TheItemsComeInOrder() =>
        Assert.Equal(Enumerable.Range(0, 1000), ReadAhead.Items(Enumerable.Range(0, 1000), 3));

    [Fact]
    public void AnExceptionOfTheSourceComesOutAfterTheItemsBeforeIt()
    {
        static IEnumerable<int> Failing()
        {
            yield return 1;
            yield return 2;
            throw new InvalidDataException("film.mp3: broken frame");
        }
        var seen = new List<int>();
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var item in ReadAhead.Items(Failing(), 4))
                seen.Add(item);
        });
        Assert.Equal("film.mp3: broken frame", e.Message);
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void StoppingEarlyDisposesTheSource()
    {
        var disposed = false;
        IEnumerable<int> Endless()
        {
            try
            {
                for (var i = 0; ; i++)
                    yield return i;
            }
            finally
            {
                disposed = true;
            }
        }
        Assert.Equal([0, 1, 2], ReadAhead.Items(Endless(), 2).Take(3));
        Assert.True(disposed);
    }
}
