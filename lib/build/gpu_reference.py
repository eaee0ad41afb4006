#!/usr/bin/env python3
"""PyTorch references for the GPU figures (README "GPU"), one JSON line each; run beside `fse bench` on the same machine.

  gpu_reference.py train DEVICE BATCH PRECISION   BasicCnn of lib/build/pytorch_basic_cnn.py at 84 x 126, Adam;
                                                  PRECISION: fp32 (TF32 off), tf32 (PyTorch's default), bf16 (autocast
                                                  plus channels-last)
  gpu_reference.py mel DEVICE BATCH               torchaudio MelSpectrogram + AmplitudeToDB on 2-s 16 kHz clips, with
                                                  fse's parameters (n_fft 512, hop 256, 128 Slaney mels, centred)
"""
import json, os, sys, time
import torch, torch.nn as nn


def sync(device):
    if device.startswith("cuda"):
        torch.cuda.synchronize()


SAMPLES = int(os.environ.get("FSE_MEASURE_SAMPLES", 976 * 4))
SECONDS = float(os.environ.get("FSE_MEASURE_SECONDS", 4.0))


def train(device, batch, precision, samples=SAMPLES, seconds=SECONDS):
    torch.backends.cudnn.allow_tf32 = precision != "fp32"
    torch.backends.cuda.matmul.allow_tf32 = precision != "fp32"
    torch.manual_seed(0)

    def block(i, o):
        return [nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU()]

    h, w = 84, 126
    feat = nn.Sequential(*block(1, 32), *block(32, 32), nn.MaxPool2d(2), *block(32, 64), *block(64, 64), nn.MaxPool2d(2),
                         *block(64, 128), nn.MaxPool2d(2), nn.Flatten())
    flat = feat(torch.zeros(1, 1, h, w)).shape[1]
    model = nn.Sequential(feat, nn.Linear(flat, 300), nn.ReLU(), nn.Dropout(0.5), nn.Linear(300, 150), nn.ReLU(),
                          nn.Dropout(0.5), nn.Linear(150, 4)).to(device)
    x = torch.randn(samples, 1, h, w, device=device)
    y = torch.randint(0, 4, (samples,), device=device)
    if precision == "bf16":
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), 1e-3)

    def step(i):
        opt.zero_grad()
        with torch.autocast(device_type=device.split(":")[0], dtype=torch.bfloat16, enabled=precision == "bf16"):
            loss = nn.functional.cross_entropy(model(x[i:i + batch]), y[i:i + batch])
        loss.backward()
        opt.step()

    for i in range(0, samples - batch + 1, batch):  # warm-up: kernel selection and allocator
        step(i)
    sync(device)
    done, start = 0, time.time()
    while time.time() - start < seconds:
        for i in range(0, samples - batch + 1, batch):
            step(i)
            done += batch
        sync(device)
    elapsed = time.time() - start
    return {"name": "pytorch_basic_train_samples_per_s", "value": round(done / elapsed, 1), "device": device, "batch": batch,
            "precision": precision, "torch": torch.__version__}


def mel(device, batch, seconds=SECONDS):
    import torchaudio
    transform = nn.Sequential(
        torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=512, hop_length=256, n_mels=128, center=True,
                                             norm="slaney", mel_scale="slaney"),
        torchaudio.transforms.AmplitudeToDB(stype="power", top_db=80)).to(device)
    clips = torch.randn(batch, 32000, device=device)
    with torch.no_grad():
        transform(clips)
        sync(device)
        done, start = 0, time.time()
        while time.time() - start < seconds:
            transform(clips).sum()
            done += batch
        sync(device)
    elapsed = time.time() - start
    return {"name": "torchaudio_mel_clips_per_s", "value": round(done / elapsed, 1), "device": device, "batch": batch,
            "torchaudio": torchaudio.__version__}


if __name__ == "__main__":
    what, device, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    result = train(device, batch, sys.argv[4]) if what == "train" else mel(device, batch)
    print(json.dumps(result), flush=True)
