#| kind: wrong
#| what: training_step runs before optimizer_step, outside the closure (the vanilla order); the closure only zeroes and backpropagates, so the hook order is not Lightning's
#| expect: training_step runs before model.optimizer_step, outside the closure
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        loss = model.training_step(batch, batch_idx)  # forward and loss first, as in lesson 2

        def closure():
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(loss)
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": loss.detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
