#| kind: right
#| what: knows PyTorch: model.train(False), torch.inference_mode(), batches moved to the parameters' device, per-batch losses stacked and averaged, .item() at the end
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.train(False)  # the same as model.eval()
    device = next(model.parameters()).device
    with torch.inference_mode():  # stricter than no_grad: no autograd recording at all
        batch_losses = [F.mse_loss(model(x.to(device)), y.to(device)) for x, y in val_loader]
        assert not batch_losses[0].requires_grad
        return torch.stack(batch_losses).mean().item()


check_evaluate(evaluate)
