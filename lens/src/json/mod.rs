//! The architecture JSON interchange of `shared/design/FORMAT.md`: strict import, deterministic export.
