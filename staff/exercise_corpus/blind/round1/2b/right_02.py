#| kind: right
#| what: torch.inference_mode() instead of no_grad, batch losses gathered in a list, mean with sum/len
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    batch_losses = []
    with torch.inference_mode():
        for inputs, targets in val_loader:
            predictions = model(inputs)
            batch_losses.append(F.mse_loss(predictions, targets).item())
    mean_loss = sum(batch_losses) / len(batch_losses)
    print(f"val_loss {mean_loss:.4f} over {len(batch_losses)} batches")
    return mean_loss


check_evaluate(evaluate)
