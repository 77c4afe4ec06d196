//! A review: the architecture plus what the team decided about it.
