#| kind: right
#| what: the DataLoader's arguments passed positionally, the callback list built first, the trained Regressor read back through trainer.lightning_module
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    loader = DataLoader(make_dataset(X, y), config.batch_size, config.shuffle)  # batch_size, shuffle
    recorder = minimal.Losses()
    callbacks = [recorder]
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=callbacks, logger=False, enable_checkpointing=False,
                        enable_progress_bar=False)
    trainer.fit(minimal.LitRegressor(config.n_features, config.lr), loader)
    trained = trainer.lightning_module  # the module the Trainer trained
    return recorder.values, trained.model


check_minimal_train(train)
