//! CloudFormation YAML: short tags in their long forms, the same import as the JSON template,
//! and bounded aliases and nesting.

use lens::iac::{cloudformation, yaml, IacError};
use serde_json::json;

fn import_text(text: &str) -> Result<lens::iac::Import, IacError> {
    cloudformation::import_text(text, "test", &super::builtin())
}

#[test]
fn the_yaml_example_imports_exactly_as_the_json_one() {
    let read = |name: &str| std::fs::read_to_string(super::fixture(name)).expect("fixture");
    let from_yaml = import_text(&read("bedrock-agent.yaml")).expect("YAML imports");
    let from_json = import_text(&read("bedrock-agent.json")).expect("JSON imports");
    assert_eq!(
        lens::json::export_data(&from_yaml.architecture),
        lens::json::export_data(&from_json.architecture)
    );
    assert_eq!(from_yaml.report.to_text(), from_json.report.to_text());
}

#[test]
fn short_tags_become_their_long_forms() {
    let text = "A: !Ref Bucket\nB: !GetAtt Key.Arn\nC: !Sub '${X}-${!Literal}'\nD: !If [Cond, !Ref X, !Ref 'AWS::NoValue']\nE: !Join ['', [a, !Ref Y]]\nF: !Frobnicate 3\n";
    let value = yaml::parse(text).expect("parses");
    assert_eq!(
        value,
        json!({
            "A": { "Ref": "Bucket" },
            "B": { "Fn::GetAtt": ["Key", "Arn"] },
            "C": { "Fn::Sub": "${X}-${!Literal}" },
            "D": { "Fn::If": ["Cond", { "Ref": "X" }, { "Ref": "AWS::NoValue" }] },
            "E": { "Fn::Join": ["", ["a", { "Ref": "Y" }]] },
            "F": { "Fn::Frobnicate": "3" }
        })
    );
}

#[test]
fn plain_scalars_resolve_as_yaml_1_2_and_quoted_ones_stay_text() {
    let value = yaml::parse("a: true\nb: 10\nc: 0.5\nd: ~\ne: 'true'\nf: ENABLED\ng: yes\n")
        .expect("parses");
    assert_eq!(
        value,
        json!({ "a": true, "b": 10, "c": 0.5, "d": null, "e": "true", "f": "ENABLED", "g": "yes" })
    );
}

#[test]
fn an_alias_bomb_is_an_error_after_bounded_work() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut previous = "a".to_owned();
    for level in 0..12 {
        let name = format!("l{level}");
        let aliases = vec![format!("*{previous}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{aliases}]\n"));
        previous = name;
    }
    let started = std::time::Instant::now();
    let err = yaml::parse(&text).expect_err("10^13 values are refused");
    assert!(err.to_string().contains("aliases"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the budget stops the expansion early"
    );
}

#[test]
fn a_few_aliases_are_expanded() {
    let value = yaml::parse("base: &tags {Team: ai}\nother: *tags\n").expect("parses");
    assert_eq!(value["other"], json!({ "Team": "ai" }));
}

#[test]
fn nesting_deeper_than_the_limit_is_an_error_with_its_line() {
    // The parser's own limit stops flow sequences; ours stops what it lets through.
    for text in [
        format!("a: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        format!("a: {}1{}\n", "{b: ".repeat(200), "}".repeat(200)),
    ] {
        let err = yaml::parse(&text).expect_err("too deep");
        let message = err.to_string();
        assert!(
            message.contains("nested deeper") || message.contains("recursion limit"),
            "{message}"
        );
        assert!(message.contains("line 1"), "{message}");
    }
}

#[test]
fn broken_yaml_and_a_yaml_document_that_is_no_template_are_clear_errors() {
    let err = import_text("Resources:\n  A: [unclosed\n").expect_err("broken");
    assert!(err.to_string().contains("not valid YAML"), "{err}");
    let err = import_text("just some text\n").expect_err("not a template");
    assert!(matches!(err, IacError::NotATemplate(_)), "{err}");
    let err = import_text("? [a, b]\n: c\n").expect_err("a collection as a key");
    assert!(err.to_string().contains("key"), "{err}");
}
