//! Damages a file the way the robustness tests of several binaries do (`#[path]`-included): one
//! byte changed, a span cut out, or a span duplicated.

/// `bytes` with one change at `at`: `how` 0 sets the byte, 1 cuts `len` bytes, 2 repeats them.
pub fn damage(
    mut bytes: Vec<u8>,
    at: proptest::sample::Index,
    len: usize,
    byte: u8,
    how: u8,
) -> Vec<u8> {
    let i = at.index(bytes.len());
    let end = (i + len).min(bytes.len());
    match how {
        0 => bytes[i] = byte,
        1 => {
            bytes.drain(i..end);
        }
        _ => {
            let span = bytes[i..end].to_vec();
            bytes.splice(i..i, span);
        }
    }
    bytes
}
