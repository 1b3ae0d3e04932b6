"""minimal.py plus checkpoints: the whole state saved every epoch, and an exact resume."""

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from common.checkpoints import checkpoint_to_resume, load_checkpoint
from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset
from vanilla.checkpoint import checkpoint_path, save_checkpoint


def train(config=TrainConfig(checkpoint_dir="checkpoints")):
    torch.manual_seed(config.seed)
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device)
    losses, start_epoch = [], 0
    resume_from = checkpoint_to_resume(config)
    if resume_from:  # put every piece back
        state = load_checkpoint(resume_from)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        torch.set_rng_state(state["rng"])  # the next epoch shuffles as it would have
        start_epoch = state["epoch"] + 1
    for epoch in range(start_epoch, config.epochs):
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
        state = {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "rng": torch.get_rng_state(),
            "epoch": epoch,
        }
        save_checkpoint(state, checkpoint_path(config.checkpoint_dir, epoch))
    return losses, model
