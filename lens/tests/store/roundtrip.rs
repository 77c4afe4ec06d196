//! Round trips of the review file: model → SQLite → model, JSON → review → JSON, and the promises
//! around them (opening never writes, saves are atomic, Save As leaves the old file alone).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use lens::model::{
    ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Position, Trust,
    Value,
};
use lens::review::{load_any, Review, Source};
use lens::store::{self, StoreError};
use lens::Architecture;
use proptest::prelude::*;

fn review(data: ArchitectureData) -> Review {
    Review::new(Architecture::from_data(data).expect("test architectures are valid"))
}

/// An architecture using every column: nested boundaries, a component without position, and
/// property values of every type on components and flows.
fn rich() -> ArchitectureData {
    let mut data = lens::samples::support_assistant();
    data.name = "Rich ✓ \"quoted\" name".into();
    data.boundaries = vec![
        Boundary {
            id: BoundaryId::from("aws"),
            label: "AWS account".into(),
            trust: Trust::Private,
            parent: None,
            position: None,
            size: None,
        },
        Boundary {
            id: BoundaryId::from("vpc"),
            label: "Production VPC".into(),
            trust: Trust::Tenant,
            parent: Some(BoundaryId::from("aws")),
            position: None,
            size: None,
        },
        Boundary {
            id: BoundaryId::from("web"),
            label: "Internet".into(),
            trust: Trust::Internet,
            parent: None,
            position: None,
            size: None,
        },
    ];
    for c in &mut data.components {
        match c.id.as_str() {
            "agent" => {
                c.boundary = Some(BoundaryId::from("vpc"));
                c.properties
                    .insert("max_iterations".into(), Value::Number(12.0));
                c.properties
                    .insert("framework".into(), Value::Text("Strands \u{1F980}".into()));
                c.properties
                    .insert("role".into(), Value::Text("supervisor".into()));
            }
            "llm" => c.boundary = Some(BoundaryId::from("aws")),
            "vectors" => c.position = None,
            "user" => c.boundary = Some(BoundaryId::from("web")),
            _ => {}
        }
    }
    let f1 = data
        .flows
        .iter_mut()
        .find(|f| f.id.as_str() == "f1")
        .expect("f1");
    f1.properties.insert("encrypted".into(), Value::Bool(true));
    f1.properties
        .insert("carries".into(), Value::Text("confidential".into()));
    f1.properties
        .insert("label".into(), Value::Text("HTTPS".into()));
    data
}

/// The data sorted the way `Architecture::to_data` returns it.
fn canonical(data: ArchitectureData) -> ArchitectureData {
    Architecture::from_data(data).expect("valid").to_data()
}

fn saved_and_opened(review: &Review, dir: &Path) -> Review {
    let path = dir.join("review.lensboard");
    store::save(review, &path).expect("save succeeds");
    store::open(&path).expect("open succeeds")
}

#[test]
fn a_saved_review_opens_with_the_same_architecture() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.lensboard");
    let written = store::save(&review(rich()), &path).unwrap();
    let opened = store::open(&path).unwrap();
    assert_eq!(opened.architecture.to_data(), canonical(rich()));
    let saved = opened
        .saved
        .expect("an opened review knows when it was saved");
    assert_eq!(
        saved, written,
        "save returns what the file says about itself"
    );
    assert_eq!(saved.app_version, env!("CARGO_PKG_VERSION"));
    assert!(saved.created_at <= saved.modified_at);
}

#[test]
fn an_empty_architecture_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let empty = ArchitectureData::default();
    let opened = saved_and_opened(&review(empty.clone()), dir.path());
    assert_eq!(opened.architecture.to_data(), empty);
}

#[test]
fn the_file_is_marked_as_a_review_of_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.lensboard");
    store::save(&review(rich()), &path).unwrap();
    let bytes = fs::read(&path).unwrap();
    assert_eq!(&bytes[..16], store::SQLITE_MAGIC);
    let user_version = u32::from_be_bytes(bytes[60..64].try_into().unwrap());
    let application_id = i32::from_be_bytes(bytes[68..72].try_into().unwrap());
    assert_eq!(user_version, store::SCHEMA_VERSION);
    assert_eq!(application_id, store::APPLICATION_ID);
}

#[test]
fn opening_a_review_changes_neither_its_bytes_nor_its_mtime_nor_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.lensboard");
    store::save(&review(rich()), &path).unwrap();
    let bytes = fs::read(&path).unwrap();
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    let listing = || {
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    store::open(&path).unwrap();
    load_any(&path).unwrap();
    assert_eq!(fs::read(&path).unwrap(), bytes, "opening must not write");
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    assert_eq!(
        listing(),
        before,
        "no journal, WAL or temporary file appears"
    );
}

#[test]
fn saving_again_keeps_the_creation_time_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.lensboard");
    store::save(&review(rich()), &path).unwrap();
    let mut opened = store::open(&path).unwrap();
    let created = opened.saved.as_ref().unwrap().created_at;
    if let Some(saved) = opened.saved.as_mut() {
        saved.created_at = 1_000_000; // as if created long ago
    }
    store::save(&opened, &path).unwrap();
    let reopened = store::open(&path).unwrap();
    assert_eq!(reopened.saved.as_ref().unwrap().created_at, 1_000_000);
    assert!(reopened.saved.unwrap().modified_at >= created);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("r.lensboard")]);
}

#[test]
fn save_as_writes_a_new_file_and_leaves_the_old_one_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.lensboard");
    store::save(&review(rich()), &old).unwrap();
    let old_bytes = fs::read(&old).unwrap();
    let mut changed = rich();
    changed.name = "Changed".into();
    let new = dir.path().join("new.lensboard");
    store::save(&review(changed), &new).unwrap();
    assert_eq!(fs::read(&old).unwrap(), old_bytes);
    assert_eq!(store::open(&new).unwrap().architecture.name(), "Changed");
}

#[cfg(unix)]
#[test]
fn saving_over_a_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.lensboard");
    store::save(&review(rich()), &path).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    store::save(&review(rich()), &path).unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn saving_into_a_missing_directory_is_a_write_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/dir/r.lensboard");
    let err = store::save(&review(rich()), &path).unwrap_err();
    assert!(matches!(err, StoreError::Write { .. }), "{err:?}");
    assert!(err.to_string().contains("r.lensboard"), "{err}");
}

#[test]
fn file_names_with_uri_characters_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("what? #1 100% é.lensboard");
    store::save(&review(rich()), &path).unwrap();
    assert_eq!(
        store::open(&path).unwrap().architecture.to_data(),
        canonical(rich())
    );
}

#[test]
fn canonical_json_to_review_and_back_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let text = lens::json::export_data(&rich());
    let json = dir.path().join("a.json");
    fs::write(&json, &text).unwrap();
    let (from_json, source) = load_any(&json).unwrap();
    assert_eq!(source, Source::ArchitectureJson);
    let file = dir.path().join("a.lensboard");
    store::save(&from_json, &file).unwrap();
    let (from_file, source) = load_any(&file).unwrap();
    assert_eq!(source, Source::ReviewFile);
    assert_eq!(
        lens::json::export_architecture(&from_file.architecture),
        text
    );
}

// ---- property: any valid architecture survives a save and an open ----

fn id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_-]{0,8}"
}

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,24}"
}

fn component_kind_and_properties() -> impl Strategy<Value = (String, BTreeMap<String, Value>)> {
    prop_oneof![
        (any::<bool>(), any::<bool>()).prop_map(|(serverless, autoscaling)| {
            let mut p = BTreeMap::new();
            p.insert("serverless".into(), Value::Bool(serverless));
            p.insert("autoscaling".into(), Value::Bool(autoscaling));
            ("service".to_owned(), p)
        }),
        (
            1u32..100,
            text(),
            prop::sample::select(vec!["single", "supervisor", "worker"])
        )
            .prop_map(|(n, framework, role)| {
                let mut p = BTreeMap::new();
                p.insert("max_iterations".into(), Value::Number(f64::from(n)));
                p.insert("framework".into(), Value::Text(framework));
                p.insert("role".into(), Value::Text(role.into()));
                ("agent".to_owned(), p)
            }),
        Just(("user".to_owned(), BTreeMap::new())),
        Just(("human_review".to_owned(), BTreeMap::new())),
    ]
}

fn architecture() -> impl Strategy<Value = ArchitectureData> {
    let boundaries = prop::collection::btree_map(id(), (text(), 0usize..5), 0..4);
    let components = prop::collection::btree_map(
        id(),
        (
            text(),
            component_kind_and_properties(),
            prop::option::of((-1e6f64..1e6, -1e6f64..1e6)),
            any::<prop::sample::Index>(),
        ),
        0..12,
    );
    (
        text(),
        boundaries,
        components,
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                any::<bool>(),
                text(),
            ),
            0..20,
        ),
    )
        .prop_map(|(name, boundaries, components, flows)| {
            let trusts = [
                Trust::Internet,
                Trust::ThirdParty,
                Trust::Dmz,
                Trust::Tenant,
                Trust::Private,
            ];
            let boundary_ids: Vec<String> = boundaries.keys().cloned().collect();
            // Parents only point to earlier boundaries, so there is never a cycle.
            let boundaries: Vec<Boundary> = boundaries
                .into_iter()
                .enumerate()
                .map(|(i, (id, (label, t)))| Boundary {
                    id: BoundaryId(id),
                    label,
                    trust: trusts[t],
                    parent: (i > 0 && t % 2 == 0).then(|| BoundaryId(boundary_ids[t % i].clone())),
                    position: None,
                    size: None,
                })
                .collect();
            let components: Vec<Component> = components
                .into_iter()
                .map(
                    |(id, (label, (kind, properties), position, boundary))| Component {
                        id: ComponentId(id),
                        kind,
                        preset: None,
                        label,
                        boundary: (!boundary_ids.is_empty() && boundary.index(3) > 0)
                            .then(|| BoundaryId(boundary.get(&boundary_ids).clone())),
                        properties,
                        position: position.map(|(x, y)| Position { x, y }),
                    },
                )
                .collect();
            let flows: Vec<Flow> = if components.is_empty() {
                Vec::new()
            } else {
                flows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (from, to, encrypted, label))| {
                        let mut properties = BTreeMap::new();
                        properties.insert("encrypted".into(), Value::Bool(encrypted));
                        properties.insert("label".into(), Value::Text(label));
                        Flow {
                            id: FlowId(format!("f{i}")),
                            from: from.get(&components).id.clone(),
                            to: to.get(&components).id.clone(),
                            properties,
                        }
                    })
                    .collect()
            };
            ArchitectureData {
                name,
                boundaries,
                components,
                flows,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_architecture_survives_save_and_open(data in architecture()) {
        let dir = tempfile::tempdir().unwrap();
        let original = review(data);
        let opened = saved_and_opened(&original, dir.path());
        prop_assert_eq!(opened.architecture.to_data(), original.architecture.to_data());
    }

    #[test]
    fn generated_architectures_survive_json_and_the_review_file(components in 0usize..300, seed in any::<u64>()) {
        let dir = tempfile::tempdir().unwrap();
        let original = Architecture::from_data_checked(lens::samples::generated(components, seed)).unwrap();
        let text = lens::json::export_architecture(&original);
        let from_json = lens::json::import_architecture(&text).unwrap();
        let opened = saved_and_opened(&Review::new(from_json), dir.path());
        prop_assert_eq!(lens::json::export_architecture(&opened.architecture), text);
    }
}

#[test]
fn a_failed_write_leaves_the_target_and_the_directory_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.lensboard");
    store::save(&review(rich()), &path).unwrap();
    let bytes = fs::read(&path).unwrap();
    let err = store::write_atomically(&path, |temp| {
        fs::write(temp, b"half a review").unwrap();
        Err(store::WriteFailure::Io(std::io::Error::other("disk full")))
    })
    .unwrap_err();
    assert_eq!(err.code(), lens::ErrorCode::WriteFailed);
    assert!(err.to_string().contains("disk full"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes, "the old review is intact");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "the temporary file is removed: {names:?}");
}

#[cfg(unix)]
#[test]
fn saving_through_a_symbolic_link_replaces_the_file_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.lensboard");
    let link = dir.path().join("link.lensboard");
    store::save(&review(rich()), &real).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let mut changed = rich();
    changed.name = "Through the link".into();
    store::save(&review(changed), &link).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays"
    );
    assert_eq!(
        store::open(&real).unwrap().architecture.name(),
        "Through the link"
    );
}
