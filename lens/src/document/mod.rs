//! An open review being edited: the review, its undo history, and its findings after every edit.
