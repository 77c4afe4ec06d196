//! Export and import are inverse: on generated architectures (random kinds, properties,
//! boundaries and flows from the catalog) `export(import(export(a))) == export(a)` and
//! `import(export(a)).to_data() == a.to_data()`.

use lens::json::{export_architecture, export_data, import_architecture};
use lens::model::{Architecture, Position, Size, Value};
use lens::samples::generated;
use proptest::prelude::*;

fn round_trip(a: &Architecture) -> Result<(), TestCaseError> {
    let text = export_architecture(a);
    let back = import_architecture(&text)
        .map_err(|e| TestCaseError::fail(format!("export does not import: {e}\n{text}")))?;
    prop_assert_eq!(&back.to_data(), &a.to_data());
    prop_assert_eq!(export_architecture(&back), text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn generated_architectures_survive_export_and_import(
        size in 0usize..60,
        seed in any::<u64>(),
    ) {
        let a = Architecture::from_data_checked(generated(size, seed)).unwrap();
        round_trip(&a)?;
    }

    #[test]
    fn any_text_and_any_finite_number_survive_export_and_import(
        seed in any::<u64>(),
        name in "\\PC{0,40}",
        label in any::<String>().prop_filter("within the limit, not blank", |s| s.chars().count() <= 4096 && !s.trim().is_empty()),
        x in any::<f64>().prop_filter("finite", |x| x.is_finite()),
        y in prop_oneof![Just(-0.0), Just(1e300), Just(5e-324), Just(9007199254740993.0), -1e6f64..1e6],
        timeout in 0.0f64..1e12,
    ) {
        let mut a = Architecture::from_data_checked(generated(6, seed)).unwrap();
        a.set_name(name).unwrap();
        let first = a.components().next().unwrap().id.clone();
        a.set_component_label(&first, label).unwrap();
        a.set_component_position(&first, Some(Position { x, y })).unwrap();
        let zone = a.boundaries().next().map(|b| b.id.clone());
        if let Some(zone) = zone {
            let size = Size { width: timeout, height: x.abs() };
            a.set_boundary_layout(&zone, Some(Position { x: y, y: x }), Some(size)).unwrap();
        }
        let agent = lens::model::Component {
            id: "agent_x".into(),
            kind: "agent".into(),
            preset: None,
            label: "\"quoted\" \\ back\nslash\u{7}".into(),
            boundary: None,
            properties: [
                ("timeout_seconds".to_owned(), Value::Number(timeout)),
                ("framework".to_owned(), Value::Text("Ünïcödé 🚀 \u{0}".into())),
            ]
            .into_iter()
            .collect(),
            position: None,
        };
        a.add_component(agent).unwrap();
        round_trip(&a)?;
    }
}

#[test]
fn export_sorts_arrays_by_id_whatever_the_input_order() {
    let mut data = generated(30, 7);
    data.components.reverse();
    data.flows.reverse();
    data.boundaries.reverse();
    let a = Architecture::from_data_checked(data.clone()).unwrap();
    assert_eq!(export_data(&data), export_architecture(&a));
}

#[test]
fn export_uses_two_space_indentation_and_ends_with_a_newline() {
    let a = Architecture::from_data_checked(lens::samples::support_assistant()).unwrap();
    let text = export_architecture(&a);
    assert!(text.starts_with(
        "{\n  \"format\": \"lensboard/architecture\",\n  \"version\": 1,\n  \"name\": "
    ));
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
}

#[test]
fn properties_equal_to_the_default_are_kept_as_written() {
    let mut a = Architecture::from_data_checked(lens::samples::support_assistant()).unwrap();
    a.set_component_property(&"agent".into(), "role", Some(Value::Text("single".into())))
        .unwrap();
    let text = export_architecture(&a);
    assert!(
        text.contains("\"role\": \"single\""),
        "the author set it: keep it"
    );
}

#[test]
fn a_service_preset_is_exported_after_the_kind_and_survives_import() {
    let text = r#"{
  "format": "lensboard/architecture",
  "version": 1,
  "name": "Presets",
  "boundaries": [],
  "components": [
    {
      "id": "docs",
      "kind": "object_store",
      "preset": "s3",
      "label": "Docs",
      "boundary": null,
      "properties": {
        "encryption_at_rest": true
      }
    },
    {
      "id": "plain",
      "kind": "object_store",
      "label": "Plain",
      "boundary": null,
      "properties": {}
    }
  ],
  "flows": []
}
"#;
    let arch = import_architecture(text).expect("a preset of the component's kind imports");
    assert_eq!(
        arch.component(&"docs".into())
            .and_then(|c| c.preset.as_deref()),
        Some("s3")
    );
    assert_eq!(
        export_architecture(&arch),
        text,
        "byte-identical; no preset key without a preset"
    );
}
