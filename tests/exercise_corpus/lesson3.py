"""Exercise 3: a LightningModule (3a), its validation_step (3b), and the minimal pair's Trainer call (3c)."""
import lightning as L
import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from course.exercises import mistakes
from course.exercises.minimal_pair import check_minimal_train
from course.exercises.refactor import check_lit_module, check_validation_step
from exercise_corpus import Exercise, Wrong
from lightning_version.minimal import LitRegressor as MinimalLitRegressor
from lightning_version.minimal import Losses
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
        return {"optimizer": optimizer, "lr_scheduler": torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 1.0)}


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


def step_decay_at_100(self):
    optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr)
    return {"optimizer": optimizer, "lr_scheduler": {"scheduler": torch.optim.lr_scheduler.StepLR(optimizer, 100),
                                                     "interval": "step"}}


BROADCASTS = mistakes.name(mistakes.BROADCAST)
SGD_FIX = "return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)"

lit_module = Exercise("3a", run=check_lit_module, right={
    "as in the solution": AsInTheSolution,
    "a dict and a list": DictAndList,
    "a formula and a scheduler that keeps lr": FormulaAndAConstantScheduler,
    "weights made with type_as": WeightsMadeLikeTheTargets,
    "weights on self.device, .item() logged": WeightsOnTheModulesDevice,
    "prints and random draws": PrintsAndRandomDraws,
}, wrong={
    "returns nothing": Wrong(with_training_step(logs_but_returns_nothing), "training_step returns nothing",
                             "end training_step with `return loss`"),
    "returns a float": Wrong(with_training_step(lambda self, x, y: F.mse_loss(self(x), y).item()),
                             "training_step returns a Python float", "`return loss`"),
    "returns loss.detach()": Wrong(with_training_step(lambda self, x, y: F.mse_loss(self(x), y).detach()),
                                   "training_step returns a detached tensor", "return the loss itself"),
    "loss under no_grad": Wrong(with_training_step(loss_under_no_grad), "training_step returns a detached tensor",
                                "return the loss itself"),
    "squeezed output": Wrong(with_training_step(lambda self, x, y: F.mse_loss(self(x).squeeze(1), y)), BROADCASTS,
                             "never squeeze the model's output"),
    "summed loss": Wrong(with_training_step(lambda self, x, y: F.mse_loss(self(x), y, reduction="sum")),
                         "4 times the mean squared error", "F.mse_loss(y_hat, y)"),
    "calls backward": Wrong(with_training_step(calls_backward), "training_step calls loss.backward() itself",
                            "leave zero grad, backward and step to the Trainer"),
    "steps itself": Wrong(with_training_step(steps_itself), "training_step uses the optimizer itself",
                          "leave those steps to the Trainer"),
    "weights on the CPU": Wrong(with_training_step(weights_on_the_cpu), "training_step makes a tensor on the CPU",
                                "device=self.device"),
    "weights as a plain attribute": Wrong(WeightsAsAPlainAttribute, "self.row_weight is a tensor kept as a plain "
                                          "attribute", "self.register_buffer(\"row_weight\""),
    "weights on .cuda()": Wrong(with_training_step(weights_on_the_gpu), "names the GPU itself",
                                "where the batch is"),
    "halves the loss after epoch 1": Wrong(with_training_step(halves_after_the_first_epoch), "After 3 epochs in the "
                                           "Trainer the weights differ", "return F.mse_loss(self(x), y) from every"),
    "a learning rate by hand": Wrong(with_optimizers(lambda self: torch.optim.SGD(self.parameters(), lr=0.1)),
                                     "has lr=0.1, but the module was made with lr=0.037", SGD_FIX),
    "Adam": Wrong(with_optimizers(lambda self: torch.optim.Adam(self.parameters(), lr=self.hparams.lr)),
                  "returns Adam, not SGD", SGD_FIX),
    "momentum": Wrong(with_optimizers(lambda self: torch.optim.SGD(self.parameters(), lr=self.hparams.lr,
                                                                   momentum=0.9)), "SGD has momentum=0.9", SGD_FIX),
    "no optimizer": Wrong(with_optimizers(lambda self: None), "configure_optimizers returns None, not an optimizer",
                          SGD_FIX),
    "another model's parameters": Wrong(with_optimizers(lambda self: torch.optim.SGD(
        Regressor(self.hparams.n_features).parameters(), lr=self.hparams.lr)), "does not hold the module's own "
        "parameters", SGD_FIX),
    "a decaying scheduler": Wrong(with_optimizers(exponential_decay), "scheduler (ExponentialLR) that changes the "
                                  "learning rate from 0.1 to 0.001 after 1 epoch", SGD_FIX),
    "a scheduler that acts at step 100": Wrong(with_optimizers(step_decay_at_100), "scheduler (StepLR) that "
                                               "changes the learning rate from 0.1 to 0.01 after 100 steps", SGD_FIX),
})


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
    def __init__(self, n_features: int, lr: float):
        super().__init__(n_features, lr)
        self.val_losses = []

    def validation_step(self, batch, batch_idx):
        self.val_losses.append(F.mse_loss(self(batch[0]), batch[1]))

    def on_validation_epoch_end(self):
        self.log("val_loss", torch.stack(self.val_losses).mean())  # the list is never cleared


def nudges_the_weights(self, x, y):
    self.model.linear.bias.add_(0.01)
    self.log("val_loss", F.mse_loss(self(x), y))


LOG_FIX = "self.log(\"val_loss\", F.mse_loss(self(x), y))"

validation_step = Exercise("3b", run=check_validation_step, right={
    "as in the solution": ValidationAsInTheSolution,
    "eval, no_grad and log_dict": ValidationBeltAndBraces,
    "on_epoch=True, a print, a formula": ValidationLoggedOnEpoch,
}, wrong={
    "self.train()": Wrong(with_validation_step(validates_in_training_mode), "your validation_step switched training "
                          "mode back on", "remove self.train() from validation_step"),
    "torch.enable_grad()": Wrong(with_validation_step(validates_with_gradients), "your validation_step switched "
                                 "gradients back on", "remove torch.enable_grad() from validation_step"),
    "not logged": Wrong(with_validation_step(lambda self, x, y: F.mse_loss(self(x), y)), "logs no \"val_loss\" (it "
                        "logs nothing)", "self.log(\"val_loss\", loss)"),
    "logged under another name": Wrong(with_validation_step(lambda self, x, y: self.log("val loss", F.mse_loss(
        self(x), y))), "logs no \"val_loss\" (it logs ['val loss'])", "self.log(\"val_loss\", loss)"),
    "on the last step only": Wrong(with_validation_step(lambda self, x, y: self.log("val_loss", F.mse_loss(
        self(x), y), on_step=True, on_epoch=False)), "logs val_loss with on_epoch=False", LOG_FIX),
    "summed over batches": Wrong(with_validation_step(lambda self, x, y: self.log("val_loss", F.mse_loss(
        self(x), y), reduce_fx="sum")), "the sum of the batches' losses", LOG_FIX),
    "summed squared errors": Wrong(with_validation_step(lambda self, x, y: self.log("val_loss", F.mse_loss(
        self(x), y, reduction="sum"))), "4 times the mean squared error", "F.mse_loss(y_hat, y)"),
    "losses kept between validations": Wrong(ValidationKeepingItsLosses, "carries something over from the first "
                                             "validation", LOG_FIX),
    "squeezed output": Wrong(with_validation_step(lambda self, x, y: self.log("val_loss", F.mse_loss(
        self(x).squeeze(1), y))), BROADCASTS, "never squeeze the model's output"),
    "changes the weights": Wrong(with_validation_step(nudges_the_weights), "validation_step changes the weights",
                                 "no optimizer step in it"),
})


def minimal_as_in_lightning_version(config):  # lightning_version/minimal.py's train
    L.seed_everything(config.seed, verbose=False)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    model = MinimalLitRegressor(config.n_features, config.lr)
    losses = Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[losses], logger=False, enable_checkpointing=False)
    trainer.fit(model, train_loader)
    return losses.values, model.model


def minimal_with_defaults_and_floats(config):  # a default logger and checkpoints, losses as numbers
    torch.manual_seed(config.seed)
    data = make_dataset(*make_data(config)[:2])
    module = MinimalLitRegressor(n_features=config.n_features, lr=config.lr)
    recorder = Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[recorder], enable_model_summary=False)
    trainer.fit(module, DataLoader(data, batch_size=config.batch_size, shuffle=config.shuffle))
    return [loss.item() for loss in recorder.values], module


def minimal_trainer_first_by_steps(config):
    recorder = Losses()
    batches = -(-config.n_samples // config.batch_size)
    trainer = L.Trainer(max_steps=config.epochs * batches, callbacks=[recorder], logger=False,
                        enable_checkpointing=False, enable_progress_bar=False)
    L.seed_everything(config.seed, verbose=False)
    X, y, _, _ = make_data(config)
    module = MinimalLitRegressor(config.n_features, config.lr)
    trainer.fit(module, DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle))
    return recorder.values, module.model


def minimal(seed=True, seed_late=False, shuffle="config", batch_size=None, epochs="config", lr="config",
            callbacks=True, limit=None, returns="pair", draw=False, accelerator="auto"):
    """lightning_version/minimal.py's train with one thing changed: each wrong answer names its change."""

    def train(config):
        if seed and not seed_late:
            L.seed_everything(config.seed, verbose=False)
        if draw:
            np.random.rand(1), torch.rand(1)  # an extra draw between the seed and the model
        X, y, _, _ = make_data(config)
        train_loader = DataLoader(make_dataset(X, y), batch_size=batch_size or config.batch_size,
                                  shuffle=config.shuffle if shuffle == "config" else shuffle)
        model = MinimalLitRegressor(config.n_features, *([config.lr] if lr == "config" else []))
        if seed_late:
            L.seed_everything(config.seed, verbose=False)
        losses = Losses()
        options = {"limit_train_batches": limit} if limit else {}
        if epochs != "default":
            options["max_epochs"] = config.epochs if epochs == "config" else epochs(config)
        trainer = L.Trainer(callbacks=[losses] if callbacks else [], logger=False, enable_checkpointing=False,
                            accelerator=accelerator, **options)
        trainer.fit(model, train_loader)
        return {"pair": (losses.values, model.model), "trainer": trainer, "values": losses.values}[returns]

    return train


SEED_FIX = "L.seed_everything(config.seed)"
LOADER_FIX = "shuffle=config.shuffle"
TRAINER_FIX = "L.Trainer(max_epochs=config.epochs"

minimal_train = Exercise("3c", run=check_minimal_train, right={
    "as in lightning_version/minimal.py": minimal_as_in_lightning_version,
    "torch.manual_seed, default logger, floats": minimal_with_defaults_and_floats,
    "Trainer first, max_steps": minimal_trainer_first_by_steps,
}, wrong={
    "no seed": Wrong(minimal(seed=False), "starts from other weights", SEED_FIX),
    "seeded after the model": Wrong(minimal(seed_late=True), "starts from other weights", SEED_FIX),
    "a random draw before the model": Wrong(minimal(draw=True), "starts from other weights", SEED_FIX),
    "shuffle forgotten": Wrong(minimal(shuffle=False), "does not shuffle, but config.shuffle is True", LOADER_FIX),
    "shuffle always on": Wrong(minimal(shuffle=True), "shuffles, but config.shuffle is False", LOADER_FIX),
    "a batch size by hand": Wrong(minimal(batch_size=4), "batch_size=4, but config.batch_size is 5",
                                  "batch_size=config.batch_size"),
    "max_epochs forgotten": Wrong(minimal(epochs="default"), "would run 1000 epochs (max_epochs defaults", TRAINER_FIX),
    "one epoch short": Wrong(minimal(epochs=lambda config: config.epochs - 1), "train returns 12 losses, but 3 "
                             "epochs of 6 batches are 18 steps", TRAINER_FIX),
    "the default lr": Wrong(minimal(lr="default"), "'lr': 0.01", "LitRegressor(config.n_features, config.lr)"),
    "no Losses callback": Wrong(minimal(callbacks=False), "train returns 0 losses", "callbacks=[losses]"),
    "half the batches": Wrong(minimal(limit=0.5), "train returns 9 losses", "no limit on the batches"),
    "returns the trainer": Wrong(minimal(returns="trainer"), "not (losses, model)", "return losses.values, "
                                 "model.model"),
    "returns the losses only": Wrong(minimal(returns="values"), "not (losses, model)", "return losses.values, "
                                     "model.model"),
})

EXERCISES = [lit_module, validation_step, minimal_train]
