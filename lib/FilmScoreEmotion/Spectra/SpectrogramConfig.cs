namespace FilmScoreEmotion.Spectra;

/// <summary>Which time-frequency representation a model sees.</summary>
public enum SpectrogramKind
{
    Stft,
    Mel,
    Cqt,
}

/// <summary>How a centred transform fills the half window before the first and after the last sample.</summary>
public enum PadMode
{
    /// <summary>Zeros, librosa's default since 0.10.</summary>
    Constant,
    Reflect,
}

/// <summary>Which CQT algorithm: librosa's octave-wise halving, or every filter applied at the full rate.</summary>
public enum CqtAlgorithm
{
    /// <summary>librosa.cqt(res_type='polyphase'): one octave at a time, halving the signal between octaves.</summary>
    Polyphase,

    /// <summary>The same filters at the input rate with no downsampling (about 1.5 % away from Polyphase).</summary>
    FullRate,
}

/// <summary>Spectrogram parameters: the paper's (16 kHz, 512-sample Hann windows, 50 % overlap) and, where it is
/// silent, librosa 0.11's defaults (128 Slaney mels; CQT from C1, 84 bins, 12 per octave, scale=True).</summary>
public sealed record SpectrogramConfig
{
    public int SampleRate { get; init; } = 16000;
    public int NFft { get; init; } = 512;
    public int HopLength { get; init; } = 256;
    public bool Center { get; init; } = true;
    public PadMode PadMode { get; init; } = PadMode.Constant;

    public int NMels { get; init; } = 128;
    public double MelFMin { get; init; }

    /// <summary>Upper edge of the mel filterbank; null means the Nyquist frequency.</summary>
    public double? MelFMax { get; init; }

    /// <summary>C1, librosa's default lowest CQT frequency.</summary>
    public double FMin { get; init; } = 32.703195662574829;
    public int NBins { get; init; } = 84;
    public int BinsPerOctave { get; init; } = 12;
    public double FilterScale { get; init; } = 1.0;

    /// <summary>Share of each CQT filter's spectral L1 mass dropped as its smallest coefficients (librosa's sparsity).</summary>
    public double Sparsity { get; init; } = 0.01;
    public CqtAlgorithm CqtAlgorithm { get; init; } = CqtAlgorithm.Polyphase;

    public double TopDb { get; init; } = 80.0;
    public double AminPower { get; init; } = 1e-10;
    public double AminAmplitude { get; init; } = 1e-5;

    public int FrequencyBins => NFft / 2 + 1;

    /// <summary>Frames of a centred transform of `samples` samples; of an uncentred one, whole windows only.</summary>
    public long Frames(long samples) => Center ? 1 + samples / HopLength : samples < NFft ? 0 : 1 + (samples - NFft) / HopLength;

    public int Bins(SpectrogramKind kind) =>
        kind switch
        {
            SpectrogramKind.Stft => FrequencyBins,
            SpectrogramKind.Mel => NMels,
            _ => NBins,
        };

    /// <summary>The first parameter no transform can use, or null: a saved model's parameters come from a file, and a
    /// zero rate or hop would otherwise fail deep inside the transform with a message that names neither.</summary>
    public string? Problem() =>
        this switch
        {
            { SampleRate: <= 0 } => $"SampleRate {SampleRate} is not a positive number of Hz",
            { NFft: <= 0 } => $"NFft {NFft} is not a positive window length",
            { HopLength: <= 0 } => $"HopLength {HopLength} is not a positive hop",
            { NMels: <= 0 } => $"NMels {NMels} is not a positive number of mel bands",
            { NBins: <= 0 } => $"NBins {NBins} is not a positive number of CQT bins",
            { BinsPerOctave: <= 0 } => $"BinsPerOctave {BinsPerOctave} is not positive",
            _ when !(FMin > 0 && double.IsFinite(FMin)) => $"FMin {FMin} is not a positive frequency",
            _ when !(FilterScale > 0 && double.IsFinite(FilterScale)) => $"FilterScale {FilterScale} is not positive",
            _ when !(Sparsity is >= 0 and < 1) => $"Sparsity {Sparsity} is not in [0, 1)",
            _ when !(TopDb >= 0) => $"TopDb {TopDb} is not 0 or more",
            _ when !(AminPower > 0 && double.IsFinite(AminPower)) || !(AminAmplitude > 0 && double.IsFinite(AminAmplitude)) => "Amin is not a positive floor",
            _ when !(MelFMin >= 0 && double.IsFinite(MelFMin)) || MelFMax is { } top && !(top > MelFMin && double.IsFinite(top)) => "MelFMin or MelFMax is not a frequency band",
            _ => null,
        };
}
