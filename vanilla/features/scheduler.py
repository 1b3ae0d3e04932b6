"""minimal.py plus a learning-rate scheduler, stepped by hand per epoch or per step."""

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset


def train(config=TrainConfig(), lr_decay=0.7, interval="epoch", frequency=1):
    torch.manual_seed(config.seed)
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, lr_decay)  # lr *= lr_decay

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device)
    losses, lrs = [], []
    for epoch in range(config.epochs):
        for batch_idx, (x, y) in enumerate(train_loader):
            lrs.append(optimizer.param_groups[0]["lr"])  # the lr this batch trains with
            x, y = x.to(device), y.to(device)
            y_hat = model(x)  # step 1: forward
            loss = F.mse_loss(y_hat, y)  # step 2: loss
            optimizer.zero_grad()  # step 3: zero grad
            loss.backward()  # step 4: backward
            optimizer.step()  # step 5: step
            if interval == "step" and (batch_idx + 1) % frequency == 0:  # as Lightning counts
                scheduler.step()
            losses.append(loss.detach())
            if batch_idx % 2 == 0:
                print(f"epoch {epoch} batch {batch_idx}: loss {loss.item():.4f}")
        if interval == "epoch" and (epoch + 1) % frequency == 0:
            scheduler.step()
    return losses, model, lrs
