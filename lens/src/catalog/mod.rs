//! The component catalog: every kind and property of `shared/design/CATALOG.md`, as data.
