//! Importing a Terraform plan of 2,000 resources: 200 instances of a module (agent, model
//! guardrail and version, action group with its Lambda function and table, knowledge base, data
//! source, bucket, key) that refer to each other and, through a module variable, to one shared
//! collection; JSON text as `terraform show -json` writes it, parsed and imported each time.
//!
//! `cargo bench -p lens --bench iac -- --sample-size 10`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};

/// The resources of one module instance: (type, name, values, expressions).
fn module_resources() -> Vec<(&'static str, &'static str, Value, Value)> {
    let r = |target: &str| json!({ "references": [target, target.rsplit_once('.').map_or(target, |(a, _)| a)] });
    vec![
        (
            "aws_kms_key",
            "data",
            json!({ "enable_key_rotation": true }),
            json!({}),
        ),
        (
            "aws_bedrock_guardrail",
            "g",
            json!({ "name": "g", "content_policy_config": [ { "filters_config": [
            { "type": "PROMPT_ATTACK", "input_strength": "HIGH", "output_strength": "NONE" } ] } ] }),
            json!({ "kms_key_arn": r("aws_kms_key.data.arn") }),
        ),
        (
            "aws_bedrock_guardrail_version",
            "g",
            json!({}),
            json!({ "guardrail_arn": r("aws_bedrock_guardrail.g.guardrail_arn") }),
        ),
        (
            "aws_bedrockagent_agent",
            "a",
            json!({ "agent_name": "a", "foundation_model": "anthropic.claude-3-haiku", "guardrail_configuration": [ {} ] }),
            json!({ "customer_encryption_key_arn": r("aws_kms_key.data.arn"),
                    "guardrail_configuration": [ { "guardrail_identifier": r("aws_bedrock_guardrail.g.guardrail_id"),
                                                   "guardrail_version": r("aws_bedrock_guardrail_version.g.version") } ] }),
        ),
        (
            "aws_dynamodb_table",
            "t",
            json!({ "point_in_time_recovery": [ { "enabled": true } ] }),
            json!({}),
        ),
        (
            "aws_lambda_function",
            "f",
            json!({ "timeout": 10 }),
            json!({ "environment": [ { "variables": r("aws_dynamodb_table.t.name") } ] }),
        ),
        (
            "aws_bedrockagent_agent_action_group",
            "tools",
            json!({ "action_group_name": "tools" }),
            json!({ "agent_id": r("aws_bedrockagent_agent.a.agent_id"), "action_group_executor": [ { "lambda": r("aws_lambda_function.f.arn") } ] }),
        ),
        (
            "aws_bedrockagent_knowledge_base",
            "kb",
            json!({ "knowledge_base_configuration": [ { "vector_knowledge_base_configuration": [ {
            "embedding_model_arn": "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-embed-text-v2:0" } ] } ], "storage_configuration": [ {} ] }),
            json!({ "storage_configuration": [ { "opensearch_serverless_configuration": [ { "collection_arn": { "references": ["var.collection_arn"] } } ] } ] }),
        ),
        (
            "aws_s3_bucket",
            "docs",
            json!({ "bucket": "docs" }),
            json!({}),
        ),
        (
            "aws_bedrockagent_data_source",
            "docs",
            json!({ "data_source_configuration": [ { "type": "S3" } ] }),
            json!({ "knowledge_base_id": r("aws_bedrockagent_knowledge_base.kb.id"),
                    "data_source_configuration": [ { "s3_configuration": [ { "bucket_arn": r("aws_s3_bucket.docs.arn") } ] } ] }),
        ),
    ]
}

fn plan(instances: usize) -> String {
    let resources = module_resources();
    let child_modules: Vec<Value> = (0..instances)
        .map(|i| {
            let module = format!("module.team[\"t{i}\"]");
            let planned: Vec<Value> = resources
                .iter()
                .map(|(kind, name, values, _)| {
                    json!({ "address": format!("{module}.{kind}.{name}"), "mode": "managed",
                    "type": kind, "name": name, "index": format!("t{i}"), "values": values })
                })
                .collect();
            json!({ "address": module, "resources": planned })
        })
        .collect();
    let configured: Vec<Value> = resources
        .iter()
        .map(|(kind, name, _, expressions)| {
            json!({ "address": format!("{kind}.{name}"), "mode": "managed",
            "type": kind, "name": name, "expressions": expressions })
        })
        .collect();
    json!({
        "format_version": "1.2", "terraform_version": "1.9.8",
        "planned_values": { "root_module": {
            "resources": [ { "address": "aws_opensearchserverless_collection.shared", "mode": "managed",
                "type": "aws_opensearchserverless_collection", "name": "shared", "values": { "type": "VECTORSEARCH" } } ],
            "child_modules": child_modules } },
        "configuration": { "root_module": {
            "resources": [ { "address": "aws_opensearchserverless_collection.shared", "mode": "managed",
                "type": "aws_opensearchserverless_collection", "expressions": {} } ],
            "module_calls": { "team": {
                "expressions": { "collection_arn": { "references": ["aws_opensearchserverless_collection.shared.arn", "aws_opensearchserverless_collection.shared"] } },
                "module": { "resources": configured } } } } }
    })
    .to_string()
}

fn terraform_plan(c: &mut Criterion) {
    let text = plan(200);
    let (import, _) = lens::iac::import_text(&text, "bench", &[]).expect("the plan imports");
    assert_eq!(import.report.resources.len(), 2_001);
    eprintln!(
        "plan: {} bytes, {} components, {} flows",
        text.len(),
        import.architecture.components.len(),
        import.architecture.flows.len()
    );
    let mut group = c.benchmark_group("Terraform plan, 2,001 resources");
    group.sample_size(10);
    group.bench_function("import (parse + map + check)", |b| {
        b.iter(|| lens::iac::import_text(black_box(&text), "bench", &[]).expect("imports"))
    });
    group.finish();
}

criterion_group!(benches, terraform_plan);
criterion_main!(benches);
