namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// SplitMix64: a small, fast generator whose output is fixed by its definition, so the same seed gives the same
/// corpus on every machine and .NET version (System.Random's algorithm is an implementation detail).
/// </summary>
public sealed class Rng(ulong seed)
{
    ulong _state = seed;

    /// <summary>An independent stream for item <paramref name="index"/> of a run seeded with <paramref name="seed"/>.</summary>
    public static Rng For(long seed, long index, string purpose)
    {
        var h = Mix((ulong)seed ^ 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (ulong)index);
        foreach (var c in purpose)
            h = Mix(h ^ c);
        return new Rng(h);
    }

    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double Next() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double lo, double hi) => lo + (hi - lo) * Next();

    /// <summary>Uniform integer in [lo, hi).</summary>
    public int Int(int lo, int hi) => lo + (int)((NextULong() >> 33) % (ulong)(hi - lo));

    public bool Chance(double p) => Next() < p;

    /// <summary>Standard normal by Box-Muller (one value per call keeps the stream simple).</summary>
    public double Normal()
    {
        var u1 = 1.0 - Next();
        var u2 = Next();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count)];

    /// <summary>Picks by non-negative weights.</summary>
    public T Pick<T>(IReadOnlyList<(T item, double weight)> items)
    {
        var total = items.Sum(i => i.weight);
        var x = Next() * total;
        foreach (var (item, w) in items)
        {
            if (x < w)
                return item;
            x -= w;
        }
        return items[^1].item;
    }
}
