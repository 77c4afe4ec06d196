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

#[test]
fn the_built_in_terraform_mapping_names_only_what_the_catalog_has_and_covers_awscc() {
    let mapping = Mapping::builtin_terraform(&super::builtin()).expect("valid");
    let problems = mapping.validate(Catalog::builtin());
    assert!(problems.is_empty(), "{problems:#?}");
    for resource_type in [
        "aws_bedrockagent_agent",
        "aws_bedrockagent_agent_action_group",
        "aws_bedrockagent_knowledge_base",
        "aws_bedrock_guardrail",
        "awscc_bedrock_agent",
        "awscc_opensearchserverless_collection",
    ] {
        assert!(
            mapping.resource(resource_type).is_some(),
            "{resource_type} has a rule"
        );
    }
}

#[test]
fn cloudformation_names_become_the_cloud_control_providers_snake_case() {
    use lens::iac::mapping::{awscc_type, snake_case};
    assert_eq!(
        awscc_type("AWS::Bedrock::KnowledgeBase"),
        "awscc_bedrock_knowledge_base"
    );
    assert_eq!(
        awscc_type("AWS::OpenSearchServerless::Collection"),
        "awscc_opensearchserverless_collection"
    );
    assert_eq!(awscc_type("Custom::Thing"), "Custom::Thing");
    assert_eq!(
        snake_case("IdleSessionTTLInSeconds"),
        "idle_session_ttl_in_seconds"
    );
    assert_eq!(snake_case("KMSMasterKeyID"), "kms_master_key_id");
    assert_eq!(snake_case("S3Configuration"), "s3_configuration");
    let agent = super::builtin().awscc();
    let rule = agent.resource("awscc_bedrock_agent").expect("renamed");
    let items: Vec<&str> = rule
        .items
        .iter()
        .filter_map(|i| i.path.as_deref())
        .collect();
    assert!(
        items.contains(
            &"action_groups[action_group_state!=DISABLED,parent_action_group_signature!=AMAZON.UserInput,parent_action_group_signature!=AMAZON.CodeInterpreter]"
        ),
        "filter fields are renamed, their values kept: {items:?}"
    );
}
