#| kind: wrong
#| what: seeds after making the model: the initial weights come from whatever the global generator held
#| expect: only after the model is made
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = minimal.LitRegressor(config.n_features, config.lr)
    L.seed_everything(config.seed)
    losses = minimal.Losses()
    trainer = L.Trainer(
        max_epochs=config.epochs,
        callbacks=[losses],
        logger=False,
        enable_checkpointing=False,
    )
    trainer.fit(model, train_loader)
    return losses.values, model.model


check_minimal_train(train)
