//! Differences between two states of a review (milestones, files): components, flows and findings.
