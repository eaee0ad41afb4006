namespace FilmScoreEmotion.Audio;

/// <summary>Calls into the managed decoders (NLayer, NVorbis), which signal a corrupt stream with whatever exception
/// their code happens to hit (index out of range, argument, invalid data): each becomes one message that names the
/// file and the codec. Only calls into those libraries go through here.</summary>
public static class InProcessCodec
{
    public static T Guard<T>(string path, string codec, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: {codec} could not decode it: {e.Message}", e);
        }
    }
}
