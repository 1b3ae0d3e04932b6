#| kind: right
#| what: closure built with functools.partial over a module-level step function; the batch put on the model's device with .to (no extra hooks)
# Exercise 7a: one epoch of training, the hooks called in the order L.Trainer calls them.
import functools

import torch


def closure_body(model, optimizer, call, epoch, batch_idx, batch, store):
    loss = model.training_step(batch, batch_idx)
    call("on_before_zero_grad", optimizer)
    model.optimizer_zero_grad(epoch, batch_idx, optimizer)
    call("on_before_backward", loss)
    model.backward(loss)
    call("on_after_backward")
    call("on_before_optimizer_step", optimizer)
    model.configure_gradient_clipping(optimizer, None, None)
    store.append(loss)
    return loss


def train_epoch(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        # a no-op when the batch is already there; never .cuda(): the model decides the device
        batch = [t.to(model.device) if torch.is_tensor(t) else t for t in batch]
        call("on_train_batch_start", batch, batch_idx)
        store = []
        closure = functools.partial(closure_body, model, optimizer, call, epoch, batch_idx, batch, store)
        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": store[-1].detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


check_train_epoch(train_epoch)
