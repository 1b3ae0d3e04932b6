#| kind: wrong
#| what: on_train_batch_end receives the loss with its autograd graph ({"loss": loss}), not the detached value Lightning hands the callbacks
#| expect: on_train_batch_end gets the loss with its graph (a tensor that
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        outputs = {}

        def closure():
            outputs["loss"] = loss = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(loss)
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", outputs, batch, batch_idx)  # the loss as training_step returned it
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
