#| kind: wrong
#| what: optimizer_zero_grad gets its first two arguments swapped, (batch_idx, epoch, optimizer) instead of (epoch, batch_idx, optimizer); the numbers are unchanged
#| expect: optimizer_zero_grad gets epoch 1 while train_epoch runs epoch 0
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        outputs = {}

        def closure():
            outputs["loss"] = loss = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(batch_idx, epoch, optimizer)
            model.backward(loss)
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": outputs["loss"].detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
