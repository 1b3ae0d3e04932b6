#| kind: wrong
#| what: the DataLoader always shuffles (shuffle=True) instead of following config.shuffle: right only for a shuffled config
#| expect: The DataLoader shuffles, but config.shuffle is False (lesson 3
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=True)
    model = minimal.LitRegressor(config.n_features, config.lr)
    losses = minimal.Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[losses], logger=False, enable_checkpointing=False)
    trainer.fit(model, train_loader)
    return losses.values, model.model


check_minimal_train(train)
