"""minimal.py plus validation: held-out rows, scored with torchmetrics every epoch."""

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchmetrics import MeanSquaredError, MetricCollection, R2Score

from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_dataset, split_rows


def train(config=TrainConfig(val_fraction=0.2)):
    torch.manual_seed(config.seed)
    X, y, X_val, y_val = split_rows(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=config.batch_size)
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    val_metrics = MetricCollection({"val_loss": MeanSquaredError(), "val_r2": R2Score()})

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device)
    val_metrics.to(device)
    losses, validations = [], []
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
        model.eval()  # validation: dropout, batch norm and the like switch to inference
        with torch.no_grad():  # no graph to build: nothing will call backward
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                val_metrics.update(model(x), y)
        model.train()
        validations.append(val_metrics.compute())  # {"val_loss": MSE, "val_r2": R²}
        val_metrics.reset()
    return losses, model, validations
