pub fn architecture_schema() -> serde_json::Value {
    serde_json::Value::Null
}
pub fn architecture_schema_json() -> String {
    String::new()
}
