"""minimal.py plus DDP by hand: one process per device, each on its share of the rows."""

import os

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler

from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset


def train(config=TrainConfig()):
    cuda = config.accelerator != "cpu" and torch.cuda.is_available()
    dist.init_process_group("nccl" if cuda else "gloo")  # ranks set by the launcher
    torch.manual_seed(config.seed)
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    sampler = DistributedSampler(dataset, shuffle=config.shuffle, seed=config.seed)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, sampler=sampler)
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)

    device = torch.device(f"cuda:{os.environ['LOCAL_RANK']}" if cuda else "cpu")
    model = DistributedDataParallel(model.to(device))  # syncs weights, averages gradients
    losses = []
    for epoch in range(config.epochs):
        sampler.set_epoch(epoch)  # a new order each epoch, the same on every process
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            y_hat = model(x)  # step 1: forward
            loss = F.mse_loss(y_hat, y)  # step 2: loss
            optimizer.zero_grad()  # step 3: zero grad
            loss.backward()  # step 4: backward
            optimizer.step()  # step 5: step
            losses.append(loss.detach())
            if batch_idx % 2 == 0 and dist.get_rank() == 0:  # one print, not N
                print(f"epoch {epoch} batch {batch_idx}: loss {loss.item():.4f}")
    model = model.module  # drop DDP first: alive after its group, it can hang
    dist.destroy_process_group()
    return losses, model
