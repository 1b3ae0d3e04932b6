"""minimal.py plus loading for inference: hyperparameters and weights saved, the model rebuilt."""

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchmetrics import MeanSquaredError, MetricCollection, R2Score

from common.loading import check_same_model
from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_dataset, split_rows


def train(config=TrainConfig(val_fraction=0.2), path="model.ckpt"):
    torch.manual_seed(config.seed)
    X, y, _, _ = split_rows(config)  # the held-out rows are for testing, after training
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
    hyper_parameters = {"n_features": config.n_features}  # what rebuilds the model
    torch.save({"hyper_parameters": hyper_parameters, "state_dict": model.state_dict()}, path)
    return losses, model


def load(path, **hyper_parameters):  # hyperparameters given here replace the saved ones
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)  # runs no code
    model = Regressor(**(checkpoint["hyper_parameters"] | hyper_parameters))
    check_same_model(checkpoint["state_dict"], model)
    model.load_state_dict(checkpoint["state_dict"])
    return model


def predict(model, loader):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device).eval()  # as in validation: dropout and batch norm in inference mode
    with torch.no_grad():
        return torch.cat([model(x.to(device)) for (x,) in loader]).cpu()


def test(model, loader):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})
    model.to(device).eval()
    test_metrics.to(device)
    with torch.no_grad():
        for x, y in loader:
            test_metrics.update(model(x.to(device)), y.to(device))
    return {name: value.item() for name, value in test_metrics.compute().items()}
