"""Exercise 9, the capstone: the student's fit() turns capstone/mlp_script.py into a LightningModule, a
LightningDataModule, a Callback and one Trainer(...) call, and the check proves the run bitwise the script's.

The check runs the script, then the student's fit() with a watcher added to every Trainer it makes (so the student
writes nothing for the check), and compares, in the order a mistake shows first: what fit() returns, the network,
the data, the optimizer and its schedule, the Trainer's settings, the starting weights, every step's loss, the final
weights, the best weights the callback kept, and one printed line an epoch. A difference is named with the lesson's
step that teaches it; the message never gives the answer's code.
"""

import builtins
import contextlib
import io
import warnings
from unittest import mock

import lightning as L
import torch
from torch.utils.data import RandomSampler, SequentialSampler

from capstone import mlp_script as script
from course.exercises.probe import lightning_warnings_ignored, tensors_in
from course.exercises.verdict import check, correct, fail

MODEL = '(lesson 9, "Step 1: what is the model")'
DATA = '(lesson 9, "Step 2: what is the data")'
CALLBACK = '(lesson 9, "Step 3: what is neither: a Callback")'
TRAINER = '(lesson 9, "Step 4: one Trainer call")'
TRAIN_ROWS, VAL_ROWS = 384, 96
ADAM = {"betas": (0.9, 0.999), "eps": 1e-08, "weight_decay": 0, "amsgrad": False}


@check
def check_capstone(fit):
    """Exercise 9: fit() seeds, builds the module, the data module and the callback, trains them with one
    Trainer(...) call, and returns (module, callback): every step's loss, the final weights and the best weights the
    callback keeps in `best_weights` are bitwise the script's, and it prints a line every epoch."""
    __tracebackhide__ = True
    want = _Reference()
    run = _Run(fit)
    _judge(run, want)
    correct(
        f"your module, data module and callback, trained by one Trainer, are the script's run: all "
        f"{len(want.losses)} steps' losses, the final weights and the best weights (epoch {want.best_epoch}, "
        f"val_loss {want.best_loss:.4f}) are bitwise the same, and a line is printed every epoch."
    )


class _Reference:
    """The script's run: its starting weights, every step's loss, each epoch's weights and val_loss, the best."""

    def __init__(self):
        torch.manual_seed(0)
        self.initial = _tensors(script.MLP())
        self.batches = []  # each training batch's inputs, as the script's loop gets them
        batches = self.batches

        class Recording(torch.utils.data.DataLoader):
            def __iter__(self):
                for batch in super().__iter__():
                    if isinstance(self.sampler, RandomSampler):
                        batches.append(batch[0])
                    yield batch

        with contextlib.redirect_stdout(io.StringIO()) as printed:
            with mock.patch.object(script, "DataLoader", Recording):
                losses, best, final = script.main()
        self.losses, self.best, self.final = losses, _tensors(best), _tensors(final)
        # each epoch's learning rate: the script's StepLR multiplies it by 0.8 after every 4th epoch
        self.lrs = [0.05]
        for epoch in range(1, script.EPOCHS):
            self.lrs.append(self.lrs[-1] * 0.8 if epoch % 4 == 0 else self.lrs[-1])
        val = [
            float(line.split("val_loss")[1].split()[0]) for line in printed.getvalue().splitlines()
        ]
        self.best_epoch = min(range(len(val)), key=val.__getitem__)
        self.best_loss = val[self.best_epoch]
        self.X, self.y = script.make_data()


class _Watch(L.Callback):
    """Added to every Trainer fit() makes: the starting weights, every step's loss, each epoch's weights."""

    def __init__(self):
        self.initial, self.losses, self.batches, self.epochs, self.fits = None, [], [], [], 0
        self.training, self.lrs = [], []  # every step's train mode; every epoch's learning rate

    def on_train_epoch_start(self, trainer, module):
        self.lrs.append(trainer.optimizers[0].param_groups[0]["lr"] if trainer.optimizers else None)

    def on_train_batch_start(self, trainer, module, batch, batch_idx):
        inputs = batch[0] if isinstance(batch, (tuple, list)) and batch else batch
        self.batches.append(inputs.detach().clone() if isinstance(inputs, torch.Tensor) else None)
        self.training.append(all(m.training for m in module.modules()))

    def on_fit_start(self, trainer, module):
        self.fits += 1
        self.initial = _tensors(module)

    def on_train_batch_end(self, trainer, module, outputs, batch, batch_idx):
        loss = outputs["loss"] if isinstance(outputs, dict) else outputs
        self.losses.append(loss.detach().clone() if isinstance(loss, torch.Tensor) else loss)

    def on_train_epoch_end(self, trainer, module):
        self.epochs.append(_tensors(module))


class _Run:
    """The student's fit() called with a _Watch added to every Trainer it makes, and each print() call counted (a
    progress bar writes to stdout too, but never through print)."""

    def __init__(self, fit):
        self.watch, self.trainers, self.printed = _Watch(), [], []
        original, real_print = L.Trainer.__init__, builtins.print
        watch, trainers, printed = self.watch, self.trainers, self.printed

        def init(trainer, *args, **kwargs):
            kwargs["callbacks"] = [*_as_list(kwargs.get("callbacks")), watch]
            original(trainer, *args, **kwargs)
            trainers.append(trainer)

        def counted_print(*args, **kwargs):
            printed.append(" ".join(map(str, args)))
            real_print(*args, **kwargs)

        L.Trainer.__init__, builtins.print = init, counted_print
        try:
            # the warnings the student's code gets, shown after its lines and before the verdict; the ones about
            # the pinned versions are not the student's
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with lightning_warnings_ignored():
                    self.returned = fit()
        finally:
            L.Trainer.__init__, builtins.print = original, real_print
        for message in dict.fromkeys(str(warning.message) for warning in caught):
            print(f"Lightning warned: {' '.join(message.split())}")


def _judge(run, want):
    returned = run.returned
    if not (isinstance(returned, tuple) and len(returned) == 2):
        fail(
            f"fit() returned {_described(returned)}: the check needs what it trained. Fix: end fit() by "
            "returning the LightningModule and the Callback, in that order, as a pair."
        )
    module, callback = returned
    if not isinstance(module, L.LightningModule) or not isinstance(callback, L.Callback):
        fail(
            f"fit() returned ({type(module).__name__}, {type(callback).__name__}): the check needs the module "
            f"and the callback you trained {CALLBACK}. Fix: return them as a pair, the LightningModule first and "
            "the Callback second."
        )
    if run.watch.fits != 1 or module.trainer is None or module.trainer not in run.trainers:
        fail(
            f"fit() called trainer.fit {run.watch.fits} times on the module it returned: the script trains once "
            f"{TRAINER}. Fix: make one Trainer(...) and call its fit once, with the module and the data module."
        )
    trainer = module.trainer
    _judge_network(module)
    _judge_data(trainer, want)
    _judge_optimizer(trainer)
    _judge_trainer(trainer, callback)
    _judge_steps(run.watch, module, want)
    _judge_best(callback, module, run.watch, want)
    epochs = script.EPOCHS
    if len(run.printed) < epochs:
        fail(
            f"fit() printed {len(run.printed)} lines (print calls) for {epochs} epochs: the script prints one line every epoch "
            f"(its loss, val_loss and time) {CALLBACK}. Fix: print it from a hook of your Callback that runs "
            "once an epoch, after validation."
        )


def _judge_network(module):
    want = script.MLP()
    shapes = [tuple(p.shape) for p in module.parameters()]
    if shapes != [tuple(p.shape) for p in want.parameters()]:
        fail(
            f"The module's parameters have shapes {shapes}, not those of the script's MLP {MODEL}. Fix: build "
            "the script's MLP (from capstone.mlp_script) inside the LightningModule, and no other layers."
        )
    drops = [m.p for m in module.modules() if isinstance(m, torch.nn.Dropout)]
    if drops != [0.1, 0.1]:
        fail(
            f"The module's dropout layers have p = {drops}, the script's MLP {[0.1, 0.1]} {MODEL}. Fix: build "
            "MLP() with its defaults."
        )


def _judge_data(trainer, want):
    if not isinstance(trainer.datamodule, L.LightningDataModule):
        fail(
            f"trainer.fit got no LightningDataModule {DATA}. Fix: hand the Trainer the data module "
            "(trainer.fit(module, datamodule=...)); it asks the data module for both loaders."
        )
    loaders = (
        (
            "training",
            trainer.train_dataloader,
            32,
            RandomSampler,
            TRAIN_ROWS,
            slice(None, TRAIN_ROWS),
        ),
        (
            "validation",
            trainer.val_dataloaders,
            48,
            SequentialSampler,
            VAL_ROWS,
            slice(TRAIN_ROWS, None),
        ),
    )
    for name, loader, batch, sampler, rows, part in loaders:
        if not isinstance(loader, torch.utils.data.DataLoader):
            fail(
                f"The Trainer's {name} loader is {_described(loader)}, not one DataLoader {DATA}. Fix: return "
                f"the script's {name} DataLoader from the data module's "
                f"{'train' if name == 'training' else 'val'}_dataloader()."
            )
        order = "shuffled" if sampler is RandomSampler else "in order"
        if loader.batch_size != batch or type(loader.sampler) is not sampler:
            fail(
                f"The {name} loader has batch_size={loader.batch_size} and a {type(loader.sampler).__name__}: "
                f"the script's has {batch} rows a batch, {order} {DATA}. Fix: make it as the script does."
            )
        got = _rows(loader.dataset)
        if got is None or len(got[0]) != rows:
            size = "rows that are not tensors" if got is None else f"{len(got[0])} rows"
            fail(
                f"The {name} set holds {size}, not the script's {rows} {DATA}. Fix: split make_data()'s rows as "
                "the script does."
            )
        if not (torch.equal(got[0], want.X[part]) and torch.equal(got[1], want.y[part])):
            fail(
                f"The {name} set holds {rows} rows, but not the script's: the script trains on the first 384 rows "
                f"of make_data() and validates on the last 96 {DATA}. Fix: split make_data()'s rows as the "
                "script does."
            )


def _judge_optimizer(trainer):
    optimizers = trainer.optimizers
    if len(optimizers) != 1 or type(optimizers[0]) is not torch.optim.Adam:
        fail(
            f"configure_optimizers gave {[type(o).__name__ for o in optimizers]}: the script steps one "
            f"torch.optim.Adam {MODEL}. Fix: make the script's optimizer over the module's parameters."
        )
    group = optimizers[0].param_groups[0]
    lr = group.get("initial_lr", group["lr"])
    settings = {key: group[key] for key in ADAM}
    if lr != 0.05 or settings != ADAM:
        fail(
            f"Adam has lr={lr} and {settings}: the script's has lr=0.05 and the defaults {MODEL}. Fix: make it "
            "as the script does."
        )
    configs = trainer.lr_scheduler_configs
    if not configs:
        fail(
            f"configure_optimizers returned no learning-rate schedule: the script's StepLR multiplies the lr by "
            f"0.8 every 4 epochs {MODEL}. Fix: return the scheduler with the optimizer."
        )
    config = configs[0]
    scheduler = config.scheduler
    if (
        len(configs) != 1
        or type(scheduler) is not torch.optim.lr_scheduler.StepLR
        or (scheduler.step_size, scheduler.gamma) != (4, 0.8)
    ):
        fail(
            f"The schedule is {_schedule(configs)}: the script's is one StepLR(step_size=4, gamma=0.8) "
            f"{MODEL}. Fix: make it as the script does."
        )
    if config.interval != "epoch" or config.frequency != 1:
        fail(
            f"The schedule steps every {config.frequency} {config.interval}(s): the script steps it once an "
            f"epoch {MODEL}. Fix: leave Lightning's default interval, once an epoch."
        )


def _schedule(configs):
    """The schedules as the check sees them: StepLR's step and factor, other kinds by name."""
    described = [
        f"StepLR(step_size={c.scheduler.step_size}, gamma={c.scheduler.gamma})"
        if type(c.scheduler) is torch.optim.lr_scheduler.StepLR
        else type(c.scheduler).__name__
        for c in configs
    ]
    return " and ".join(described)


def _judge_trainer(trainer, callback):
    if callback not in trainer.callbacks:
        fail(
            f"The callback fit() returned is not one of the Trainer's callbacks, so none of its hooks ran "
            f"{CALLBACK}. Fix: give it to the Trainer (callbacks=[...])."
        )
    settings = (
        (
            trainer.max_epochs,
            script.EPOCHS,
            "max_epochs",
            f"the script trains {script.EPOCHS} epochs",
        ),
        (
            trainer.gradient_clip_val,
            1.0,
            "gradient_clip_val",
            "the script clips the gradients' norm to 1.0 before each step",
        ),
        (
            getattr(trainer.gradient_clip_algorithm, "value", trainer.gradient_clip_algorithm)
            or "norm",
            "norm",
            "gradient_clip_algorithm",
            "the script clips the gradients' norm (clip_grad_norm_)",
        ),
        (
            trainer.accumulate_grad_batches,
            1,
            "accumulate_grad_batches",
            "the script steps after every batch",
        ),
        (trainer.precision, "32-true", "precision", "the script trains in float32"),
    )
    batches = (
        trainer.num_training_batches,
        list(trainer.num_val_batches),
        trainer.check_val_every_n_epoch,
    )
    if batches != (TRAIN_ROWS // 32, [VAL_ROWS // 48], 1):
        fail(
            f"The Trainer trained {batches[0]} batches an epoch and validated {', '.join(map(str, batches[1])) or 'no'} batches every "
            f"{batches[2]} epoch(s): the script trains on all {TRAIN_ROWS // 32} and validates on both "
            f"validation batches after every epoch {TRAINER}. Fix: leave limit_train_batches, "
            "limit_val_batches and check_val_every_n_epoch at their defaults."
        )
    for got, want, name, why in settings:
        if got != want:
            fail(
                f"The Trainer has {name} = {got}: {why} {TRAINER}. Fix: set the Trainer's argument for it "
                "(or leave its default where that is the script's)."
            )


def _judge_steps(watch, module, want):
    if not _same(watch.initial, want.initial):
        fail(
            "The starting weights differ from the script's: the module's MLP was not made right after "
            f"torch.manual_seed(0), as the script makes it {TRAINER}. Fix: seed with 0 at the start of fit(), "
            "before building the module, and build nothing random before it."
        )
    per_epoch = len(want.losses) // script.EPOCHS
    for epoch, lr in enumerate(watch.lrs):
        if lr is None or abs(lr - want.lrs[epoch]) > 1e-12:
            fail(
                f"The learning rate in epoch {epoch} is {lr}, the script's {want.lrs[epoch]:.6g}: the schedule "
                f"is not stepped once an epoch as the script's is {MODEL}. Fix: return the scheduler from "
                "configure_optimizers and let the Trainer step it; step it nowhere else."
            )
    for step, expected in enumerate(want.losses):
        epoch, batch = divmod(step, per_epoch)
        where = f"step {step} (epoch {epoch}, batch {batch})"
        if step < len(watch.training) and not watch.training[step]:
            fail(
                f"The module was in eval mode at {where}, so dropout was off while it trained: something "
                f"called eval() and nothing switched training mode back {MODEL}. Fix: call neither train() nor "
                "eval() yourself; the Trainer switches the modes around validation."
            )
        rows = watch.batches[step] if step < len(watch.batches) else None
        if rows is not None and not (
            rows.shape == want.batches[step].shape and torch.equal(rows, want.batches[step])
        ):
            fail(
                f"The batch of {where} holds other rows than the script's: the shuffle order is not the "
                f"script's {DATA}. Fix: shuffle as the script does, with the random state seeded at the start "
                "(no generator of the loader's own), and draw no other random numbers before the batches than "
                "the script does."
            )
        got = watch.losses[step] if step < len(watch.losses) else None
        if got is None:
            break
        if not (isinstance(got, torch.Tensor) and torch.equal(got, expected)):
            if step == 0:
                why = (
                    "with the same weights and the same batch, training_step computes another loss, or runs "
                    "the network more than once (each forward pass draws new dropout masks)"
                )
                fix = "return the script's loss, the mean squared error of one forward pass of the batch"
            else:
                why = "the weights after a step differ: the step is not the script's"
                fix = "check the optimizer, the clipping and that training_step returns the loss it computed"
            fail(f"The loss of {where} is not the script's: {why} {MODEL}. Fix: {fix}.")
    if len(watch.losses) != len(want.losses):
        fail(
            f"The run made {len(watch.losses)} steps, the script {len(want.losses)} ({per_epoch} an epoch) "
            f"{TRAINER}. Fix: train every batch of every epoch, one step a batch."
        )
    if not watch.epochs or not _same(watch.epochs[-1], want.final):
        fail(
            "Every loss is the script's but the final weights are not: something changed the weights after "
            f"the last step {CALLBACK}. Fix: let only the optimizer change the weights."
        )
    if not _same(_tensors(module), want.final):
        restored = _same(_tensors(module), want.best)
        fail(
            "The module fit() returned does not hold the last epoch's weights"
            + (", but the best epoch's: they were put back after training" if restored else "")
            + f"; the script ends with the last weights and keeps the best apart {CALLBACK}. Fix: leave the "
            "module's weights as training left them, and keep the best only in the callback."
        )


def _judge_best(callback, module, watch, want):
    kept = getattr(callback, "best_weights", None)
    if kept is None:
        fail(
            f"The callback has no best_weights: the script keeps a copy of the weights of the epoch with the "
            f"lowest val_loss {CALLBACK}. Fix: keep that copy in the callback's best_weights attribute."
        )
    live = {p.untyped_storage().data_ptr() for p in module.parameters()}
    if any(t.untyped_storage().data_ptr() in live for t in _raw(kept)):
        fail(
            "best_weights shares its memory with the model's weights, so it changed as they trained: a "
            f"state_dict() or the module itself holds the live tensors, not a copy {CALLBACK}. Fix: keep a deep "
            "copy of the weights when you keep them."
        )
    kept = _tensors(kept)
    if _same(kept, want.best):
        return
    epoch = next((k for k, weights in enumerate(watch.epochs) if _same(kept, weights)), None)
    if epoch is None:
        fail(
            "best_weights holds weights of no epoch's end: a copy must be taken when it is kept (a state_dict "
            f"alone follows the weights as they train) {CALLBACK}. Fix: keep a deep copy of the weights."
        )
    fail(
        f"best_weights are epoch {epoch}'s; the script keeps epoch {want.best_epoch}'s, where the validation "
        f"loss (the mean over the validation batches) is lowest {CALLBACK}. Fix: after each validation, compare "
        "that epoch's validation loss with the best so far, and keep a copy when it is lower."
    )


def _raw(value):
    """The tensors a module (its state_dict), a state_dict or a list holds, as they are."""
    return tensors_in(value.state_dict() if isinstance(value, torch.nn.Module) else value)


def _tensors(value):
    """The float tensors of _raw(value), in order, as detached copies."""
    return [t.detach().clone() for t in _raw(value) if t.is_floating_point()]


def _same(a, b):
    return a is not None and len(a) == len(b) and all(map(torch.equal, a, b))


def _rows(dataset):
    """A dataset's inputs and targets as two stacked tensors, None if its items are not (x, y) tensors."""
    try:
        items = [dataset[k] for k in range(len(dataset))]
        return torch.stack([x for x, _ in items]), torch.stack([y for _, y in items])
    except Exception:
        return None


def _as_list(callbacks):
    if callbacks is None:
        return []
    return list(callbacks) if isinstance(callbacks, (list, tuple)) else [callbacks]


def _described(value):
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    return "None" if value is None else f"a {type(value).__name__}"
