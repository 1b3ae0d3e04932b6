"""minimal.py plus a CSV log, with the columns, steps and folders of Lightning's CSVLogger."""

import csv
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset


def train(config=TrainConfig(log_dir="logs")):
    torch.manual_seed(config.seed)
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device)
    log_file = new_version(config.log_dir) / "metrics.csv"
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
            if len(losses) % config.log_every_n_steps == 0:  # step: steps before this one
                write_csv(log_file, epoch=epoch, step=len(losses) - 1, train_loss=loss.item())
    return losses, model


def new_version(log_dir):
    """log_dir/version_N, N one above the highest folder there, as CSVLogger numbers runs."""
    names = [p.name.split("_")[1] for p in Path(log_dir).glob("version_*") if p.is_dir()]
    numbers = [int(name) for name in names if name.isdigit()]
    folder = Path(log_dir) / f"version_{max(numbers, default=-1) + 1}"
    folder.mkdir(parents=True)
    return folder


def write_csv(path, **row):
    """Appends a row, then closes the file: a run killed later keeps every row before.
    The header: all columns logged so far, sorted, as in CSVLogger, which writes the
    file again only when a new column comes."""
    header = []
    if path.exists():
        with path.open(newline="") as file:
            header = next(csv.reader(file), [])
    columns = sorted(set(header) | set(row))
    if header and columns != header:  # a new column: every row again, new header
        with path.open(newline="") as file:
            rows = list(csv.DictReader(file))
        again = path.with_name(path.name + ".new")
        with again.open("w", newline="") as file:
            writer = csv.DictWriter(file, columns)
            writer.writeheader()
            writer.writerows(rows)
        again.replace(path)  # a rename: the old file or the new one, never half of one
    with path.open("a", newline="") as file:
        writer = csv.DictWriter(file, columns)
        if not header:
            writer.writeheader()
        writer.writerow(row)
