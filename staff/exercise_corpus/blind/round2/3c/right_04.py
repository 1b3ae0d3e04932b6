#| kind: right
#| what: a Lightning user's compact version: the lightning.pytorch imports, a helper that builds the loader, the callback made inline and found again through trainer.callbacks
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
from lightning.pytorch import Trainer, seed_everything


def make_train_loader(config):
    X, y, _, _ = make_data(config)
    return DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)


def train(config):
    seed_everything(config.seed, workers=True)
    train_loader = make_train_loader(config)
    model = minimal.LitRegressor(config.n_features, config.lr)
    trainer = Trainer(max_epochs=config.epochs, callbacks=[minimal.Losses()], logger=False,
                      enable_checkpointing=False)
    trainer.fit(model, train_loader)
    (recorder,) = [cb for cb in trainer.callbacks if isinstance(cb, minimal.Losses)]
    return recorder.values, model.model


check_minimal_train(train)
