#| kind: wrong
#| what: the closure is run by hand once and then handed to optimizer_step, which runs it again: training_step, zero grad and backward twice per batch
#| expect: training_step runs 12 times for 6 batches
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)

        def closure():
            loss = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(loss)
            return loss

        loss = closure()  # get the loss for on_train_batch_end
        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": loss.detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
