#| kind: right
#| what: the closure defined once per epoch, reading the current batch through a small state dict; the loss detached inside the closure with torch.no_grad copy
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
import torch


def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    current = {"batch": None, "batch_idx": None, "loss": None}

    def closure():  # no arguments: reads the batch the loop put in `current`
        batch, batch_idx = current["batch"], current["batch_idx"]
        loss = model.training_step(batch, batch_idx)
        call("on_before_zero_grad", optimizer)
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)
        call("on_before_backward", loss)
        model.backward(loss)
        call("on_after_backward")
        call("on_before_optimizer_step", optimizer)
        model.configure_gradient_clipping(optimizer, None, None)
        with torch.no_grad():
            current["loss"] = loss.detach()
        return loss

    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        current.update(batch=batch, batch_idx=batch_idx, loss=None)
        call("on_train_batch_start", batch, batch_idx)
        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": current["loss"]}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
