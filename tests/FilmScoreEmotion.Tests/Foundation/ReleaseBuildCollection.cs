namespace FilmScoreEmotion.Tests.Foundation;

/// <summary>Tests that build the CLI's Release output (reproduce.ps1 through `dotnet run -c Release`, the notebooks in
/// the real kernel): two builds of one project at once would write the same files.</summary>
[CollectionDefinition(Name)]
public sealed class ReleaseBuildCollection
{
    public const string Name = "Release build of the CLI";
}
