"""Times NVIDIA's own StyleGAN2-ADA training phases on the CPU, for `pnpm bench gan` to print beside ours.

Usage: /usr/bin/python3 bench_nvidia.py STYLEGAN3_CHECKOUT CONFIG_JSON

CONFIG_JSON: {"resolution", "cbase", "cmax", "mapDepth", "batch", "batchGpu", "gamma", "zDim", "augmentP", "rounds",
"threads"}. The networks, the loss and the augmentation are imported from the checkout at run time (NVlabs/stylegan3,
training/networks_stylegan2.py, training/loss.py, training/augment.py); nothing of it is copied here. The settings
are train.py's for `--cfg=stylegan2` on the CPU: fp32 (num_fp16_res=0) with conv_clamp=256, StyleGAN2Loss with style
mixing 0.9, path length (weight 2, no weight gradients) and R1, the 'bgc' AugmentPipe at a fixed p, lazy
regularisation (G every 4, D every 16) with Adam's adjusted settings, grid_sample_gradfix enabled (R1 through the
augmentation needs its double backward). Each phase runs as training_loop.py runs it: zero the gradients, rounds of
batch_gpu, nan_to_num, Adam step; then the G_ema update. Round 0 is the warm-up.

Prints one line per event, `@@gan-bench-torch {json}`: started, phase (round, phase, wall and process CPU seconds),
done, or error.
"""
import copy
import json
import os
import sys
import time

PREFIX = "@@gan-bench-torch "


def emit(**event):
    sys.stdout.write(PREFIX + json.dumps(event) + "\n")
    sys.stdout.flush()


def main():
    src, cfg = sys.argv[1], json.loads(sys.argv[2])
    try:
        import numpy as np
        import torch
    except ImportError as e:
        emit(event="error", stage="import", message=f"torch or numpy does not import: {e}")
        return 1
    sys.path.insert(0, src)
    try:
        from torch_utils.ops import conv2d_gradfix, grid_sample_gradfix
        from training.augment import AugmentPipe
        from training.loss import StyleGAN2Loss
        from training.networks_stylegan2 import Discriminator, Generator
    except Exception as e:  # noqa: BLE001 - any failure means the checkout cannot be used
        emit(event="error", stage="import", message=f"cannot import NVIDIA's code from {src}: {e}")
        return 1

    torch.set_num_threads(cfg["threads"])
    # As training_loop.py sets them; conv2d_gradfix only acts on CUDA.
    conv2d_gradfix.enabled = True
    grid_sample_gradfix.enabled = True
    torch.manual_seed(0)
    np.random.seed(0)

    res, batch, batch_gpu, zdim = cfg["resolution"], cfg["batch"], cfg["batchGpu"], cfg["zDim"]
    common = dict(c_dim=0, img_resolution=res, img_channels=3, channel_base=cfg["cbase"], channel_max=cfg["cmax"],
                  num_fp16_res=0, conv_clamp=256)
    G = Generator(z_dim=zdim, w_dim=zdim, mapping_kwargs=dict(num_layers=cfg["mapDepth"]),
                  fused_modconv_default="inference_only", **common)
    G = G.train().requires_grad_(False)
    D = Discriminator(epilogue_kwargs=dict(mbstd_group_size=min(4, batch_gpu)), **common)
    D = D.train().requires_grad_(False)
    G_ema = copy.deepcopy(G).eval()
    bgc = dict(xflip=1, rotate90=1, xint=1, scale=1, rotate=1, aniso=1, xfrac=1, brightness=1, contrast=1,
               lumaflip=1, hue=1, saturation=1)
    augment_pipe = AugmentPipe(**bgc).train().requires_grad_(False)
    augment_pipe.p.copy_(torch.as_tensor(cfg["augmentP"]))
    loss = StyleGAN2Loss(device=torch.device("cpu"), G=G, D=D, augment_pipe=augment_pipe, r1_gamma=cfg["gamma"],
                         style_mixing_prob=0.9, pl_weight=2, pl_batch_shrink=min(2, batch_gpu),
                         pl_no_weight_grad=True)

    phases = []
    for name, module, reg_interval in [("G", G, 4), ("D", D, 16)]:
        ratio = reg_interval / (reg_interval + 1)
        opt = torch.optim.Adam(module.parameters(), lr=0.002 * ratio, betas=[0, 0.99 ** ratio], eps=1e-8)
        phases.append((name + "main", module, opt, 1))
        phases.append((name + "reg", module, opt, reg_interval))
    # train.py's order of phases: Gmain, Greg, Dmain, Dreg.
    count = lambda m: sum(p.numel() for p in m.parameters())  # noqa: E731
    # OpenMP's wait policy decides how PyTorch's threads wait at barriers (spinning unless PASSIVE): on a busy machine
    # a spinning thread whose partner is descheduled burns its time slice, so the policy is reported with the times.
    emit(event="started", threads=torch.get_num_threads(), torch=torch.__version__, gParams=count(G),
         dParams=count(D), ompWaitPolicy=os.environ.get("OMP_WAIT_POLICY", "default"))

    # Smooth synthetic reals in [-1, 1], as the TF.js side uses.
    reals = torch.from_numpy(
        (np.sin(np.arange(batch * 3 * res * res, dtype=np.float64) * 0.37) * 0.8).astype(np.float32)
    ).reshape(batch, 3, res, res)
    c = torch.zeros([batch, 0])
    ema_beta = 0.999

    def run_phase(name, module, opt, interval, phase_z):
        opt.zero_grad(set_to_none=True)
        module.requires_grad_(True)
        for real_img, real_c, gen_z, gen_c in zip(reals.split(batch_gpu), c.split(batch_gpu),
                                                  phase_z.split(batch_gpu), c.split(batch_gpu)):
            loss.accumulate_gradients(phase=name, real_img=real_img, real_c=real_c, gen_z=gen_z, gen_c=gen_c,
                                      gain=interval, cur_nimg=0)
        module.requires_grad_(False)
        params = [p for p in module.parameters() if p.grad is not None]
        if len(params) > 0:
            flat = torch.cat([p.grad.flatten() for p in params])
            torch.nan_to_num(flat, nan=0, posinf=1e5, neginf=-1e5, out=flat)
            for p, g in zip(params, flat.split([p.numel() for p in params])):
                p.grad = g.reshape(p.shape)
        opt.step()

    for rnd in range(cfg["rounds"]):
        all_z = torch.randn([len(phases) * batch, zdim]).split(batch)
        for (name, module, opt, interval), phase_z in zip(phases, all_z):
            w0, c0 = time.perf_counter(), time.process_time()
            run_phase(name, module, opt, interval, phase_z)
            emit(event="phase", round=rnd, phase=name, sec=time.perf_counter() - w0, cpu=time.process_time() - c0)
        w0, c0 = time.perf_counter(), time.process_time()
        with torch.no_grad():
            for p_ema, p in zip(G_ema.parameters(), G.parameters()):
                p_ema.copy_(p.lerp(p_ema, ema_beta))
            for b_ema, b in zip(G_ema.buffers(), G.buffers()):
                b_ema.copy_(b)
        emit(event="phase", round=rnd, phase="ema", sec=time.perf_counter() - w0, cpu=time.process_time() - c0)
    if cfg.get("profile", False):
        # One more round of each phase under torch's profiler: self CPU time per operator.
        all_z = torch.randn([len(phases) * batch, zdim]).split(batch)
        for (name, module, opt, interval), phase_z in zip(phases, all_z):
            with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
                run_phase(name, module, opt, interval, phase_z)
            ops = [dict(name=e.key, calls=e.count, ms=e.self_cpu_time_total / 1000) for e in prof.key_averages()]
            ops.sort(key=lambda o: -o["ms"])
            emit(event="profile", phase=name, ops=[o for o in ops if o["ms"] > 0][:40])
    emit(event="done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
