// The library and the packages the notebooks use, by path from the Release build output (setup.csx, run by the cell
// before, has checked that it is there and binds their dependencies to the same folder's copies). Not
// `#r "nuget: ..."`: the kernel loads NuGet packages into its default load context, where its own FSharp.Core 10.0
// already sits, and Deedle 8.1 and Plotly.NET 6 (built against FSharp.Core 10.1) then fail to load it (measured in
// dotnet-interactive 1.0.712001 and dotnet-repl 0.3.259, README "Notebooks"). In the headless runner (the same
// kernel inside fse) each line binds to the assembly of the same identity that fse already holds, wherever fse was
// built: measured, one TorchSharp in the default load context.
#r "../lib/FilmScoreEmotion.Cli/bin/Release/net10.0/TorchSharp.dll"
#r "../lib/FilmScoreEmotion.Cli/bin/Release/net10.0/FSharp.Core.dll"
#r "../lib/FilmScoreEmotion.Cli/bin/Release/net10.0/Plotly.NET.dll"
#r "../lib/FilmScoreEmotion.Cli/bin/Release/net10.0/Plotly.NET.CSharp.dll"
#r "../lib/FilmScoreEmotion.Cli/bin/Release/net10.0/Deedle.dll"
#r "../lib/FilmScoreEmotion.Cli/bin/Release/net10.0/NAudio.Core.dll"
#r "../lib/FilmScoreEmotion.Cli/bin/Release/net10.0/NLayer.dll"
#r "../lib/FilmScoreEmotion.Cli/bin/Release/net10.0/NVorbis.dll"
#r "../lib/FilmScoreEmotion.Cli/bin/Release/net10.0/FilmScoreEmotion.dll"

// One call per figure: written to the results folder as NAME.html (opens offline) and shown in the notebook. Named
// in full so that it compiles whatever the cell's usings and the route (headless runner, dotnet repl, Jupyter).
void Show(Plotly.NET.GenericChart chart, string resultsDirectory, string name)
{
    FilmScoreEmotion.Figures.FigureExport.SaveHtml(chart, resultsDirectory, name);
    Microsoft.DotNet.Interactive.Kernel.display(Microsoft.DotNet.Interactive.Kernel.HTML(FilmScoreEmotion.Figures.FigureExport.NotebookHtml(chart)));
}
