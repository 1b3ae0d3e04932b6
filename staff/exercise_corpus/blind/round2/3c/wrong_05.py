#| kind: wrong
#| what: a new Losses() object is made in the Trainer's callbacks, and another one's .values is returned: the returned list stays empty
#| expect: train returns 0 losses, but 3 epochs of 6 batches are 18, and the
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    model = minimal.LitRegressor(config.n_features, config.lr)
    losses = minimal.Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[minimal.Losses()], logger=False,
                        enable_checkpointing=False)
    trainer.fit(model, train_loader)
    return losses.values, model.model


check_minimal_train(train)
