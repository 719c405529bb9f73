#!/usr/bin/python3
"""Exports a ResNet-style 112x112 face-recognition network (insightface iresnet layout: BN-Conv-BN-PReLU-Conv-BN
residual blocks, BN + dropout + FC + BN1d head, 512-d output) from PyTorch to ONNX.

Weights are random (fixed seed): the benchmark measures speed and pipeline parity, not accuracy, and no
model file is downloaded. Usage: /usr/bin/python3 export_resnet.py OUT.onnx [--layers 2,2,2,2]
"""
import argparse

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin, eps=1e-5)
        self.conv1 = nn.Conv2d(cin, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout, eps=1e-5)
        self.prelu = nn.PReLU(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, stride, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout, eps=1e-5)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout, eps=1e-5))

    def forward(self, x):
        y = self.bn3(self.conv2(self.prelu(self.bn2(self.conv1(self.bn1(x))))))
        return y + (x if self.down is None else self.down(x))


class IResNet(nn.Module):
    def __init__(self, layers, dim=512):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64, eps=1e-5), nn.PReLU(64))
        blocks, cin = [], 64
        for width, n in zip((64, 128, 256, 512), layers):
            for i in range(n):
                blocks.append(Block(cin, width, 2 if i == 0 else 1))
                cin = width
        self.body = nn.Sequential(*blocks)
        self.bn2 = nn.BatchNorm2d(512, eps=1e-5)
        self.dropout = nn.Dropout(0.0)
        self.fc = nn.Linear(512 * 7 * 7, dim)
        self.features = nn.BatchNorm1d(dim, eps=1e-5)

    def forward(self, x):
        x = self.bn2(self.body(self.stem(x)))
        return self.features(self.fc(self.dropout(torch.flatten(x, 1))))


def build(layers):
    torch.manual_seed(0)
    model = IResNet(layers)
    # Non-trivial running statistics so batch-norm folding is exercised.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm2d, nn.BatchNorm1d)):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    return model.eval()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--layers", default="2,2,2,2")
    args = ap.parse_args()
    layers = [int(v) for v in args.layers.split(",")]
    model = build(layers)
    torch.save(model.state_dict(), args.out + ".pt")
    dummy = torch.zeros(1, 3, 112, 112)
    torch.onnx.export(model, dummy, args.out, input_names=["input.1"], output_names=["embedding"],
                      dynamic_axes={"input.1": {0: "N"}, "embedding": {0: "N"}}, opset_version=13)
    print("exported", args.out, "layers", layers, "params", sum(p.numel() for p in model.parameters()))
