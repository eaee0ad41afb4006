#!/usr/bin/env bash
# Builds the bundle for machines without .NET (GPU servers, cluster nodes): the fse CLI and its notebook runner built
# with TorchBackend=cuda (no libtorch of their own: they load FSE_LIBTORCH's or the installed PyTorch's), this
# machine's .NET runtime, and a launcher that unpacks both once per bundle and runs fse.
#
#   bash lib/build/bundle.sh [OUT]        (OUT defaults to dist/gpu-bundle; dist/ is not committed)
#   OUT/fse info                          (on the target: FSE_LIBTORCH=DIR OUT/fse ..., or with PyTorch installed)
#
# OUT holds: fse (the launcher), app.tar.xz, dotnet.tar.xz. Copy the folder as a whole.
# FSE_BUNDLE_XZ_LEVEL (default 6) trades size for build time: the tests use 1 (29 MB runtime in 26 s, not 27 MB in 90 s).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(realpath -m "${1:-$root/dist/gpu-bundle}")"
configuration="${FSE_BUNDLE_CONFIGURATION:-Release}"
stage="$(mktemp -d "${TMPDIR:-/tmp}/fse-bundle-stage.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

dotnet publish "$root/lib/FilmScoreEmotion.Cli/FilmScoreEmotion.Cli.csproj" -c "$configuration" -p:TorchBackend=cuda \
  --no-self-contained -o "$stage/app" -nologo -v quiet

# The cuda build has no libtorch and only Linux glue; a libtorch here would be loaded instead of the user's.
if compgen -G "$stage/app/runtimes/linux-*/native/libtorch*.so" >/dev/null || [ -d "$stage/app/runtimes/win-x64" ]; then
  echo "error: $stage/app: the cuda build's output holds libtorch or non-Linux glue" >&2
  exit 1
fi

dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
framework="$(sed -n 's/.*"version": *"\([0-9]*\.[0-9]*\)\..*/\1/p' "$stage/app/fse.runtimeconfig.json" | head -n 1)"
runtime="$(ls -d "$dotnet_root"/shared/Microsoft.NETCore.App/"$framework".* | sort -V | tail -n 1)"
if [ ! -x "$dotnet_root/dotnet" ] || [ ! -d "$dotnet_root/host/fxr" ] || [ ! -d "$runtime" ]; then
  echo "error: $dotnet_root: no .NET $framework runtime to pack (dotnet, host/fxr, shared/Microsoft.NETCore.App/$framework.*)" >&2
  exit 1
fi

# Written in the stage and moved at the end, so OUT never holds half a bundle.
tar -C "$stage" -cf - app | xz -T0 "-${FSE_BUNDLE_XZ_LEVEL:-6}" >"$stage/app.tar.xz"
tar -C "$dotnet_root" -cf - dotnet host/fxr "shared/Microsoft.NETCore.App/$(basename "$runtime")" \
  | xz -T0 "-${FSE_BUNDLE_XZ_LEVEL:-6}" >"$stage/dotnet.tar.xz"
bundle_id="$(cat "$stage/app.tar.xz" "$stage/dotnet.tar.xz" | sha256sum | cut -c1-16)"

cat >"$stage/fse" <<LAUNCHER
#!/usr/bin/env bash
# fse bundle $bundle_id: unpacks the app and the .NET runtime beside it into a temporary folder (once per bundle)
# and runs fse there. FSE_LIBTORCH and every argument pass through; FSE_BUNDLE_DIR moves the unpacked copy.
set -euo pipefail
here="\$(cd "\$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
target="\${FSE_BUNDLE_DIR:-\${TMPDIR:-/tmp}/fse-bundle-$bundle_id}"
if [ ! -x "\$target/dotnet/dotnet" ]; then
  mkdir -p "\$(dirname "\$target")"
  partial="\$(mktemp -d "\$target.partial.XXXXXX")"
  tar -C "\$partial" -xJf "\$here/app.tar.xz"
  mkdir "\$partial/dotnet"
  tar -C "\$partial/dotnet" -xJf "\$here/dotnet.tar.xz"
  # A rename is atomic: a launcher started beside this one sees the whole folder or none and never a half.
  mv -T "\$partial" "\$target" 2>/dev/null || rm -rf "\$partial"
fi
export DOTNET_ROOT="\$target/dotnet"
export PATH="\$target/dotnet:\$PATH"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
exec "\$target/dotnet/dotnet" "\$target/app/fse.dll" "\$@"
LAUNCHER
chmod +x "$stage/fse"

mkdir -p "$(dirname "$out")"
rm -rf "$out.old"
[ -e "$out" ] && mv "$out" "$out.old"
mkdir "$out"
mv "$stage/fse" "$stage/app.tar.xz" "$stage/dotnet.tar.xz" "$out/"
rm -rf "$out.old"
echo "$out: $(du -cb "$out"/* | tail -n 1 | cut -f1) bytes (bundle $bundle_id)"
