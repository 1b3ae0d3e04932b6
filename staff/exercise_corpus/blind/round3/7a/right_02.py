#| kind: right
#| what: a beginner's while loop over iter(train_loader) with its own batch counter from 0, the loss handed out of the closure through a nonlocal variable
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")

    batches = iter(train_loader)
    batch_idx = 0  # counts the batches of THIS epoch, starts at 0 every epoch
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            break

        call("on_train_batch_start", batch, batch_idx)

        last_loss = None

        def closure():
            nonlocal last_loss
            loss = model.training_step(batch, batch_idx)   # 1-2: forward and loss
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)  # 3: zero grad, after the step
            model.backward(loss)                           # 4: backward
            last_loss = loss
            return loss

        # 5: the optimizer step; it runs closure() itself (no .cuda() or .to() here: the trainer moved the batch)
        model.optimizer_step(epoch, batch_idx, optimizer, closure)

        call("on_train_batch_end", dict(loss=last_loss.detach()), batch, batch_idx)
        batch_idx += 1

    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
