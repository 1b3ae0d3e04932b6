#| kind: right
#| what: lesson-style loop with a print every 2 batches, .detach().cpu().item(), an isfinite assert
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
import math


def train_epoch(model, optimizer, train_loader):
    model.train()
    device = next(model.parameters()).device  # never .cuda() by hand: follow the model
    losses = []
    for i, (features, target) in enumerate(train_loader):
        features = features.to(device)
        target = target.to(device)
        output = model(features)
        loss = torch.nn.functional.mse_loss(output, target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        value = loss.detach().cpu().item()
        assert math.isfinite(value), f"loss is {value} at batch {i}"
        losses.append(value)
        if i % 2 == 0:
            print(f"batch {i}: loss {value:.4f}")
    return losses


check_train_epoch(train_epoch)
