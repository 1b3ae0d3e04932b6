#| kind: wrong
#| what: returns the LightningModule (model) instead of the trained Regressor (model.model), unlike vanilla's train
#| expect: train returns the LitRegressor as its model, but vanilla's train
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    model = minimal.LitRegressor(config.n_features, config.lr)
    losses = minimal.Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[losses], logger=False, enable_checkpointing=False)
    trainer.fit(model, train_loader)
    return losses.values, model


check_minimal_train(train)
