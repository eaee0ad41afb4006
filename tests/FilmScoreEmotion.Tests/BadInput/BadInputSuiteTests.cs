using System.Text.Json.Nodes;

namespace FilmScoreEmotion.Tests.BadInput;

/// <summary>The bad-input table of issue #20 as tests, one class per kind of input so each can be run alone
/// (`--filter FullyQualifiedName~BadInput.BadAudioTests`). Every row goes through
/// <see cref="BadInputCase.AssertRefused"/>.</summary>
public static class BadInputSuite
{
    const string Header = "excerptId,source,emotion,path,durationSec";
    static readonly string[] Emotions = ["happiness", "sadness", "fear", "peacefulness"];

    /// <summary>Eight 3-s excerpts, two per emotion, with <paramref name="edit"/> applied to the rows.</summary>
    static string Corpus(Scratch s, Func<string[], string[]>? edit = null)
    {
        var names = Enumerable.Range(0, 8).Select(i => $"e{i}.wav").ToArray();
        s.Excerpts(3, names);
        var rows = names.Select((n, i) => $"e{i},test,{Emotions[i % 4]},{n},3").ToArray();
        return s.Manifest(Header, edit is null ? rows : edit(rows));
    }

    static string[] Train(string manifest, string output, params string[] more) =>
        With(["train", "--corpus", manifest, "--model", "cnn4", "--features", "cqt", "--protocol", "grouped-kfold", "--folds", "2", "--epochs", "1", "--no-model", "--output", output], more);

    /// <summary>The arguments with each option of <paramref name="more"/> (pairs) set: replaced where given, else added.</summary>
    static string[] With(string[] args, params string[] more)
    {
        var result = args.ToList();
        for (var i = 0; i < more.Length; i += 2)
            if (result.IndexOf(more[i]) is var at and >= 0)
                result[at + 1] = more[i + 1];
            else
                result.AddRange(more[i..(i + 2)]);
        return [.. result];
    }

    static string[] Caption(Scratch s, string input, string model, params string[] more) =>
        With(["caption", "--input", input, "--output", s["out.vtt"], "--model", model, "--device", "cpu"], more);

    static string[] CaptionTone(Scratch s, params string[] more) => Caption(s, BadInputFiles.Tone, BadInputFiles.ModelJson, more);

    static string[] Features(string input, string output, string kind = "cqt") => ["features", "--kind", kind, "--input", input, "--output", output, "--device", "cpu"];

    static string[] ModelCase(Scratch s, Action<JsonObject> edit) => Caption(s, BadInputFiles.Tone, s.Model("m", edit));

    static byte[] FloatWav(float[] samples, int rate = 16000)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8); w.Write(36 + samples.Length * 4); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((ushort)3); w.Write((ushort)1); w.Write(rate); w.Write(rate * 4); w.Write((ushort)4); w.Write((ushort)32);
        w.Write("data"u8); w.Write(samples.Length * 4);
        foreach (var v in samples)
            w.Write(v);
        return stream.ToArray();
    }

    public static readonly BadInputCase[] Audio =
    [
        new("empty file", s => Features(s.Bytes("e.wav", []), s["e.npy"]), "e.wav", "empty file"),
        new("text named .wav", s => Features(s.Text("t.wav", "this is not audio"), s["t.npy"]), "t.wav", "not a RIFF/WAVE file"),
        new("header says 4,000,000,000 Hz", s => Features(s.WavWithHeader("r.wav", 24, 4_000_000_000, 4), s["r.npy"]), "r.wav", "sample rate of"),
        new("header says 0 Hz", s => Features(s.WavWithHeader("z.wav", 24, 0, 4), s["z.npy"]), "z.wav", "sample rate of 0 Hz"),
        new("header says 0 channels", s => Features(s.WavWithHeader("c.wav", 22, 0, 2), s["c.npy"]), "c.wav", "0 channels"),
        new("truncated header", s => Features(s.Bytes("h.wav", File.ReadAllBytes(BadInputFiles.Tone)[..30]), s["h.npy"]), "h.wav", "truncated"),
        new("NaN samples", s => Features(s.Bytes("n.wav", FloatWav([.. BadInputFiles.Signal(3, 440).Select((v, i) => i == 7000 ? float.NaN : v)])), s["n.npy"]), "n.wav", "NaN"),
        new("one bad file among good ones", s =>
        {
            s.Wav("in/a.wav", 3);
            s.Text("in/b.wav", "not audio");
            s.Wav("in/c.wav", 3, 660);
            return Features(s["in"], s["out"]);
        }, "b.wav", "not a RIFF/WAVE file"),
        new("folder without audio", s => Features(Path.GetDirectoryName(s.Text("in/notes.txt", "x"))!, s["out"]), "in", "no audio files"),
        new("missing input", s => Features(s["nope.wav"], s["n.npy"]), "nope.wav", "no such file or folder"),
        new("caption: 1 s of audio", s => Caption(s, s.Wav("short.wav", 1), BadInputFiles.ModelJson), "short.wav", "captioning needs at least 2 s"),
        // a model that would fail on any window (126 frames, it says 125): the length is checked before the model runs
        new("caption: 1 s of audio never reaches the model", s => Caption(s, s.Wav("short.wav", 1), s.Model("m", m => m["Frames"] = 125)), "short.wav", "captioning needs at least 2 s"),
        new("caption: silence", s => Caption(s, s.Bytes("quiet.wav", FloatWav(new float[16000 * 5])), BadInputFiles.ModelJson), "quiet.wav", "silent"),
        new("caption: text named .mp3", s => Caption(s, s.Text("notes.mp3", "not audio at all"), BadInputFiles.ModelJson), "notes.mp3"),
        new("caption: input is a folder", s => Caption(s, s.Folder("films"), BadInputFiles.ModelJson), "films", "is a folder; --input"),
        new("caption: missing input", s => Caption(s, s["gone.mp4"], BadInputFiles.ModelJson), "gone.mp4", "file not found"),
    ];

    public static readonly BadInputCase[] Outputs =
    [
        new("caption --output is the input", s => Caption(s, s.Wav("x.wav", 3), BadInputFiles.ModelJson, "--output", s["x.wav"]), "x.wav", "names an input"),
        new("caption --srt is the input", s => Caption(s, s.Wav("x.wav", 3), BadInputFiles.ModelJson, "--srt", s["x.wav"]), "x.wav", "--srt names an input"),
        new("caption --html is the model", s => Caption(s, BadInputFiles.Tone, s.Model("m", _ => { }), "--html", s["m.json"]), "m.json", "--html names an input"),
        new("caption --output is a folder", s => Caption(s, BadInputFiles.Tone, BadInputFiles.ModelJson, "--output", s.Folder("subs")), "subs", "is a folder; --output"),
        new("caption --output in a missing folder", s => Caption(s, BadInputFiles.Tone, BadInputFiles.ModelJson, "--output", s["no/where.vtt"]), "where.vtt", "does not exist"),
        new("caption --srt is --output", s => CaptionTone(s, "--srt", s["out.vtt"]), "out.vtt", "name the same file"),
        new("features --output is the input", s => Features(s.Wav("x.wav", 3), s["x.wav"]), "x.wav", "is a file"),
        new("features --output FILE.npy is a folder", s => Features(BadInputFiles.Tone, s.Folder("x.npy")), "x.npy", "is a folder"),
        new("features --output in a missing folder", s => Features(BadInputFiles.Tone, s["no/x.npy"]), "x.npy", "does not exist"),
        new("train --output is a file", s => Train(Corpus(s), s.Text("results", "a file")), "results", "is a file; --output takes a folder"),
        new("train --output inside a file", s => Train(Corpus(s), Path.Combine(s.Text("results", "a file"), "run")), "results", "is a file"),
        new("train --output is the manifest", s => Train(Corpus(s), s["corpus/manifest.csv"]), "manifest.csv", "is a file"),
        new("reproduce --results is a file", s => ["reproduce", "--results", s.Text("results", "x")], "results", "is a file; --results takes a folder"),
        new("notebook run --output is a file", s => ["notebook", "run", s.Text("a.ipynb", "{}"), "--output", s.Text("executed", "x")], "executed", "is a file; --output takes a folder"),
        new("corpus synthesize --output is a file", s => ["corpus", "synthesize", "--output", s.Text("synthetic", "x")], "synthetic", "is a file"),
    ];

    public static readonly BadInputCase[] Manifests =
    [
        new("durationSec NaN (describe)", s => ["corpus", "describe", Corpus(s, r => [r[0].Replace(",3", ",NaN"), .. r[1..]])], "manifest.csv: row 2", "durationSec 'NaN'"),
        new("durationSec Infinity (describe)", s => ["corpus", "describe", Corpus(s, r => [r[0].Replace(",3", ",Infinity"), .. r[1..]])], "manifest.csv: row 2", "durationSec 'Infinity'"),
        new("durationSec Infinity (train)", s => Train(Corpus(s, r => [r[0].Replace(",3", ",Infinity"), .. r[1..]]), s["out"]), "manifest.csv: row 2", "durationSec 'Infinity'"),
        new("durationSec 1e300", s => ["corpus", "describe", Corpus(s, r => [r[0].Replace(",3", ",1e300"), .. r[1..]])], "manifest.csv: row 2", "durationSec '1e300'"),
        new("durationSec negative", s => ["corpus", "describe", Corpus(s, r => [r[0].Replace(",3", ",-1"), .. r[1..]])], "manifest.csv: row 2", "durationSec '-1'"),
        new("two path columns", s => ["corpus", "describe", s.Manifest(Header + ",path", "e0,test,fear,e0.wav,3,e1.wav")], "manifest.csv", "'path' 2 times"),
        new("unknown emotion", s => ["corpus", "describe", Corpus(s, r => [r[0].Replace("happiness", "anger"), .. r[1..]])], "manifest.csv: row 2", "unknown emotion 'anger'"),
        new("control bytes in a field", s => ["corpus", "describe", Corpus(s, r => [r[0].Replace("happiness", "\u0001\u001b[31mjoy"), .. r[1..]])], "manifest.csv: row 2", "unknown emotion"),
        new("empty manifest", s => ["corpus", "describe", s.Manifest("")], "manifest.csv", "empty manifest"),
        new("header without durationSec", s => ["corpus", "describe", s.Manifest("excerptId,source,emotion,path", "e0,test,fear,e0.wav")], "manifest.csv", "lacks column(s) durationSec"),
        new("missing manifest", s => ["corpus", "describe", s["corpus/none.csv"]], "none.csv", "not found"),
        new("excerpt shorter than 2 s", s =>
        {
            var manifest = Corpus(s);
            s.Wav("corpus/e3.wav", 1.5);
            return Train(manifest, s["out"]);
        }, "e3.wav", "shorter than one 2 s segment"),
        new("audio file missing", s =>
        {
            var manifest = Corpus(s);
            File.Delete(s["corpus/e5.wav"]);
            return Train(manifest, s["out"]);
        }, "e5.wav", "does not exist"),
        new("audio file is text", s =>
        {
            var manifest = Corpus(s);
            s.Text("corpus/e6.wav", "not audio");
            return Train(manifest, s["out"]);
        }, "e6.wav", "not a RIFF/WAVE file"),
        new("one class only", s => Train(Corpus(s, r => [.. r.Select(x => x.Replace("sadness", "happiness").Replace("fear", "happiness").Replace("peacefulness", "happiness"))]), s["out"]), "manifest.csv", "1 class"),
    ];

    public static readonly BadInputCase[] Models =
    [
        new("model file holds null", s => Caption(s, BadInputFiles.Tone, s.Text("m.json", "null")), "m.json", "holds null"),
        new("model file truncated", s => Caption(s, BadInputFiles.Tone, s.Text("m.json", File.ReadAllText(BadInputFiles.ModelJson)[..40])), "m.json", "not a saved-model description"),
        new("Spectrogram \"7\"", s => ModelCase(s, m => m["Spectrogram"] = "7"), "m.json", "Spectrogram '7'"),
        new("Spectrogram \"chroma\"", s => ModelCase(s, m => m["Spectrogram"] = "chroma"), "m.json", "Spectrogram 'chroma'"),
        new("Mean 1e39", s => ModelCase(s, m => m["Members"]![0]!["Mean"]![0] = JsonValue.Create(1e39)), "m.json", "mean is not a finite"),
        new("Std 0", s => ModelCase(s, m => m["Members"]![0]!["Std"]![3] = 0), "m.json", "deviation is not a positive"),
        new("SpectrogramParameters not JSON", s => ModelCase(s, m => m["SpectrogramParameters"] = "{SampleRate: oops"), "m.json", "SpectrogramParameters"),
        new("SpectrogramParameters SampleRate 0", s => ModelCase(s, m => m["SpectrogramParameters"] = "{\"SampleRate\":0}"), "m.json", "SampleRate 0"),
        new("Bins disagree with the parameters", s => ModelCase(s, m => m["Bins"] = 83), "m.json", "Bins 83"),
        new("Format 3", s => ModelCase(s, m => m["Format"] = 3), "m.json", "format 3"),
        new("no members", s => ModelCase(s, m => m["Members"] = new JsonArray()), "m.json", "no members"),
        new("unknown Model", s => ModelCase(s, m => m["Model"] = "vgg"), "m.json", "unknown model 'vgg'"),
        new("one class name", s => ModelCase(s, m => m["ClassNames"] = new JsonArray("fear")), "m.json", "fewer than 2 class names"),
        new("weights missing", s =>
        {
            var args = ModelCase(s, _ => { });
            File.Delete(s["m.weights"]);
            return args;
        }, "m.weights", "weights file is missing"),
        new("weights corrupt", s =>
        {
            var args = ModelCase(s, _ => { });
            File.WriteAllBytes(s["m.weights"], new byte[100]);
            return args;
        }, "m.weights", "do not fit"),
        new("--model missing", s => Caption(s, BadInputFiles.Tone, s["none.json"]), "none.json", "saved model not found"),
        new("no --model outside a checkout", s => ["caption", "--input", BadInputFiles.Tone, "--output", s["out.vtt"]], "--model"),
    ];

    public static readonly BadInputCase[] Options =
    [
        new("--min-confidence 7", s => CaptionTone(s, "--min-confidence", "7"), "--min-confidence 7", "between 0 and 1"),
        new("--min-confidence -1", s => CaptionTone(s, "--min-confidence", "-1"), "--min-confidence -1", "between 0 and 1"),
        new("--min-confidence NaN", s => CaptionTone(s, "--min-confidence", "NaN"), "--min-confidence NaN", "between 0 and 1"),
        new("--min-cue -5", s => CaptionTone(s, "--min-cue", "-5"), "--min-cue -5", "0 or more"),
        new("--min-cue text", s => CaptionTone(s, "--min-cue", "long"), "--min-cue", "'long'", "a number"),
        new("grid run --index text", s => ["grid", "run", s.Folder("grid"), "--index", "abc"], "--index", "'abc'", "a whole number"),
        new("train --epochs 0", s => Train(Corpus(s), s["out"], "--epochs", "0"), "--epochs must be at least 1"),
        new("train --folds text", s => Train(Corpus(s), s["out"], "--folds", "two"), "--folds", "'two'", "a whole number"),
        new("train --features chroma", s => Train(Corpus(s), s["out"], "--features", "chroma"), "unknown features 'chroma'"),
        new("features --kind chroma", s => Features(BadInputFiles.Tone, s["x.npy"], "chroma"), "unknown --kind 'chroma'"),
        new("unknown option", s => CaptionTone(s, "--colour", "red"), "--colour"),
        new("--device tpu", s => CaptionTone(s, "--device", "tpu"), "unknown device 'tpu'"),
        new("--device cuda without CUDA", s => CaptionTone(s, "--device", "cuda"), "--device cuda", "CUDA"),
    ];

    public static readonly BadInputCase[] Plans =
    [
        new("grid run: no grid.json", s => ["grid", "run", s.Folder("grid"), "--index", "0"], "grid.json"),
        new("grid run: grid.json not JSON", s => ["grid", "run", Path.GetDirectoryName(s.Text("grid/grid.json", "{ not json"))!, "--index", "0"], "grid.json"),
        new("grid merge: no grid.json", s => ["grid", "merge", s.Folder("grid")], "grid.json"),
        new("grid slurm: no grid.json", s => ["grid", "slurm", s.Folder("grid")], "grid.json"),
        new("grid plan --output is a file", s => ["grid", "plan", "--profile", "smoke", "--output", s.Text("plan", "x")], "plan", "is a file; --output takes a folder"),
        new("grid plan --profile huge", s => ["grid", "plan", "--profile", "huge", "--output", s["plan"]], "unknown profile 'huge'"),
    ];

    /// <summary>`fse check` on a labels file of <paramref name="labels"/> beside two 3-s tones, a.wav and b.wav.</summary>
    static string[] CheckLabels(Scratch s, string labels, params string[] more)
    {
        s.Wav("music/a.wav", 3);
        s.Wav("music/b.wav", 3, 660);
        return With(["check", "--labels", s.Text("music/labels.csv", labels), "--model", BadInputFiles.ModelJson, "--device", "cpu"], more);
    }

    public static readonly BadInputCase[] Labels =
    [
        new("check: no labels file", s => ["check", "--labels", s["gone.csv"], "--model", BadInputFiles.ModelJson], "gone.csv", "labels file not found"),
        new("check: labels file is a folder", s => ["check", "--labels", s.Folder("labels"), "--model", BadInputFiles.ModelJson], "labels", "is a folder"),
        new("check: wrong header", s => CheckLabels(s, "name,label\na.wav,sadness\n"), "labels.csv", "expected the header file,emotion"),
        new("check: only the header", s => CheckLabels(s, "file,emotion\n"), "labels.csv", "no pieces"),
        new("check: a row short of a field", s => CheckLabels(s, "file,emotion,keyword\na.wav,sadness\n"), "labels.csv, row 2", "2 fields where the header has 3"),
        new("check: unknown emotion", s => CheckLabels(s, "file,emotion\na.wav,sadness\nb.wav,bored\n"), "labels.csv, row 3", "unknown emotion 'bored'"),
        new("check: no file named", s => CheckLabels(s, "file,emotion\n,sadness\n"), "labels.csv, row 2", "no file named"),
        new("check: a file labelled twice", s => CheckLabels(s, "file,emotion\na.wav,sadness\na.wav,fear\n"), "labels.csv", "a.wav is labelled 2 times"),
        new("check: a labelled file missing", s => CheckLabels(s, "file,emotion\na.wav,sadness\nc.wav,fear\n"), "labels.csv", "1 of its 2 pieces not found", "c.wav"),
        new("check: --audio missing", s => CheckLabels(s, "file,emotion\na.wav,sadness\n", "--audio", s["elsewhere"]), "elsewhere", "audio folder not found"),
        new("check: a label the model lacks", s => CheckLabels(s, "file,emotion\na.wav,sadness\n", "--model", s.Model("m", m => m["ClassNames"] = new JsonArray("happiness", "calm", "fear", "peacefulness"))), "labels.csv", "sadness are not classes of the model"),
        new("check --output is the labels", s => CheckLabels(s, "file,emotion\na.wav,sadness\n", "--output", s["music/labels.csv"]), "labels.csv", "--output names an input"),
        new("check --output is a piece", s => CheckLabels(s, "file,emotion\na.wav,sadness\n", "--output", s["music/a.wav"]), "a.wav", "--output names an input"),
        new("check: neither --labels nor --set", s => ["check", "--model", BadInputFiles.ModelJson], "--labels", "--set"),
        new("check --set unknown", s => ["check", "--set", "zelda", "--model", BadInputFiles.ModelJson], "unknown --set 'zelda'"),
        new("check --set with --labels", s => CheckLabels(s, "file,emotion\na.wav,sadness\n", "--set", "wesnoth"), "--set", "not both"),
        new("check --set outside a checkout", s => ["check", "--set", "wesnoth", "--model", BadInputFiles.ModelJson], "--set wesnoth", "checkout"),
    ];

    public static TheoryData<string> Names(BadInputCase[] cases) => [.. cases.Select(c => c.Name)];

    public static void Check(BadInputCase[] cases, string name) => cases.Single(c => c.Name == name).AssertRefused();
}

public sealed class BadAudioTests
{
    public static TheoryData<string> Cases => BadInputSuite.Names(BadInputSuite.Audio);

    [Theory, MemberData(nameof(Cases))]
    public void IsRefused(string name) => BadInputSuite.Check(BadInputSuite.Audio, name);
}

public sealed class BadOutputTests
{
    public static TheoryData<string> Cases => BadInputSuite.Names(BadInputSuite.Outputs);

    [Theory, MemberData(nameof(Cases))]
    public void IsRefused(string name) => BadInputSuite.Check(BadInputSuite.Outputs, name);
}

public sealed class BadManifestTests
{
    public static TheoryData<string> Cases => BadInputSuite.Names(BadInputSuite.Manifests);

    [Theory, MemberData(nameof(Cases))]
    public void IsRefused(string name) => BadInputSuite.Check(BadInputSuite.Manifests, name);
}

public sealed class BadModelTests
{
    public static TheoryData<string> Cases => BadInputSuite.Names(BadInputSuite.Models);

    [Theory, MemberData(nameof(Cases))]
    public void IsRefused(string name) => BadInputSuite.Check(BadInputSuite.Models, name);
}

public sealed class BadOptionTests
{
    public static TheoryData<string> Cases => BadInputSuite.Names(BadInputSuite.Options);

    [Theory, MemberData(nameof(Cases))]
    public void IsRefused(string name) => BadInputSuite.Check(BadInputSuite.Options, name);
}

public sealed class BadPlanTests
{
    public static TheoryData<string> Cases => BadInputSuite.Names(BadInputSuite.Plans);

    [Theory, MemberData(nameof(Cases))]
    public void IsRefused(string name) => BadInputSuite.Check(BadInputSuite.Plans, name);
}

public sealed class BadLabelTests
{
    public static TheoryData<string> Cases => BadInputSuite.Names(BadInputSuite.Labels);

    [Theory, MemberData(nameof(Cases))]
    public void IsRefused(string name) => BadInputSuite.Check(BadInputSuite.Labels, name);
}
