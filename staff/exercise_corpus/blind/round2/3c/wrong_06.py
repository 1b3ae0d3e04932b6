#| kind: wrong
#| what: a debugging flag left in the Trainer: fast_dev_run=True runs a single batch and overrides max_epochs
#| expect: train returns 1 losses, but 3 epochs of 6 batches are 18
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    model = minimal.LitRegressor(config.n_features, config.lr)
    losses = minimal.Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[losses], logger=False, enable_checkpointing=False,
                        fast_dev_run=True)
    trainer.fit(model, train_loader)
    return losses.values, model.model


check_minimal_train(train)
