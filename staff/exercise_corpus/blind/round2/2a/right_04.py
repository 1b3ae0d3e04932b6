#| kind: right
#| what: copied from PyTorch's 'Optimizing Model Parameters' tutorial: a train_loop with loss_fn, size, batch * len(X) and a progress print, called from train_epoch
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    loss_fn = torch.nn.MSELoss()

    def train_loop(dataloader, model, loss_fn, optimizer):
        size = len(dataloader.dataset)
        # Set the model to training mode - important for batch normalization and dropout layers
        model.train()
        recorded = []
        for batch, (X, y) in enumerate(dataloader):
            # Compute prediction and loss
            pred = model(X)
            loss = loss_fn(pred, y)

            # Backpropagation
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

            loss, current = loss.item(), batch * len(X) + len(X)
            recorded.append(loss)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")
        return recorded

    return train_loop(train_loader, model, loss_fn, optimizer)


check_train_epoch(train_epoch)
