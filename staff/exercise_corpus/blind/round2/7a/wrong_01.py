#| kind: wrong
#| what: the vanilla loop's order: training_step, zero grad and backward run before optimizer_step, whose closure only returns the loss (optimizer_step should come first and run the others)
#| expect: training_step runs before model.optimizer_step, outside the closure
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        loss = model.training_step(batch, batch_idx)          # 1-2: forward and loss
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)  # 3: zero grad
        model.backward(loss)                                  # 4: backward
        model.optimizer_step(epoch, batch_idx, optimizer, lambda: loss)  # 5: step
        call("on_train_batch_end", {"loss": loss.detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
