namespace FilmScoreEmotion.Audio;

/// <summary>A decoder's output before downmix and resampling, as it streams from the file.</summary>
/// <param name="Chunks">Interleaved float32 chunks <c>// (frames, channels)</c>, whole frames each; enumerating reopens
/// the file, so the header has already been checked when this record exists.</param>
public sealed record PcmStream(int SampleRate, int Channels, IEnumerable<float[]> Chunks);
