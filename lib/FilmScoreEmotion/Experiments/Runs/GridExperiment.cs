using System.Collections.Immutable;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;

namespace FilmScoreEmotion.Experiments.Runs;

/// <summary>The runs one notebook's figures need: some (model, spectrogram) pairs under some protocols.</summary>
public sealed record GridExperiment(string Name, ImmutableArray<ModelInput> Inputs, ImmutableArray<ProtocolKind> Protocols)
{
    static readonly ImmutableArray<ProtocolKind> CrossValidation = [ProtocolKind.SegmentKFold, ProtocolKind.GroupedKFold];

    /// <summary>Fig 4-5: BasicCnn on the three spectrograms.</summary>
    public static readonly GridExperiment BasicCnn = new("basic-cnn", [.. ExperimentProfile.PaperGrid.Where(i => i.Model == ModelKind.Basic)], CrossValidation);

    /// <summary>Fig 6: CNN4 on the CQT, cross-validated and in the paper's training/validation phase.</summary>
    public static readonly GridExperiment Cnn4 = new("cnn4", [new(ModelKind.Cnn4, SpectrogramKind.Cqt)], [.. CrossValidation, ProtocolKind.GroupedSplit]);

    /// <summary>Fig 7 and 9: every model the paper ran on the CQT.</summary>
    public static readonly GridExperiment CqtModels = new("cqt-models", [.. ExperimentProfile.PaperGrid.Where(i => i.Spectrogram == SpectrogramKind.Cqt)], CrossValidation);

    /// <summary>Fig 10: CNN4's confusion in the training/validation phase.</summary>
    public static readonly GridExperiment Confusion = new("confusion", [new(ModelKind.Cnn4, SpectrogramKind.Cqt)], [ProtocolKind.GroupedSplit]);

    /// <summary>Fig 11: CNN3's recall beside the listeners'.</summary>
    public static readonly GridExperiment Cnn3 = new("cnn3", [new(ModelKind.Cnn3, SpectrogramKind.Cqt)], CrossValidation);

    /// <summary>Everything the notebooks train: the grid `fse grid plan` and `fse reproduce` run.</summary>
    public static readonly ImmutableArray<GridExperiment> Notebooks = [BasicCnn, Cnn4, CqtModels, Confusion, Cnn3];
}
