#| kind: right
#| what: another order where order does not matter: data and DataLoader made first, then the seed (make_data has its own generator, the shuffle draws only when iterated), then the model; Trainer left with its default logger and checkpoints (it runs in a temporary folder)
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    X, y, _, _ = make_data(config)  # seeded by config.data_seed, not by the global seed
    loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    L.seed_everything(config.seed, verbose=False)  # before the model's initial weights and the first shuffle
    module = minimal.LitRegressor(config.n_features, config.lr)
    losses_callback = minimal.Losses()
    L.Trainer(max_epochs=config.epochs, callbacks=[losses_callback]).fit(module, loader)
    return losses_callback.values, module.model


check_minimal_train(train)
