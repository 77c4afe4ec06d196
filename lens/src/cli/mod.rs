//! The `lens` command line.
