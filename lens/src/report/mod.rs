//! Reports of a review: self-contained HTML (with the diagram as inline SVG), Markdown and CSV.
