#| kind: wrong
#| what: the DataLoader gets its own seeded generator: its shuffle no longer comes from the global seed as vanilla's does, so the shuffled config's order (and every number) differs; the in-order config still matches
#| expect: The losses differ from the vanilla loop's from step 0 on (epoch 0
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    generator = torch.Generator().manual_seed(config.seed)  # a reproducible shuffle
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle,
                              generator=generator)
    model = minimal.LitRegressor(config.n_features, config.lr)
    losses = minimal.Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[losses], logger=False, enable_checkpointing=False)
    trainer.fit(model, train_loader)
    return losses.values, model.model


check_minimal_train(train)
