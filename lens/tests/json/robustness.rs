//! Import never panics, whatever the bytes: random bytes, and valid files damaged at random (a
//! byte changed, a span cut out, a span duplicated). Whatever it accepts exports canonically.

use lens::json::{export_architecture, import_architecture, import_architecture_bytes};
use proptest::prelude::*;

fn fixture() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/architectures/rag_with_boundaries.json"
    );
    std::fs::read_to_string(path).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = import_architecture_bytes(&bytes);
    }

    #[test]
    fn damaged_files_are_refused_or_imported_never_a_panic(
        at in any::<prop::sample::Index>(),
        len in 0usize..40,
        byte in any::<u8>(),
        how in 0u8..3,
    ) {
        let bytes = super::damage::damage(fixture().into_bytes(), at, len, byte, how);
        if let Ok(a) = import_architecture_bytes(&bytes) {
            prop_assert!(a.verify().is_ok());
            let text = export_architecture(&a);
            prop_assert_eq!(export_architecture(&import_architecture(&text).unwrap()), text);
        }
    }
}
