#| kind: wrong
#| what: zero grad at the start of the closure, before training_step (Lightning zeroes after training_step, just before backward)
#| expect: Zero grad comes before training_step
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        loss = None

        def closure():
            nonlocal loss
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)  # clear old gradients first
            loss = model.training_step(batch, batch_idx)
            model.backward(loss)
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": loss.detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
