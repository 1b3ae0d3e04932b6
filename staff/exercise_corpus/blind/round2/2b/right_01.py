#| kind: right
#| what: beginner: model.eval(), a with torch.no_grad() block, a float total and a batch counter, an nn.MSELoss criterion, a print
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()  # dropout off, batch norm uses its running stats
    criterion = torch.nn.MSELoss()
    total_loss = 0.0
    n_batches = 0
    with torch.no_grad():  # no graph needed, we never call backward here
        for inputs, targets in val_loader:
            outputs = model(inputs)
            batch_loss = criterion(outputs, targets)
            total_loss = total_loss + batch_loss.item()
            n_batches = n_batches + 1
    mean_loss = total_loss / n_batches
    print("validation loss:", mean_loss)
    return mean_loss


check_evaluate(evaluate)
