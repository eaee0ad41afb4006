namespace FilmScoreEmotion.Tests.Notebooks;

/// <summary>The figures the notebooks write into the results folder (issue 6's list), whichever route runs them.</summary>
public static class NotebookFigures
{
    public static readonly IReadOnlyList<string> Html =
    [
        "fig01-emotion-space",
        "fig02-basic-cnn",
        "fig04-basic-cnn-accuracy",
        "fig05-basic-cnn-f1",
        "fig06-cnn4-accuracy",
        "fig07-box",
        "fig09-models-accuracy",
        "fig10-confusion",
        "fig11-human-recognition-segment-kfold",
        "fig-captions-timeline",
    ];
}
