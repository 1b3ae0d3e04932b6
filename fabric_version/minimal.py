"""The starting loop with Lightning Fabric: the loop stays; the device and precision go."""

import lightning as L
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset


def train(config=TrainConfig()):
    L.seed_everything(config.seed)  # instead of torch.manual_seed
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)

    fabric = L.Fabric(  # instead of choosing the device
        accelerator=config.accelerator,
        devices=config.devices,
        precision=config.precision,  # instead of autocast and a GradScaler
    )
    fabric.launch()  # one process per device; on one device it starts nothing
    model, optimizer = fabric.setup(model, optimizer)  # instead of model.to(device)
    train_loader = fabric.setup_dataloaders(train_loader)  # it moves each batch
    losses = []
    for epoch in range(config.epochs):
        for batch_idx, (x, y) in enumerate(train_loader):
            y_hat = model(x)  # step 1: forward
            loss = F.mse_loss(y_hat, y)  # step 2: loss
            optimizer.zero_grad()  # step 3: zero grad
            fabric.backward(loss)  # step 4: backward, instead of loss.backward()
            optimizer.step()  # step 5: step
            losses.append(loss.detach())
            if batch_idx % 2 == 0:
                fabric.print(f"epoch {epoch} batch {batch_idx}: loss {loss.item():.4f}")
    return losses, model.module  # the Regressor inside Fabric's wrapper
