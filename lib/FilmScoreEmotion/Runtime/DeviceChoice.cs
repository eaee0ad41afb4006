using TorchSharp;

namespace FilmScoreEmotion.Runtime;

/// <summary>The device a user asks for on the command line or in a notebook's settings.</summary>
public enum DeviceRequest
{
    Auto,
    Cpu,
    Cuda,
}

public static class DeviceChoice
{
    public static DeviceRequest Parse(string text) =>
        text.Trim().ToLowerInvariant() switch
        {
            "auto" => DeviceRequest.Auto,
            "cpu" => DeviceRequest.Cpu,
            "cuda" or "gpu" => DeviceRequest.Cuda,
            _ => throw new ArgumentException($"unknown device '{text}': use auto, cpu or cuda"),
        };

    /// <summary>The torch device for a request: auto picks CUDA when TorchSharp reports it; cuda without CUDA is an
    /// error rather than a silent fall-back, so a run that was meant for a GPU never quietly takes hours on a CPU.</summary>
    public static torch.Device Resolve(DeviceRequest request) =>
        request switch
        {
            DeviceRequest.Cpu => torch.CPU,
            DeviceRequest.Cuda when torch.cuda.is_available() => torch.CUDA,
            DeviceRequest.Cuda => throw new InvalidOperationException(
                "--device cuda was asked for, but TorchSharp reports no CUDA device (see the README's GPU section)"),
            _ => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        };
}
