#| kind: wrong
#| what: half-done: a typo inside the closure (batch_index for batch_idx), a NameError as soon as the optimizer calls it
#| expect: raised NameError
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        outputs = {}

        def closure():
            outputs["loss"] = loss = model.training_step(batch, batch_index)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(loss)
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": outputs["loss"].detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
