"""A classic PyTorch training script: a small MLP learns y = sin(2 x1) + x2**2 / 2 from noisy samples.

Everything is in one loop, as tutorials write it: the data, the model, Adam with a learning-rate schedule, gradient
clipping, validation every epoch, the best weights kept, one printed line per epoch with its time. Lesson 9's
capstone turns it into a LightningModule, a LightningDataModule, a Callback and one Trainer(...) call.

Run it: python -m capstone.mlp_script
"""

import copy
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

EPOCHS = 12


def make_data(n=480, seed=0):
    """Inputs in [-2, 2]^2 and a nonlinear answer with a little noise, from a generator of their own."""
    generator = torch.Generator().manual_seed(seed)
    X = torch.rand(n, 2, generator=generator) * 4 - 2
    noise = 0.05 * torch.randn(n, 1, generator=generator)
    y = torch.sin(2 * X[:, :1]) + X[:, 1:] ** 2 / 2 + noise
    return X, y


class MLP(nn.Module):
    def __init__(self, hidden=32, dropout=0.1):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(2, hidden),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, hidden),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, 1),
        )

    def forward(self, x):
        return self.net(x)


def main(epochs=EPOCHS):
    torch.manual_seed(0)
    X, y = make_data()
    train_loader = DataLoader(TensorDataset(X[:384], y[:384]), batch_size=32, shuffle=True)
    val_loader = DataLoader(TensorDataset(X[384:], y[384:]), batch_size=48)

    model = MLP()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.8)

    losses = []  # every step's training loss
    best_loss, best_weights = float("inf"), None
    for epoch in range(epochs):
        started = time.perf_counter()
        model.train()
        for x, target in train_loader:
            loss = F.mse_loss(model(x), target)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            optimizer.step()
            losses.append(loss.detach())

        model.eval()
        with torch.no_grad():
            val_losses = [F.mse_loss(model(x), target) for x, target in val_loader]
        val_loss = torch.stack(val_losses).mean()
        scheduler.step()

        if val_loss < best_loss:
            best_loss, best_weights = val_loss, copy.deepcopy(model.state_dict())
        seconds = time.perf_counter() - started
        print(f"epoch {epoch:2d}  train_loss {loss:.4f}  val_loss {val_loss:.4f}  {seconds:.2f} s")

    return losses, best_weights, model.state_dict()


if __name__ == "__main__":
    main()
