//! The rule engine: rules as data, evaluated over the architecture graph into findings.
