#!/usr/bin/env pwsh
# Thin wrapper over the README's reproduce command; every argument is passed through unchanged,
# e.g.  ./reproduce.ps1 --profile paper --device cuda
$ErrorActionPreference = 'Stop'
Set-Location -Path $PSScriptRoot
& dotnet run --project lib/FilmScoreEmotion.Cli -c Release -- reproduce @args
exit $LASTEXITCODE
