"""The vanilla loop: the five math steps, tangled with devices, the loop itself and logging."""
import logging

import torch
import torch.nn.functional as F

from vanilla.config import TrainConfig
from vanilla.data import make_train_loader
from vanilla.model import Regressor
from vanilla.result import TrainResult

log = logging.getLogger(__name__)


def train(config=TrainConfig()):
    torch.manual_seed(config.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_loader = make_train_loader(config)
    model = Regressor(config.n_features).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)

    step_losses = []
    for epoch in range(config.epochs):
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            y_hat = model(x)  # step 1: forward
            loss = F.mse_loss(y_hat, y)  # step 2: loss
            optimizer.zero_grad()  # step 3: zero grad
            loss.backward()  # step 4: backward
            optimizer.step()  # step 5: step
            step_losses.append(loss.detach())
            if len(step_losses) % config.log_every_n_steps == 0:
                log.info("epoch %d step %d: train_loss %.4f", epoch, len(step_losses), loss.item())

    return TrainResult(
        step_losses=torch.stack(step_losses).cpu(),
        weight=model.linear.weight.detach().cpu(),
        bias=model.linear.bias.detach().cpu(),
        epochs=config.epochs,
    )
