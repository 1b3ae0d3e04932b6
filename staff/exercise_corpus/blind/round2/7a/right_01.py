#| kind: right
#| what: beginner style: a nested closure that stores the loss in a nonlocal variable, hooks through call in Lightning's order, validate() after the batches
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    batch_idx = 0
    for batch in train_loader:
        call("on_train_batch_start", batch, batch_idx)
        loss = None

        def closure():
            nonlocal loss
            # steps 1-4 happen inside the optimizer's step, like Lightning does it
            loss = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(loss)
            return loss

        # step 5: the optimizer calls closure() itself
        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": loss.detach()}, batch, batch_idx)
        batch_idx = batch_idx + 1
    # validation is part of the training epoch, before it ends
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
