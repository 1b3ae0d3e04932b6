"""Exercise 7: one training epoch with the hooks in Lightning's order (7a); two debugging flags by hand (7b)."""

import functools
import itertools

import torch
from torch.utils.data import DataLoader, RandomSampler, SequentialSampler, Subset

from course.exercises.inside_trainer import check_debugging_flags, check_train_epoch
from staff.exercise_corpus import Exercise, Wrong


def as_in_the_solution(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)

        def closure():
            loss = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(loss)
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", None, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


def every_hook_of_mini_trainer(model, optimizer, train_loader, epoch, call, validate):
    """More hooks than asked, as MiniTrainer calls them, with the outputs Lightning passes."""
    call("on_train_epoch_start")
    batch_idx = -1
    for batch in train_loader:
        batch_idx += 1
        call("on_train_batch_start", batch, batch_idx)
        outputs = {}

        def closure():
            outputs["loss"] = loss = model.training_step(batch, batch_idx)
            call("on_before_zero_grad", optimizer)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            call("on_before_backward", loss)
            model.backward(loss)
            call("on_after_backward")
            call("on_before_optimizer_step", optimizer)
            model.configure_gradient_clipping(optimizer, None, None)
            return loss

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", {"loss": outputs["loss"].detach()}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


class Closure:
    """The closure as an object, its batch bound when made."""

    def __init__(self, model, optimizer, epoch, batch, batch_idx):
        self.model, self.optimizer, self.epoch, self.batch, self.batch_idx = (
            model,
            optimizer,
            epoch,
            batch,
            batch_idx,
        )

    def __call__(self):
        loss = self.model.training_step(self.batch, self.batch_idx)
        self.model.optimizer_zero_grad(self.epoch, self.batch_idx, self.optimizer)
        self.model.backward(loss)
        return loss


def closure_object_and_a_print(model, optimizer, train_loader, epoch, call, validate):
    print(f"epoch {epoch}")
    call("on_train_epoch_start")
    for batch_idx, batch in zip(itertools.count(), train_loader):
        call("on_train_batch_start", batch, batch_idx)
        model.optimizer_step(
            epoch, batch_idx, optimizer, Closure(model, optimizer, epoch, batch, batch_idx)
        )
        call("on_train_batch_end", None, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


def closure_from_partial(model, optimizer, train_loader, epoch, call, validate):
    def step(batch, batch_idx):
        loss = model.training_step(batch, batch_idx)
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)
        model.backward(loss)
        return loss

    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        model.optimizer_step(epoch, batch_idx, optimizer, functools.partial(step, batch, batch_idx))
        call("on_train_batch_end", None, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


def epoch(body_of_a_batch=None, after_batches=None, epoch_start=None):
    """An epoch like the solution's, with one part replaced to make a mistake."""

    def train_epoch(model, optimizer, train_loader, epoch, call, validate):
        (epoch_start or (lambda: call("on_train_epoch_start")))()
        for batch_idx, batch in enumerate(train_loader):
            (body_of_a_batch or solution_batch)(
                model, optimizer, batch, batch_idx, epoch, call, validate
            )
        (after_batches or (lambda: (validate(), call("on_train_epoch_end"))))()

    return train_epoch


def solution_batch(model, optimizer, batch, batch_idx, epoch, call, validate):
    call("on_train_batch_start", batch, batch_idx)

    def closure():
        loss = model.training_step(batch, batch_idx)
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)
        model.backward(loss)
        return loss

    model.optimizer_step(epoch, batch_idx, optimizer, closure)
    call("on_train_batch_end", None, batch, batch_idx)


def outside_the_closure(model, optimizer, batch, batch_idx, epoch, call, validate):
    call("on_train_batch_start", batch, batch_idx)
    loss = model.training_step(batch, batch_idx)
    model.optimizer_zero_grad(epoch, batch_idx, optimizer)
    model.backward(loss)
    model.optimizer_step(epoch, batch_idx, optimizer, lambda: loss)
    call("on_train_batch_end", None, batch, batch_idx)


def steps_in_closure(*order):
    def batch_body(model, optimizer, batch, batch_idx, epoch, call, validate):
        call("on_train_batch_start", batch, batch_idx)

        def closure():
            done = {}
            for step in order:
                if step == "training_step":
                    done["loss"] = model.training_step(batch, batch_idx)
                elif step == "zero_grad":
                    model.optimizer_zero_grad(epoch, batch_idx, optimizer)
                elif step == "optimizer.zero_grad()":
                    optimizer.zero_grad()
                elif step == "backward":
                    model.backward(done["loss"])
                elif step == "loss.backward()":
                    done["loss"].backward()
            return done["loss"]

        if "optimizer.step(closure)" in order:
            optimizer.step(closure)
        else:
            model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", None, batch, batch_idx)

    return batch_body


def closure_called_twice(model, optimizer, batch, batch_idx, epoch, call, validate):
    call("on_train_batch_start", batch, batch_idx)

    def closure():
        loss = model.training_step(batch, batch_idx)
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)
        model.backward(loss)
        return loss

    closure()  # "to get the loss", then the optimizer calls it again
    model.optimizer_step(epoch, batch_idx, optimizer, closure)
    call("on_train_batch_end", None, batch, batch_idx)


def hooks_of_the_module_only(model, optimizer, batch, batch_idx, epoch, call, validate):
    model.on_train_batch_start(batch, batch_idx)

    def closure():
        loss = model.training_step(batch, batch_idx)
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)
        model.backward(loss)
        return loss

    model.optimizer_step(epoch, batch_idx, optimizer, closure)
    model.on_train_batch_end(None, batch, batch_idx)


def module_before_callbacks(model, optimizer, batch, batch_idx, epoch, call, validate):
    model.on_train_batch_start(batch, batch_idx)
    for callback in model.trainer.callbacks:
        callback.on_train_batch_start(model.trainer, model, batch, batch_idx)

    def closure():
        loss = model.training_step(batch, batch_idx)
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)
        model.backward(loss)
        return loss

    model.optimizer_step(epoch, batch_idx, optimizer, closure)
    call("on_train_batch_end", None, batch, batch_idx)


def validating_every_batch(model, optimizer, batch, batch_idx, epoch, call, validate):
    solution_batch(model, optimizer, batch, batch_idx, epoch, call, validate)
    validate()


def without_batch_end(model, optimizer, batch, batch_idx, epoch, call, validate):
    call("on_train_batch_start", batch, batch_idx)

    def closure():
        loss = model.training_step(batch, batch_idx)
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)
        model.backward(loss)
        return loss

    model.optimizer_step(epoch, batch_idx, optimizer, closure)


def closure_returning(what):
    """A batch like the solution's whose closure returns `what(loss, previous loss)` instead of the loss."""
    previous = {"loss": torch.tensor(0.0)}

    def batch_body(model, optimizer, batch, batch_idx, epoch, call, validate):
        call("on_train_batch_start", batch, batch_idx)

        def closure():
            loss = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(epoch, batch_idx, optimizer)
            model.backward(loss)
            returned = what(loss, previous["loss"])
            previous["loss"] = loss.detach()
            return returned

        model.optimizer_step(epoch, batch_idx, optimizer, closure)
        call("on_train_batch_end", None, batch, batch_idx)

    return batch_body


def with_arguments(
    outputs=None,
    batch_idx=lambda i, epoch, seen: i,
    epoch=lambda e: e,
    backward=lambda loss: loss,
    optimizer=lambda model, optimizer, epoch: optimizer,
):
    """An epoch like the solution's, with one argument of the hooks changed to make a mistake."""
    change = dict(
        outputs=outputs, batch_idx=batch_idx, epoch=epoch, backward=backward, optimizer=optimizer
    )
    seen = {"batches": 0}

    def train_epoch(model, given, train_loader, current, call, validate):
        optimizer, epoch = change["optimizer"](model, given, current), change["epoch"](current)
        call("on_train_epoch_start")
        for i, batch in enumerate(train_loader):
            batch_idx = change["batch_idx"](i, current, seen)
            seen["batches"] += 1
            call("on_train_batch_start", batch, batch_idx)
            kept = {}

            def closure():
                kept["loss"] = loss = model.training_step(batch, batch_idx)
                model.optimizer_zero_grad(epoch, batch_idx, optimizer)
                model.backward(change["backward"](loss))
                return loss

            model.optimizer_step(epoch, batch_idx, optimizer, closure)
            outputs = change["outputs"](kept["loss"]) if change["outputs"] else None
            call("on_train_batch_end", outputs, batch, batch_idx)
        validate()
        call("on_train_epoch_end")

    return train_epoch


def closure_called_before_handing_it_over(
    model, optimizer, batch, batch_idx, epoch, call, validate
):
    call("on_train_batch_start", batch, batch_idx)

    def closure():
        loss = model.training_step(batch, batch_idx)
        model.optimizer_zero_grad(epoch, batch_idx, optimizer)
        model.backward(loss)
        return loss

    model.optimizer_step(epoch, batch_idx, optimizer, closure())
    call("on_train_batch_end", None, batch, batch_idx)


def current_epoch_and_outputs_as_lightning(model, optimizer, train_loader, epoch, call, validate):
    """The epoch read from the module (model.current_epoch, as under L.Trainer); the outputs Lightning passes."""
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        call("on_train_batch_start", batch, batch_idx)
        returned = []

        def closure():
            loss = model.training_step(batch, batch_idx)
            model.optimizer_zero_grad(model.current_epoch, batch_idx, optimizer)
            model.backward(loss)
            returned.append(loss.detach())
            return returned[-1]  # detached, as Lightning's closure returns it

        model.optimizer_step(model.current_epoch, batch_idx, optimizer, optimizer_closure=closure)
        call("on_train_batch_end", {"loss": returned[-1]}, batch, batch_idx)
    validate()
    call("on_train_epoch_end")


CLOSURE_FIX = "hand the closure to the module's optimizer_step"
ORDER_FIX = "zero the gradients after training_step and before backward"
VALIDATE_FIX = "call validate() before the on_train_epoch_end hook"
train_epoch = Exercise(
    "7a",
    run=check_train_epoch,
    right={
        "as in the solution": as_in_the_solution,
        "every hook MiniTrainer calls, a counter for batch_idx": every_hook_of_mini_trainer,
        "a closure object, zip with count, a print": closure_object_and_a_print,
        "functools.partial as the closure": closure_from_partial,
        "model.current_epoch, a detached loss returned, Lightning's outputs": current_epoch_and_outputs_as_lightning,
        "the closure returns loss.item()": epoch(
            closure_returning(lambda loss, previous: loss.item())
        ),
        "outputs: the loss detached, in a dict": with_arguments(
            outputs=lambda loss: {"loss": loss.detach()}
        ),
    },
    wrong={
        "training_step outside the closure": Wrong(
            epoch(outside_the_closure),
            "training_step runs before model.optimizer_step, outside the closure",
            "move training_step into the closure",
        ),
        "zero grad before training_step": Wrong(
            epoch(steps_in_closure("zero_grad", "training_step", "backward")),
            "Zero grad comes before training_step",
            ORDER_FIX,
        ),
        "zero grad after backward": Wrong(
            epoch(steps_in_closure("training_step", "backward", "zero_grad")),
            "Zero grad comes after backward",
            ORDER_FIX,
        ),
        "optimizer.step(closure) directly": Wrong(
            epoch(
                steps_in_closure(
                    "training_step", "zero_grad", "backward", "optimizer.step(closure)"
                )
            ),
            "model.optimizer_step is never called",
            CLOSURE_FIX,
        ),
        "loss.backward() directly": Wrong(
            epoch(steps_in_closure("training_step", "zero_grad", "loss.backward()")),
            "model.backward is never called",
            "hand the loss to the module's backward",
        ),
        "optimizer.zero_grad() directly": Wrong(
            epoch(steps_in_closure("training_step", "optimizer.zero_grad()", "backward")),
            "model.optimizer_zero_grad is never called",
            "call the module's optimizer_zero_grad",
        ),
        "no zero grad": Wrong(
            epoch(steps_in_closure("training_step", "backward")),
            "model.optimizer_zero_grad is never called",
            "between training_step and backward",
        ),
        "the closure called twice": Wrong(
            epoch(closure_called_twice),
            "training_step runs 12 times for 6 batches",
            "only define the closure and hand it over",
        ),
        "the module's hooks only": Wrong(
            epoch(hooks_of_the_module_only),
            "runs on the module only, so the callbacks' on_train_batch_start never runs",
            "which runs every callback's hook",
        ),
        "the module before the callbacks": Wrong(
            epoch(module_before_callbacks),
            "The module's on_train_batch_start runs before the callbacks'",
            "which keeps that order",
        ),
        "validating after every batch": Wrong(
            epoch(validating_every_batch),
            "Validation runs 8 times in 2 epochs instead of once an epoch",
            "once, after the loop over the batches",
        ),
        "no on_train_batch_end": Wrong(
            epoch(without_batch_end),
            "on_train_batch_end is never called",
            "through the call function you were given",
        ),
        # what the hooks receive and what the closure returns, compared with L.Trainer's
        "the closure returns nothing": Wrong(
            epoch(closure_returning(lambda loss, previous: None)),
            "The closure returns nothing (None)",
            "returning the loss",
        ),
        "the closure returns the last batch's loss": Wrong(
            epoch(closure_returning(lambda loss, previous: previous)),
            "The closure returns 0 when the optimizer calls it",
            "return the loss training_step computed",
        ),
        "the closure called before it is handed over": Wrong(
            epoch(closure_called_before_handing_it_over),
            "gets a Tensor where the closure goes, not a function",
            "the closure function itself",
        ),
        "batch_idx from 1": Wrong(
            with_arguments(batch_idx=lambda i, epoch, seen: i + 1),
            "gets batch_idx 1 for batch 1 of epoch 0, where Lightning passes 0",
            "count the batches of this epoch from 0",
        ),
        "batch_idx counted over the run": Wrong(
            with_arguments(batch_idx=lambda i, epoch, seen: seen["batches"]),
            "it goes on counting from the epochs before",
            "count the batches of this epoch from 0",
        ),
        "epochs counted from 1": Wrong(
            with_arguments(epoch=lambda e: e + 1),
            "optimizer_step gets epoch 1 while train_epoch runs epoch 0",
            "the epoch train_epoch receives",
        ),
        "a new optimizer every epoch": Wrong(
            with_arguments(optimizer=lambda model, given, epoch: model.configure_optimizers()),
            "gets another optimizer than the one train_epoch was given",
            "use the optimizer passed to train_epoch",
        ),
        "backward on the loss divided by the batch size": Wrong(
            with_arguments(backward=lambda loss: loss / 8),
            "model.backward gets",
            "the loss that training_step returned",
        ),
        "outputs keep the graph": Wrong(
            with_arguments(outputs=lambda loss: {"loss": loss}),
            "on_train_batch_end gets the loss with its graph",
            "detach the loss",
        ),
    },
)


def validation_after_the_epoch_end(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        solution_batch(model, optimizer, batch, batch_idx, epoch, call, validate)
    call("on_train_epoch_end")
    validate()


def no_validation(model, optimizer, train_loader, epoch, call, validate):
    call("on_train_epoch_start")
    for batch_idx, batch in enumerate(train_loader):
        solution_batch(model, optimizer, batch, batch_idx, epoch, call, validate)
    call("on_train_epoch_end")


def no_epoch_start(model, optimizer, train_loader, epoch, call, validate):
    for batch_idx, batch in enumerate(train_loader):
        solution_batch(model, optimizer, batch, batch_idx, epoch, call, validate)
    validate()
    call("on_train_epoch_end")


train_epoch.wrong["validation after on_train_epoch_end"] = Wrong(
    validation_after_the_epoch_end, "Validation runs after on_train_epoch_end", VALIDATE_FIX
)
train_epoch.wrong["no validation"] = Wrong(
    no_validation, "Validation never runs", "call validate() once an epoch"
)
train_epoch.wrong["no on_train_epoch_start"] = Wrong(
    no_epoch_start, "on_train_epoch_start is never called", "first thing in the epoch"
)


def limit_islice(train_loader, val_loader):
    return list(itertools.islice(train_loader, 3)), list(val_loader)


def overfit_in_order(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)
    return list(itertools.islice(in_order, 2)), list(itertools.islice(val_loader, 2))


def limit_sliced_list(train_loader, val_loader):
    return list(train_loader)[:3], [batch for batch in val_loader]


def overfit_sequential_sampler(train_loader, val_loader):
    loader = DataLoader(
        train_loader.dataset,
        batch_size=train_loader.batch_size,
        sampler=SequentialSampler(train_loader.dataset),
    )
    return [batch for _, batch in zip(range(2), loader)], list(val_loader)[:2]


def limit_with_break(train_loader, val_loader):
    train = []
    for batch_idx, batch in enumerate(train_loader):
        if batch_idx == 3:
            break
        train.append(batch)
    return train, list(iter(val_loader))


def overfit_subset_in_order(train_loader, val_loader):
    first = Subset(train_loader.dataset, range(2 * train_loader.batch_size))
    return list(DataLoader(first, batch_size=train_loader.batch_size)), list(
        itertools.islice(val_loader, 2)
    )


def limit_a_new_shuffled_loader(train_loader, val_loader):
    """A new loader that shuffles with the global random state, as the given one does: the same draws."""
    loader = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size, shuffle=True)
    return list(itertools.islice(loader, 3)), list(val_loader)


def limit_subset_of_the_first_rows(train_loader, val_loader):
    first = Subset(train_loader.dataset, range(30))
    return list(DataLoader(first, batch_size=train_loader.batch_size, shuffle=True)), list(
        val_loader
    )


def limit_validation_only(train_loader, val_loader):
    return list(train_loader), list(itertools.islice(val_loader, 3))


def limit_both(train_loader, val_loader):
    return list(itertools.islice(train_loader, 3)), list(itertools.islice(val_loader, 3))


def limit_off_by_one(train_loader, val_loader):
    return list(itertools.islice(train_loader, 2)), list(val_loader)


def limit_reseeded(train_loader, val_loader):
    torch.manual_seed(0)
    return list(itertools.islice(train_loader, 3)), list(val_loader)


def limit_loader_counted_first(train_loader, val_loader):
    print("batches in an epoch:", len(list(train_loader)))  # a second pass: another shuffle
    return list(itertools.islice(train_loader, 3)), list(val_loader)


def overfit_shuffled(train_loader, val_loader):
    return list(itertools.islice(train_loader, 2)), list(itertools.islice(val_loader, 2))


def overfit_training_batches_to_validate(train_loader, val_loader):
    in_order = list(
        itertools.islice(DataLoader(train_loader.dataset, batch_size=train_loader.batch_size), 2)
    )
    return in_order, in_order


def overfit_whole_validation(train_loader, val_loader):
    return overfit_in_order(train_loader, val_loader)[0], list(val_loader)


def overfit_two_rows(train_loader, val_loader):
    return [next(iter(DataLoader(train_loader.dataset, batch_size=2)))], list(
        itertools.islice(val_loader, 2)
    )


def overfit_batches_of_one_row(train_loader, val_loader):
    return list(itertools.islice(DataLoader(train_loader.dataset), 2)), list(
        itertools.islice(val_loader, 2)
    )


def overfit_subset_shuffled(train_loader, val_loader):
    first = Subset(train_loader.dataset, range(2 * train_loader.batch_size))
    loader = DataLoader(first, batch_size=train_loader.batch_size, sampler=RandomSampler(first))
    return list(loader), list(itertools.islice(val_loader, 2))


def limit_validation_first(train_loader, val_loader):
    # its iterator draws a seed from torch's random state before the training pass does
    val = list(val_loader)
    return list(itertools.islice(train_loader, 3)), val


def limit_iterator_made_first_drawn_late(train_loader, val_loader):
    # made first, but its shuffle is drawn at its first batch, after validation's
    batches = iter(train_loader)
    val = list(val_loader)
    return list(itertools.islice(batches, 3)), val


def limit_iterator_kept_between_calls(train_loader, val_loader):
    if not hasattr(train_loader, "kept"):
        train_loader.kept = iter(train_loader)
    return list(itertools.islice(train_loader.kept, 3)), list(val_loader)


def limit_iterator_kept_and_a_new_one_made(train_loader, val_loader):
    # iter() runs on every call
    batches = train_loader.__dict__.setdefault("kept", iter(train_loader))
    return list(itertools.islice(batches, 3)), list(val_loader)


def limit_a_new_iterator_per_batch(train_loader, val_loader):
    return [next(iter(train_loader)) for _ in range(3)], list(val_loader)


def limit_in_order(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)
    return list(itertools.islice(in_order, 3)), list(val_loader)


def limit_validation_counted_twice(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 3))
    # a second pass over val_loader: another draw
    print("validation batches:", len(list(val_loader)))
    return train, list(val_loader)


def limit_generator_and_tuples(train_loader, val_loader):
    def first(loader, n):
        for i, batch in enumerate(loader):
            if i == n:
                return
            yield tuple(batch)

    train = list(first(train_loader, 3))
    return train, [tuple(batch) for batch in val_loader]


debugging = Exercise(
    "7b",
    run=lambda pair: check_debugging_flags(*pair),
    right={
        "islice, and a loader in order": (limit_islice, overfit_in_order),
        "a list sliced, a SequentialSampler": (limit_sliced_list, overfit_sequential_sampler),
        "a loop with break, a Subset in order": (limit_with_break, overfit_subset_in_order),
        "a new loader shuffling alike": (limit_a_new_shuffled_loader, overfit_in_order),
        "a generator of tuples": (limit_generator_and_tuples, overfit_in_order),
    },
    wrong={
        "a Subset of the first 30 rows": Wrong(
            (limit_subset_of_the_first_rows, overfit_in_order),
            "trains on the dataset's first 30 rows only, shuffled among themselves",
            "take the batches from train_loader itself",
        ),
        "the limit on validation only": Wrong(
            (limit_validation_only, overfit_in_order),
            "limits the validation batches (3 of 4) and not the training ones",
            "every validation batch",
        ),
        "the limit on validation too": Wrong(
            (limit_both, overfit_in_order),
            "limit_train_batches leaves validation whole",
            "every batch of val_loader",
        ),
        "2 batches, not 3": Wrong(
            (limit_off_by_one, overfit_in_order),
            "returns 2 training batches an epoch",
            "stop after the third training batch",
        ),
        "reseeded every epoch": Wrong(
            (limit_reseeded, overfit_in_order),
            "returns the same training batches in every epoch",
            "with nothing seeded",
        ),
        "the loader iterated twice": Wrong(
            (limit_loader_counted_first, overfit_in_order),
            "makes 2 passes over train_loader in epoch 0",
            "from a single pass over it",
        ),
        "validation counted, then run": Wrong(
            (limit_validation_counted_twice, overfit_in_order),
            "makes 2 passes over val_loader in epoch 0",
            "from a single pass over it",
        ),
        "a new iterator for each batch": Wrong(
            (limit_a_new_iterator_per_batch, overfit_in_order),
            "makes 3 passes over train_loader in epoch 0",
            "from a single pass over it",
        ),
        "the iterator kept between calls": Wrong(
            (limit_iterator_kept_between_calls, overfit_in_order),
            "takes its "
            "training batches of epoch 1 from the pass over train_loader that "
            "epoch 0 began",
            "start a new pass over train_loader in every call",
        ),
        "the iterator kept, a new one made and dropped": Wrong(
            (limit_iterator_kept_and_a_new_one_made, overfit_in_order),
            "from the pass over train_loader that epoch 0 began",
            "keep nothing from one call to the next",
        ),
        "validation before training": Wrong(
            (limit_validation_first, overfit_in_order),
            "makes its iterator over val_loader before it draws its first batch from train_loader",
            "take the training batches first",
        ),
        "the training iterator made first, drawn after validation": Wrong(
            (limit_iterator_made_first_drawn_late, overfit_in_order),
            "makes its iterator over val_loader before it draws its first batch from train_loader",
            "take the training batches first",
        ),
        "the limit on an in-order loader": Wrong(
            (limit_in_order, overfit_in_order),
            "shuffling is off, which only overfit_batches does",
            "take the batches from train_loader itself",
        ),
        "overfit on the shuffled loader": Wrong(
            (limit_islice, overfit_shuffled),
            "returns shuffled training batches",
            "a loader over the same dataset, at the same batch size, that does not shuffle",
        ),
        "overfit validates on training batches": Wrong(
            (limit_islice, overfit_training_batches_to_validate),
            "validates on training batches",
            "take the validation batches from val_loader",
        ),
        "overfit validates on everything": Wrong(
            (limit_islice, overfit_whole_validation),
            "overfit_batches=2 limits validation too, to the first 2 of val_loader",
            "stop after the second validation batch",
        ),
        "overfit on 2 rows": Wrong(
            (limit_islice, overfit_two_rows),
            "returns 1 training batch of 2 rows",
            "at its batch size",
        ),
        "overfit on batches of 1 row": Wrong(
            (limit_islice, overfit_batches_of_one_row),
            "returns batches of 1 row",
            "at the training loader's batch size",
        ),
        "overfit on a shuffled Subset": Wrong(
            (limit_islice, overfit_subset_shuffled),
            "returns shuffled training "
            "batches: in epoch 0 they hold the dataset's first rows, but shuffled",
            "that does not shuffle",
        ),
    },
)

EXERCISES = [train_epoch, debugging]
