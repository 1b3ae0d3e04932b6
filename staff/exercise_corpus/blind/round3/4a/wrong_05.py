#| kind: wrong
#| what: ignores the device argument and picks its own (MPS, CUDA or CPU), which is not where the model was put
#| expect: A tensor is on the wrong device
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    # pick the fastest device available (MPS on my Mac, CUDA on the cluster)
    if torch.backends.mps.is_available():
        device = torch.device("mps")
    elif torch.cuda.is_available():
        device = torch.device("cuda")
    else:
        device = torch.device("cpu")
    x, y = (t.to(device) for t in batch)
    optimizer.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
