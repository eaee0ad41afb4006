using System.Threading.Channels;

namespace FilmScoreEmotion.IO;

/// <summary>Enumerates a source on a thread of its own, up to <c>depth</c> items ahead of the consumer, so an in-process
/// decoder works while the consumer (the captioning model) does, as the ffmpeg process always did beside it.</summary>
public static class ReadAhead
{
    /// <summary>The items of <paramref name="source"/> in order. An exception the source throws comes out of the
    /// enumeration at the item where it happened; stopping early stops the source and disposes it.</summary>
    public static IEnumerable<T> Items<T>(IEnumerable<T> source, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        return Iterate(source, depth);

        static IEnumerable<T> Iterate(IEnumerable<T> source, int depth)
        {
            var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(depth) { SingleReader = true, SingleWriter = true });
            using var stop = new CancellationTokenSource();
            var producer = Task.Run(async () =>
            {
                try
                {
                    foreach (var item in source)
                        await channel.Writer.WriteAsync(item, stop.Token);
                    channel.Writer.Complete();
                }
                catch (Exception e)
                {
                    channel.Writer.Complete(e);
                }
            });
            try
            {
                while (channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                    while (channel.Reader.TryRead(out var item))
                        yield return item;
            }
            finally
            {
                stop.Cancel();
                producer.GetAwaiter().GetResult();
            }
        }
    }
}
