#| kind: right
#| what: in a hurry: torch.device(device) wraps the argument, a map over the batch, F.mse_loss with reduction spelled out, loss returned as loss.detach() in one expression after step
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    device = torch.device(device)  # accepts "cuda", "meta" or a torch.device alike
    x, y = map(lambda t: t.to(device), batch)
    loss = F.mse_loss(model(x), y, reduction="mean")
    optimizer.zero_grad(); loss.backward(); optimizer.step()
    return loss.detach()


check_device_step(train_step)
