#| kind: right
#| what: JAX-minded: @torch.no_grad() as a decorator, inputs moved to the model's device, the batch losses stacked and averaged in torch (float32), .item() at the end
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
@torch.no_grad()
def evaluate(model, val_loader):
    model.eval()
    device = next(model.parameters()).device
    batch_losses = [F.mse_loss(model(x.to(device)), y.to(device)) for x, y in val_loader]
    return torch.stack(batch_losses).mean().item()  # like jnp.mean over the batches


check_evaluate(evaluate)
