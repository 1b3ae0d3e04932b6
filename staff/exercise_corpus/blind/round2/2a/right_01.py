#| kind: right
#| what: beginner: an nn.MSELoss criterion, float(loss) kept in the list, step comments and a print per batch
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    # the model may come back from validation in eval mode, so switch dropout back on
    model.train()
    criterion = torch.nn.MSELoss()  # same as F.mse_loss
    step_losses = []
    for i, batch in enumerate(train_loader):
        inputs, targets = batch
        predictions = model(inputs)              # 1. forward
        loss = criterion(predictions, targets)   # 2. loss
        optimizer.zero_grad()                    # 3. zero the old gradients
        loss.backward()                          # 4. backward
        optimizer.step()                         # 5. update the weights
        step_losses.append(float(loss))          # a plain Python number, no graph
        print("batch", i, "loss", round(step_losses[-1], 4))
    return step_losses


check_train_epoch(train_epoch)
