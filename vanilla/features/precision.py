"""minimal.py plus mixed precision: autocast around steps 1-2, a GradScaler for float16."""

import warnings

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset


def train(config=TrainConfig()):
    torch.manual_seed(config.seed)
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device)
    precision = config.precision
    if precision == "16-mixed" and device.type == "cpu":  # Lightning's choice, followed here
        warnings.warn("precision='16-mixed' is not supported on CPU: using 'bf16-mixed' instead.")
        precision = "bf16-mixed"
    dtype = torch.bfloat16 if precision == "bf16-mixed" else torch.float16
    # float16 underflows: the scaler scales the loss up, the gradients back down
    scaler = torch.amp.GradScaler(device.type, enabled=precision == "16-mixed")
    losses = []
    for epoch in range(config.epochs):
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            with torch.autocast(device.type, dtype, enabled=precision != "32"):
                y_hat = model(x)  # step 1: forward
                loss = F.mse_loss(y_hat, y)  # step 2: loss
            optimizer.zero_grad()  # step 3: zero grad
            scaler.scale(loss).backward()  # step 4: backward, of the loss times the scale
            scaler.step(optimizer)  # step 5: step, unscaled first; skipped on inf or NaN
            scaler.update()
            losses.append(loss.detach())
            if batch_idx % 2 == 0:
                print(f"epoch {epoch} batch {batch_idx}: loss {loss.item():.4f}")
    return losses, model
