"""Exercise 3: a LightningModule (3a), its validation_step (3b), and the minimal pair's Trainer call (3c)."""

import lightning as L
import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from course.exercises import mistakes
from course.exercises.minimal_pair import check_minimal_train
from course.exercises.refactor import check_lit_module, check_validation_step
from lightning_version.minimal import LitRegressor as MinimalLitRegressor
from lightning_version.minimal import Losses
from staff.exercise_corpus import Exercise, Wrong
from task.model import Regressor
from task.recipe import make_data, make_dataset


class Given(L.LightningModule):
    """What the exercise cell gives: __init__ and forward."""

    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)


class AsInTheSolution(Given):
    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


class DictAndList(Given):
    def training_step(self, batch, batch_idx):
        x, y = batch
        return {"loss": torch.nn.MSELoss()(self.model(x), y)}

    def configure_optimizers(self):
        return [torch.optim.SGD(self.model.parameters(), lr=self.hparams["lr"])]


class FormulaAndAConstantScheduler(Given):
    def training_step(self, batch, batch_idx):
        return ((self(batch[0]) - batch[1]) ** 2).mean()

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr)
        return {
            "optimizer": optimizer,
            "lr_scheduler": torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 1.0),
        }


class WeightsMadeLikeTheTargets(AsInTheSolution):
    """A new tensor in training_step, made where the batch is: type_as takes y's device (and dtype)."""

    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1).type_as(y)
        return (weights * (self(x) - y) ** 2).mean()


class WeightsOnTheModulesDevice(AsInTheSolution):
    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y, reduction="none") * torch.ones(len(y), 1, device=self.device)
        self.log("train_loss", loss.mean().item())  # .item() cannot run on meta: not a mistake
        return loss.mean()


class PrintsAndRandomDraws(AsInTheSolution):
    def training_step(self, batch, batch_idx):
        inputs, targets = batch
        if batch_idx == 0:
            print("epoch", self.current_epoch, inputs.shape, torch.rand(1).shape)
        return F.mse_loss(self.forward(inputs), targets)


class UsesTheTrainer(AsInTheSolution):
    """self.trainer, self.global_step, self.optimizers() read (not stepped), self.log: all need a real Trainer."""

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        if self.trainer.is_global_zero and self.global_step == 0:
            self.log("lr", self.optimizers().param_groups[0]["lr"])
        self.log("train_loss", loss, prog_bar=True, on_step=True, on_epoch=True)
        return loss


class MovesToItsOwnDevice(AsInTheSolution):
    """.to(self.device): the batch stays where the Trainer put it, beside the module."""

    def training_step(self, batch, batch_idx):
        x, y = (tensor.to(self.device) for tensor in batch)
        return F.mse_loss(self(x), y)

    def configure_optimizers(self):
        return [torch.optim.SGD(self.parameters(), lr=self.hparams.lr, momentum=0.0)], []


def with_training_step(returns):
    class Wrong_(AsInTheSolution):
        def training_step(self, batch, batch_idx):
            return returns(self, *batch)

    return Wrong_


def with_optimizers(configure):
    class Wrong_(AsInTheSolution):
        def configure_optimizers(self):
            return configure(self)

    return Wrong_


def logs_but_returns_nothing(self, x, y):
    self.log("train_loss", F.mse_loss(self(x), y))


def loss_under_no_grad(self, x, y):
    with torch.no_grad():
        return F.mse_loss(self(x), y)


def calls_backward(self, x, y):
    loss = F.mse_loss(self(x), y)
    loss.backward()
    return loss


def steps_itself(self, x, y):
    loss = F.mse_loss(self(x), y)
    optimizer = self.optimizers()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


def weights_on_the_cpu(self, x, y):  # mistake 3 inside a LightningModule
    weights = torch.ones(len(y), 1)
    return (weights * (self(x) - y) ** 2).mean()


def weights_on_the_gpu(self, x, y):
    return (torch.ones(len(y), 1).cuda() * (self(x) - y) ** 2).mean()


def moves_the_batch_by_hand(self, x, y):  # the vanilla loop's device, picked by hand
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return F.mse_loss(self(x.to(device)), y.to(device))


# self.trainer works in a Trainer: the device trap after it is found
def trainer_first_then_the_trap(self, x, y):
    if self.trainer.is_global_zero and self.global_step == 0:
        self.log("first_batch_rows", float(len(y)))
    return (torch.ones(len(y), 1) * (self(x) - y) ** 2).mean()


def backward_with_retain_graph(self, x, y):
    loss = F.mse_loss(self(x), y)
    loss.backward(retain_graph=True)
    return loss


def halves_after_the_first_epoch(self, x, y):  # acts only after the first epoch
    loss = F.mse_loss(self(x), y)
    return loss if self.current_epoch == 0 else loss / 2


class WeightsAsAPlainAttribute(AsInTheSolution):
    def __init__(self, n_features: int, lr: float):
        super().__init__(n_features, lr)
        self.row_weight = torch.ones(1, 1)  # not a buffer: .to(device) leaves it where it is

    def training_step(self, batch, batch_idx):
        x, y = batch
        return (self.row_weight * (self(x) - y) ** 2).mean()


def exponential_decay(self):
    optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr)
    return [optimizer], [torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.01)]


def warm_up(self):  # LambdaLR starts at a tenth of the lr
    optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr)
    return [optimizer], [
        torch.optim.lr_scheduler.LambdaLR(optimizer, lambda epoch: min(1.0, 0.1 * (epoch + 1)))
    ]


def step_decay_at_100(self):
    optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr)
    return {
        "optimizer": optimizer,
        "lr_scheduler": {
            "scheduler": torch.optim.lr_scheduler.StepLR(optimizer, 100),
            "interval": "step",
        },
    }


BROADCASTS = mistakes.name(mistakes.BROADCAST)
SGD_FIX = "plain SGD over the module's own parameters"
TRAINER_DOES_IT = "leave zero grad, backward and step to the Trainer"
ON_META = "A tensor is on the wrong device"

lit_module = Exercise(
    "3a",
    run=check_lit_module,
    right={
        "as in the solution": AsInTheSolution,
        "a dict and a list": DictAndList,
        "a formula and a scheduler that keeps lr": FormulaAndAConstantScheduler,
        "weights made with type_as": WeightsMadeLikeTheTargets,
        "weights on self.device, .item() logged": WeightsOnTheModulesDevice,
        "prints and random draws": PrintsAndRandomDraws,
        "self.trainer, self.global_step, self.optimizers() read": UsesTheTrainer,
        ".to(self.device), ([optimizer], [])": MovesToItsOwnDevice,
    },
    wrong={
        "returns nothing": Wrong(
            with_training_step(logs_but_returns_nothing),
            "training_step returns nothing",
            "return the batch's loss tensor",
        ),
        "returns a float": Wrong(
            with_training_step(lambda self, x, y: F.mse_loss(self(x), y).item()),
            "training_step returns a Python number",
            "not .item() of it",
        ),
        "returns loss.detach()": Wrong(
            with_training_step(lambda self, x, y: F.mse_loss(self(x), y).detach()),
            "training_step returns a tensor without a graph",
            "neither detached",
        ),
        "loss under no_grad": Wrong(
            with_training_step(loss_under_no_grad),
            "training_step returns a tensor without a graph",
            "nor computed under torch.no_grad()",
        ),
        "squeezed output": Wrong(
            with_training_step(lambda self, x, y: F.mse_loss(self(x).squeeze(1), y)),
            BROADCASTS,
            "the model's output shape",
        ),
        "summed loss": Wrong(
            with_training_step(lambda self, x, y: F.mse_loss(self(x), y, reduction="sum")),
            "4 times the mean squared error",
            "F.mse_loss's default reduction",
        ),
        "half the loss": Wrong(
            with_training_step(lambda self, x, y: F.mse_loss(self(x), y) / 2),
            "training_step returns 1.7384 at epoch 0, batch 0",
            "computed the same way at every step",
        ),
        "calls backward": Wrong(
            with_training_step(calls_backward),
            "training_step runs a backward pass itself",
            TRAINER_DOES_IT,
        ),
        "backward with retain_graph": Wrong(
            with_training_step(backward_with_retain_graph),
            "training_step runs a backward pass itself",
            TRAINER_DOES_IT,
        ),
        "steps itself": Wrong(
            with_training_step(steps_itself),
            "training_step uses the optimizer itself",
            TRAINER_DOES_IT,
        ),
        "moves the batch to a device by hand": Wrong(
            with_training_step(moves_the_batch_by_hand),
            "training_step moves the batch from",
            "no .to() or .cuda() of your own",
        ),
        "weights on the CPU": Wrong(
            with_training_step(weights_on_the_cpu), ON_META, "on the device the batch is on"
        ),
        "self.trainer, then weights on the CPU": Wrong(
            with_training_step(trainer_first_then_the_trap),
            ON_META,
            "on the device the batch is on",
        ),
        "weights as a plain attribute": Wrong(
            WeightsAsAPlainAttribute,
            "self.row_weight is a tensor kept as a plain attribute",
            "register it as a buffer in __init__",
        ),
        "weights on .cuda()": Wrong(
            with_training_step(weights_on_the_gpu),
            "names the GPU itself",
            "on the device of the batch",
        ),
        "halves the loss after epoch 1": Wrong(
            with_training_step(halves_after_the_first_epoch),
            "at epoch 1, batch 0, but the mean squared error of that batch",
            "the same way at every step",
        ),
        "a learning rate by hand": Wrong(
            with_optimizers(lambda self: torch.optim.SGD(self.parameters(), lr=0.1)),
            "has lr=0.1, but the module was made with lr=0.037",
            "self.hparams.lr",
        ),
        "ten times the lr": Wrong(
            with_optimizers(
                lambda self: torch.optim.SGD(self.parameters(), lr=10 * self.hparams.lr)
            ),
            "has lr=0.37, but the module was made with lr=0.037",
            "self.hparams.lr",
        ),
        "Adam": Wrong(
            with_optimizers(lambda self: torch.optim.Adam(self.parameters(), lr=self.hparams.lr)),
            "returns Adam, not SGD",
            SGD_FIX,
        ),
        "momentum": Wrong(
            with_optimizers(
                lambda self: torch.optim.SGD(self.parameters(), lr=self.hparams.lr, momentum=0.9)
            ),
            "SGD has momentum=0.9",
            "the learning rate alone",
        ),
        "no optimizer": Wrong(
            with_optimizers(lambda self: None),
            "configure_optimizers returns None, not an optimizer",
            SGD_FIX,
        ),
        "another model's parameters": Wrong(
            with_optimizers(
                lambda self: torch.optim.SGD(
                    Regressor(self.hparams.n_features).parameters(), lr=self.hparams.lr
                )
            ),
            "does not hold all of the module's own parameters",
            SGD_FIX,
        ),
        "a decaying scheduler": Wrong(
            with_optimizers(exponential_decay),
            "scheduler (ExponentialLR) that changes the "
            "learning rate from 0.037 to 0.00037 after 1 epoch",
            "with no scheduler",
        ),
        "a warm-up": Wrong(
            with_optimizers(warm_up),
            "scheduler (LambdaLR) that changes the learning rate from 0.037 "
            "to 0.0037 from the start",
            "with no scheduler",
        ),
        "a scheduler that acts at step 100": Wrong(
            with_optimizers(step_decay_at_100),
            "scheduler (StepLR) that "
            "changes the learning rate from 0.037 to 0.0037 after 100 steps",
            "with no scheduler",
        ),
    },
)


class ValidationAsInTheSolution(AsInTheSolution):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.mse_loss(self(x), y))


class ValidationBeltAndBraces(AsInTheSolution):
    def validation_step(self, batch, batch_idx):
        self.eval()  # not needed, but harmless: the Trainer did it already
        with torch.no_grad():
            loss = F.mse_loss(self(batch[0]), batch[1])
        self.log_dict({"val_loss": loss.item()})
        return loss


class ValidationLoggedOnEpoch(AsInTheSolution):
    def validation_step(self, batch, batch_idx):
        inputs, targets = batch
        print("validation batch", batch_idx, torch.randn(1).shape)
        loss = ((self.model(inputs) - targets) ** 2).mean()
        self.log("val_loss", loss, on_step=False, on_epoch=True, prog_bar=True)


def with_validation_step(validates):
    class Wrong_(AsInTheSolution):
        def validation_step(self, batch, batch_idx):
            return validates(self, *batch)

    return Wrong_


def validates_in_training_mode(self, x, y):
    self.train()
    self.log("val_loss", F.mse_loss(self(x), y))


def validates_with_gradients(self, x, y):
    with torch.enable_grad():
        self.log("val_loss", F.mse_loss(self(x), y))


class ValidationKeepingItsLosses(AsInTheSolution):
    """Each batch's summed squared error and rows kept in a list: right over one validation, but never cleared."""

    def __init__(self, n_features: int, lr: float):
        super().__init__(n_features, lr)
        self.val_errors = []

    def validation_step(self, batch, batch_idx):
        self.val_errors.append(
            (F.mse_loss(self(batch[0]), batch[1], reduction="sum"), len(batch[1]))
        )

    def on_validation_epoch_end(self):
        self.log(
            "val_loss",
            sum(error for error, _ in self.val_errors) / sum(rows for _, rows in self.val_errors),
        )


class ValidationMeanOfBatchMeans(AsInTheSolution):
    """The batches' losses averaged by hand, each batch counting the same, the list cleared every epoch."""

    def __init__(self, n_features: int, lr: float):
        super().__init__(n_features, lr)
        self.val_losses = []

    def validation_step(self, batch, batch_idx):
        self.val_losses.append(F.mse_loss(self(batch[0]), batch[1]))

    def on_validation_epoch_end(self):
        self.log("val_loss", torch.stack(self.val_losses).mean())
        self.val_losses.clear()


class ValidationSumsByHand(AsInTheSolution):
    """Right: the squared errors and the rows added up by hand, and reset at the start of every validation."""

    def on_validation_epoch_start(self):
        self.sum_of_squares, self.rows = 0.0, 0

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.sum_of_squares += ((self(x) - y) ** 2).sum()
        self.rows += len(y)

    def on_validation_epoch_end(self):
        self.log("val_loss", self.sum_of_squares / self.rows)


def nudges_the_weights(self, x, y):
    self.model.linear.bias.add_(0.01)
    self.log("val_loss", F.mse_loss(self(x), y))


LOG_FIX = "let Lightning average it over the epoch"
NOT_LOGGED_FIX = 'under the name "val_loss"'


def logs_with(**options):
    return with_validation_step(
        lambda self, x, y: self.log("val_loss", F.mse_loss(self(x), y), **options)
    )


validation_step = Exercise(
    "3b",
    run=check_validation_step,
    right={
        "as in the solution": ValidationAsInTheSolution,
        "eval, no_grad and log_dict": ValidationBeltAndBraces,
        "on_epoch=True, a print, a formula": ValidationLoggedOnEpoch,
        "batch_size=len(y), prog_bar": with_validation_step(
            lambda self, x, y: self.log(
                "val_loss", F.mse_loss(self(x), y), batch_size=len(y), prog_bar=True
            )
        ),
        "sums by hand, reset every validation": ValidationSumsByHand,
    },
    wrong={
        "self.train()": Wrong(
            with_validation_step(validates_in_training_mode),
            "your validation_step switched training mode back on",
            "remove self.train() from validation_step",
        ),
        "torch.enable_grad()": Wrong(
            with_validation_step(validates_with_gradients),
            "your validation_step switched gradients back on",
            "remove torch.enable_grad() from validation_step",
        ),
        "not logged": Wrong(
            with_validation_step(lambda self, x, y: F.mse_loss(self(x), y)),
            'logs no "val_loss" (it logs nothing)',
            NOT_LOGGED_FIX,
        ),
        "logged under another name": Wrong(
            with_validation_step(lambda self, x, y: self.log("val loss", F.mse_loss(self(x), y))),
            "logs no \"val_loss\" (it logs ['val loss'])",
            NOT_LOGGED_FIX,
        ),
        "on the last step only": Wrong(
            logs_with(on_step=True, on_epoch=False),
            "logs val_loss with on_epoch=False",
            "on_epoch at its default",
        ),
        "on every step and the epoch": Wrong(
            logs_with(on_step=True),
            "A logger receives val_loss as val_loss_epoch and val_loss_step",
            "leave on_step at its default",
        ),
        "summed over batches": Wrong(
            logs_with(reduce_fx="sum"), "self.log got reduce_fx='sum'", LOG_FIX
        ),
        "the largest batch loss": Wrong(
            logs_with(reduce_fx="max"), "self.log got reduce_fx='max'", LOG_FIX
        ),
        "batch_size=1": Wrong(
            logs_with(batch_size=1),
            "self.log got batch_size=1, but the batches hold 4, 4, 2 rows",
            "leave batch_size out",
        ),
        "batch_size=len(batch)": Wrong(
            with_validation_step(
                lambda self, x, y: self.log(
                    "val_loss", F.mse_loss(self(x), y), batch_size=len((x, y))
                )
            ),
            "self.log got batch_size=2",
            "leave batch_size out",
        ),
        "summed squared errors": Wrong(
            with_validation_step(
                lambda self, x, y: self.log("val_loss", F.mse_loss(self(x), y, reduction="sum"))
            ),
            "4 times the mean squared error",
            "F.mse_loss's default reduction",
        ),
        "the mean of the batches' means": Wrong(
            ValidationMeanOfBatchMeans,
            "the plain mean of the batches' losses",
            "weighing each batch by its rows",
        ),
        "errors kept between validations": Wrong(
            ValidationKeepingItsLosses,
            "The first validation's val_loss was right, but the second's",
            "keep nothing between validations",
        ),
        "squeezed output": Wrong(
            with_validation_step(
                lambda self, x, y: self.log("val_loss", F.mse_loss(self(x).squeeze(1), y))
            ),
            BROADCASTS,
            "the model's output shape",
        ),
        "changes the weights": Wrong(
            with_validation_step(nudges_the_weights),
            "validation_step changes the weights",
            "no optimizer step",
        ),
    },
)


def minimal_as_in_lightning_version(config):  # lightning_version/minimal.py's train
    L.seed_everything(config.seed, verbose=False)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(
        make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle
    )
    model = MinimalLitRegressor(config.n_features, config.lr)
    losses = Losses()
    trainer = L.Trainer(
        max_epochs=config.epochs, callbacks=[losses], logger=False, enable_checkpointing=False
    )
    trainer.fit(model, train_loader)
    return losses.values, model.model


def minimal_with_defaults_and_floats(config):  # a default logger and checkpoints, losses as numbers
    torch.manual_seed(config.seed)
    data = make_dataset(*make_data(config)[:2])
    module = MinimalLitRegressor(n_features=config.n_features, lr=config.lr)
    recorder = Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[recorder], enable_model_summary=False)
    trainer.fit(module, DataLoader(data, batch_size=config.batch_size, shuffle=config.shuffle))
    return [loss.item() for loss in recorder.values], trainer.lightning_module.model


def minimal_trainer_first_by_steps(config):
    recorder = Losses()
    batches = -(-config.n_samples // config.batch_size)
    trainer = L.Trainer(
        max_steps=config.epochs * batches,
        callbacks=[recorder],
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
    )
    L.seed_everything(config.seed, verbose=False)
    X, y, _, _ = make_data(config)
    module = MinimalLitRegressor(config.n_features, config.lr)
    trainer.fit(
        module, DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    )
    return recorder.values, module.model


def minimal_with_neutral_settings(config):  # Trainer arguments that change no number
    L.seed_everything(config.seed, verbose=False)
    X, y, _, _ = make_data(config)
    model = MinimalLitRegressor(config.n_features, config.lr)
    losses = Losses()
    trainer = L.Trainer(
        max_epochs=config.epochs,
        callbacks=[losses],
        devices=1,
        deterministic=True,
        precision="32-true",
        gradient_clip_val=0,
        accumulate_grad_batches=1,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
    )
    trainer.fit(
        model, train_dataloaders=DataLoader(make_dataset(X, y), config.batch_size, config.shuffle)
    )
    return losses.values, model.model


def minimal(
    seed=True,
    seed_late=False,
    shuffle="config",
    batch_size=None,
    epochs="config",
    lr="config",
    callbacks=True,
    limit=None,
    returns="pair",
    draw=False,
    draw_before_fit=False,
    generator=False,
    trainer_options=None,
    accelerator="auto",
):
    """lightning_version/minimal.py's train with one thing changed: each wrong answer names its change."""

    def train(config):
        if seed and not seed_late:
            L.seed_everything(config.seed if seed is True else seed, verbose=False)
        if draw:
            np.random.rand(1), torch.rand(1)  # an extra draw between the seed and the model
        X, y, _, _ = make_data(config)
        own = {"generator": torch.Generator().manual_seed(config.seed)} if generator else {}
        train_loader = DataLoader(
            make_dataset(X, y),
            batch_size=batch_size or config.batch_size,
            shuffle=config.shuffle if shuffle == "config" else shuffle,
            **own,
        )
        model = MinimalLitRegressor(config.n_features, *([config.lr] if lr == "config" else []))
        if seed_late:
            L.seed_everything(config.seed, verbose=False)
        losses = Losses()
        options = {"limit_train_batches": limit} if limit else {}
        if epochs != "default":
            options["max_epochs"] = config.epochs if epochs == "config" else epochs(config)
        trainer = L.Trainer(
            callbacks=[losses] if callbacks else [],
            logger=False,
            enable_checkpointing=False,
            accelerator=accelerator,
            **options,
            **(trainer_options or {}),
        )
        if draw_before_fit:
            torch.randn(3)  # a draw between the model and fit: the shuffle order moves on
        trainer.fit(model, train_loader)
        return {
            "pair": (losses.values, model.model),
            "trainer": trainer,
            "values": losses.values,
            "module": (losses.values, model),
            "swapped": (model.model, losses.values),
            "new Losses": (Losses().values, model.model),
        }[returns]

    return train


SEED_FIX = "seed with the config's seed first"
LOADER_FIX = "its batch size and shuffle read from the config"
TRAINER_FIX = "build the Trainer as lesson 3 does"
STEPS_FIX = "the config's number of epochs"
PAIR_FIX = "the recorded losses first, then the trained Regressor"

minimal_train = Exercise(
    "3c",
    run=check_minimal_train,
    right={
        "as in lightning_version/minimal.py": minimal_as_in_lightning_version,
        "torch.manual_seed, default logger, floats": minimal_with_defaults_and_floats,
        "Trainer first, max_steps": minimal_trainer_first_by_steps,
        "deterministic, neutral precision, clipping and accumulation": minimal_with_neutral_settings,
    },
    wrong={
        "no seed": Wrong(minimal(seed=False), "train never seeds torch's random state", SEED_FIX),
        "seeded after the model": Wrong(
            minimal(seed_late=True),
            "seeds torch's random state only after the model is made",
            SEED_FIX,
        ),
        "another seed": Wrong(
            minimal(seed=1), "train seeds with 1, not the config's seed (7)", SEED_FIX
        ),
        "a random draw before the model": Wrong(
            minimal(draw=True),
            "something draws random numbers between the seeding and the model",
            SEED_FIX,
        ),
        "a random draw before fit": Wrong(
            minimal(draw_before_fit=True),
            "something draws random numbers between making the model and training",
            "draw nothing between making the model",
        ),
        "a generator of its own": Wrong(
            minimal(generator=True), "a generator of its own", "no generator of its own"
        ),
        "shuffle forgotten": Wrong(
            minimal(shuffle=False), "does not shuffle, but config.shuffle is True", LOADER_FIX
        ),
        "shuffle always on": Wrong(
            minimal(shuffle=True), "shuffles, but config.shuffle is False", LOADER_FIX
        ),
        "a batch size by hand": Wrong(
            minimal(batch_size=4), "batch_size=4, but config.batch_size is 5", LOADER_FIX
        ),
        "max_epochs forgotten": Wrong(
            minimal(epochs="default"),
            "would run 1000 epochs (max_epochs defaults",
            "max_epochs from the config",
        ),
        "one epoch short": Wrong(
            minimal(epochs=lambda config: config.epochs - 1),
            "train returns 12 losses, but 3 "
            "epochs of 6 batches are 18; the Trainer trained 12 steps: the Trainer was built with "
            "max_epochs=2",
            STEPS_FIX,
        ),
        "the default lr": Wrong(
            minimal(lr="default"), "'lr': 0.01", "the config's number of features and learning rate"
        ),
        "no Losses callback": Wrong(
            minimal(callbacks=False),
            "the Trainer has no Losses callback",
            "give the Trainer a Losses() callback",
        ),
        "a new Losses returned": Wrong(
            minimal(returns="new Losses"),
            "what train returns is not what that callback recorded",
            "return its values",
        ),
        "half the batches": Wrong(
            minimal(limit=0.5),
            "the Trainer was built with limit_train_batches=0.5",
            "no limit on the steps or batches",
        ),
        "gradient clipping": Wrong(
            minimal(trainer_options={"gradient_clip_val": 0.5}),
            "because of the Trainer's gradient_clip_val=0.5",
            TRAINER_FIX,
        ),
        "clipping that never acts here": Wrong(
            minimal(trainer_options={"gradient_clip_val": 1e6}),
            "The Trainer is "
            "built with gradient_clip_val=1000000.0: on these configs it changed no "
            "number",
            TRAINER_FIX,
        ),
        "gradient accumulation": Wrong(
            minimal(trainer_options={"accumulate_grad_batches": 2}),
            "because of the Trainer's accumulate_grad_batches=2",
            TRAINER_FIX,
        ),
        "bf16-mixed": Wrong(
            minimal(trainer_options={"precision": "bf16-mixed"}),
            "because of the Trainer's precision='bf16-mixed'",
            TRAINER_FIX,
        ),
        "returns the trainer": Wrong(
            minimal(returns="trainer"), "train returns a Trainer, not the pair", PAIR_FIX
        ),
        "returns the losses only": Wrong(
            minimal(returns="values"), "train returns a list of 18 items, not the pair", PAIR_FIX
        ),
        "returns (model, losses)": Wrong(
            minimal(returns="swapped"), "the other way round", "the losses first"
        ),
        "returns the LightningModule": Wrong(
            minimal(returns="module"),
            "train returns the LitRegressor as its model",
            "the Regressor inside the LightningModule",
        ),
    },
)

EXERCISES = [lit_module, validation_step, minimal_train]
