#| kind: wrong
#| what: a new Losses() made in the return: the callback the Trainer filled is lost, the losses come back empty
#| expect: what train returns is not what that callback recorded
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = minimal.LitRegressor(config.n_features, config.lr)
    trainer = L.Trainer(
        max_epochs=config.epochs,
        callbacks=[minimal.Losses()],
        logger=False,
        enable_checkpointing=False,
    )
    trainer.fit(model, train_loader)
    return minimal.Losses().values, model.model


check_minimal_train(train)
