//! The mapping is data checked against the catalog: a kind, property or value it names that the
//! catalog does not have is refused with the place it was written.

use lens::catalog::Catalog;
use lens::iac::{Mapping, MappingError};

#[test]
fn the_built_in_mapping_names_only_kinds_properties_and_values_the_catalog_has() {
    let mapping = super::builtin();
    let problems = mapping.validate(Catalog::builtin());
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        mapping.resources.len() >= 20,
        "the mapping covers the resource types of the example and the common neighbours"
    );
}

#[test]
fn a_mapping_with_an_unknown_kind_property_or_value_is_refused_naming_each() {
    let text = r#"
[[resource]]
type = "AWS::Custom::Thing"
kind = "spaceship"

[[resource]]
type = "AWS::S3::Bucket"
kind = "object_store"
[[resource.property]]
path = "Foo"
prop = "warp_drive"
value = true

[[resource]]
type = "AWS::Bedrock::Agent"
kind = "agent"
fixed = { role = "captain" }
"#;
    let Err(MappingError::Invalid { problems, .. }) = Mapping::parse(text, "test.toml") else {
        panic!("an invalid mapping must be refused");
    };
    let all = problems.join("\n");
    assert!(all.contains("spaceship"), "{all}");
    assert!(all.contains("warp_drive"), "{all}");
    assert!(all.contains("captain"), "{all}");
}

#[test]
fn a_mapping_with_a_field_the_format_does_not_have_is_refused() {
    let text =
        "[[resource]]\ntype = \"AWS::S3::Bucket\"\nkind = \"object_store\"\ncolour = \"red\"\n";
    let err = Mapping::parse(text, "test.toml").expect_err("unknown fields are refused");
    assert!(err.to_string().contains("colour"), "{err}");
}

#[test]
fn a_users_mapping_replaces_the_rule_of_its_type_and_adds_new_types() {
    let mut mapping = super::builtin();
    let own = Mapping::parse(
        "[[resource]]\ntype = \"AWS::S3::Bucket\"\nkind = \"data_source\"\n\n[[resource]]\ntype = \"AWS::Example::Widget\"\nkind = \"service\"\n",
        "own.toml",
    )
    .expect("valid");
    let before = mapping.resources.len();
    mapping.merge(own);
    assert_eq!(
        mapping.resources.len(),
        before + 1,
        "one replaced, one added"
    );
    let bucket = mapping.resource("AWS::S3::Bucket").expect("bucket rule");
    assert_eq!(bucket.kind.as_deref(), Some("data_source"));
    assert!(
        bucket.properties.is_empty(),
        "the user's rule replaces the built-in one whole"
    );
    assert!(mapping.resource("AWS::Example::Widget").is_some());
}
