//! Starter templates: the eight architecture scenarios of the Generative AI Lens, laid out and ready to review.
