#| kind: right
#| what: the model and the callback made before the data (make_data and DataLoader draw nothing from the global seed), keyword arguments for the module
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    model = minimal.LitRegressor(n_features=config.n_features, lr=config.lr)  # the initial weights: first draw
    callback = minimal.Losses()
    X, y, _, _ = make_data(config)  # its own generator (data_seed): no global draw
    train_loader = DataLoader(make_dataset(X, y), shuffle=config.shuffle, batch_size=config.batch_size)
    trainer = L.Trainer(callbacks=[callback], max_epochs=config.epochs, logger=False, enable_checkpointing=False)
    trainer.fit(model, train_loader)
    return callback.values, model.model


check_minimal_train(train)
