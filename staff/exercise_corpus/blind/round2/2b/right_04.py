#| kind: right
#| what: copied from PyTorch's tutorial test_loop: num_batches = len(dataloader), test_loss /= num_batches, the 'Avg loss' print, wrapped by evaluate
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    loss_fn = torch.nn.MSELoss()

    def test_loop(dataloader, model, loss_fn):
        # Set the model to evaluation mode - important for batch normalization and dropout layers
        model.eval()
        num_batches = len(dataloader)
        test_loss = 0

        # Evaluating the model with torch.no_grad() ensures that no gradients are computed during test mode
        # also serves to reduce unnecessary gradient computations and memory usage for tensors with requires_grad=True
        with torch.no_grad():
            for X, y in dataloader:
                pred = model(X)
                test_loss += loss_fn(pred, y).item()

        test_loss /= num_batches
        print(f"Test Error: \n Avg loss: {test_loss:>8f} \n")
        return test_loss

    return test_loop(val_loader, model, loss_fn)


check_evaluate(evaluate)
