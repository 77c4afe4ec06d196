//! The `lens` command-line tool.

fn main() {
    println!("lens {}", env!("CARGO_PKG_VERSION"));
}
