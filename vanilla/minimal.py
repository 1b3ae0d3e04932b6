"""The starting loop: the five math steps, with the loop, the device and the prints by hand."""

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
    losses = []
    for epoch in range(config.epochs):
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            y_hat = model(x)  # step 1: forward
            loss = F.mse_loss(y_hat, y)  # step 2: loss
            optimizer.zero_grad()  # step 3: zero grad
            loss.backward()  # step 4: backward
            optimizer.step()  # step 5: step
            losses.append(loss.detach())
            if batch_idx % 2 == 0:
                print(f"epoch {epoch} batch {batch_idx}: loss {loss.item():.4f}")
    return losses, model
