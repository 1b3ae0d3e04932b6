#| kind: right
#| what: another order where order does not matter: seed, then the model, then the data and loader (the data has its own generator, the loader draws its shuffle only when iterated); keyword arguments everywhere, seed_everything(verbose=False), an explicit accelerator mirroring vanilla's device choice
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed, verbose=False)
    lit = minimal.LitRegressor(n_features=config.n_features, lr=config.lr)  # init weights drawn right after the seed

    X, y, _w_true, _b_true = make_data(config)  # seeded by config.data_seed, its own generator
    loader = DataLoader(dataset=make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)

    recorder = minimal.Losses()
    trainer = L.Trainer(
        max_epochs=config.epochs,
        accelerator="cuda" if torch.cuda.is_available() else "cpu",  # what vanilla's device line picks
        devices=1,
        callbacks=[recorder],
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    trainer.fit(model=lit, train_dataloaders=loader)
    return recorder.values, lit.model


check_minimal_train(train)
