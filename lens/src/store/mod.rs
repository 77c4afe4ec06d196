//! The review file (`.lensboard`): SQLite, one module per table, forward migrations.
