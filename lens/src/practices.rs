//! The best practices of the AWS Well-Architected Generative AI Lens (ids, titles, risk, links).
