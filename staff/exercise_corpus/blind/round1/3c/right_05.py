#| kind: right
#| what: helper functions for the loader and the Trainer, Trainer imported as lightning.pytorch.Trainer, default_root_dir set to the current folder
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
import lightning.pytorch as pl


def make_loader(config):
    X, y, _, _ = make_data(config)
    return DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)


def make_trainer(config, callback):
    return pl.Trainer(max_epochs=config.epochs, callbacks=[callback], logger=False,
                      enable_checkpointing=False, default_root_dir=".")


def train(config):
    pl.seed_everything(config.seed, workers=True)
    loader = make_loader(config)
    lit_model = minimal.LitRegressor(config.n_features, config.lr)
    step_losses = minimal.Losses()
    make_trainer(config, step_losses).fit(lit_model, loader)
    print(f"{len(step_losses.values)} steps recorded")
    return step_losses.values, lit_model.model


check_minimal_train(train)
