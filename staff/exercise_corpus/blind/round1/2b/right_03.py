#| kind: right
#| what: the function decorated with @torch.no_grad(), model.train(False), divides by len(val_loader)
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
@torch.no_grad()
def evaluate(model, val_loader):
    model.train(False)  # the same as model.eval()
    device = next(model.parameters()).device
    running = 0.0
    for x, y in val_loader:
        x, y = x.to(device), y.to(device)
        running += F.mse_loss(model(x), y).item()
    return running / len(val_loader)


check_evaluate(evaluate)
