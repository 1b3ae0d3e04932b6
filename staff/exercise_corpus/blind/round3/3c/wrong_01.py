#| kind: wrong
#| what: seed set too late: the LitRegressor (its initial weights) is made before L.seed_everything
#| expect: The model starts from other weights than the vanilla loop's
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    model = minimal.LitRegressor(config.n_features, config.lr)
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    losses = minimal.Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[losses], logger=False, enable_checkpointing=False)
    trainer.fit(model, train_loader)
    return losses.values, model.model


check_minimal_train(train)
