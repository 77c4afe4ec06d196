//! The one vocabulary of errors: every error of this crate that can reach a person through the
//! desktop app has an [`ErrorCode`], and each code has one summary sentence. The app sends the
//! code (and the error's own message) across IPC; the UI switches on the code and shows its
//! [`ErrorCode::summary`], which it receives from here (the app exports [`ErrorCode::summaries`]
//! into the generated bindings), so that no message table is kept by hand on the other side.
//!
//! Codes are coarse on purpose: one per thing a person can understand and act on ("the file is
//! missing", "this architecture JSON has an error"). The detail (which file, which field, what
//! was expected) is in the error's message. The snake_case names are a public contract of the
//! app's IPC: a code may be added, never renamed.
//!
//! The errors of `store`, `review`, `json` and `document` give their code with `code()`;
//! [`ModelError`]'s `code()` is `ErrorCode::from(&err)`, as is [`CatalogError`]'s.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalog::CatalogError;
use crate::model::ModelError;

/// Declares [`ErrorCode`] and its summaries from one table, so that a code cannot exist without
/// a summary and [`ErrorCode::ALL`] cannot miss a code.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $code:ident = $name:literal => $summary:literal,)*) => {
        /// What went wrong, as a stable snake_case code the UI switches on (see the module docs).
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum ErrorCode {
            $($(#[doc = $doc])* #[serde(rename = $name)] $code,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$code,)*];

            /// The code's name on the wire (`file_missing`), which the UI switches on.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$code => $name,)*
                }
            }

            /// The sentence the UI shows for this code when the error's message names no file
            /// or field.
            pub fn summary(self) -> &'static str {
                match self {
                    $(ErrorCode::$code => $summary,)*
                }
            }
        }
    };
}

error_codes! {
    /// The edit named a component the architecture does not have.
    UnknownComponent = "unknown_component" => "This component is no longer in the architecture.",
    /// The edit named a flow the architecture does not have.
    UnknownFlow = "unknown_flow" => "This flow is no longer in the architecture.",
    /// The edit named a boundary the architecture does not have.
    UnknownBoundary = "unknown_boundary" => "This boundary is no longer in the architecture.",
    /// A label or name was blank or longer than [`crate::model::MAX_LABEL_CHARS`] characters.
    InvalidLabel = "invalid_label" => "A label must not be blank and can have at most 4,096 characters.",
    /// The new element's id is already used.
    DuplicateId = "duplicate_id" => "An element with this id already exists.",
    /// A flow would connect a component that does not exist.
    DanglingFlow = "dangling_flow" => "A flow must connect two components of the architecture.",
    /// A boundary would end up inside itself.
    BoundaryCycle = "boundary_cycle" => "A boundary cannot be placed inside itself.",
    /// A kind, property or value the catalog does not allow.
    InvalidValue = "invalid_value" => "The catalog does not allow this kind, property or value.",
    /// Any other invalid edit (bad id, non-finite position, negative size).
    InvalidEdit = "invalid_edit" => "This change is not valid for the architecture.",
    /// The file does not exist.
    FileMissing = "file_missing" => "The file does not exist any more.",
    /// No permission to read or write the file.
    PermissionDenied = "permission_denied" => "You do not have permission to use this file.",
    /// The path is a directory or a special file.
    NotAFile = "not_a_file" => "This is a folder or a special file, not a review.",
    /// The file is neither a Lensboard review nor architecture JSON.
    NotAReview = "not_a_review" => "This file is neither a Lensboard review nor architecture JSON.",
    /// The file is architecture or review JSON with an error in it (the message names the JSON
    /// path).
    InvalidArchitecture = "invalid_architecture" => "This architecture JSON has an error.",
    /// The review or JSON was written by a newer Lensboard.
    NewerVersion = "newer_version" => "This review was saved by a newer version of Lensboard.",
    /// The review file is damaged.
    CorruptFile = "corrupt_file" => "This review file is damaged.",
    /// Reading the file failed (I/O error).
    ReadFailed = "read_failed" => "The file could not be read.",
    /// Writing a file failed (disk full, I/O error, …); the previous file is untouched.
    WriteFailed = "write_failed" => "The review could not be saved; the previous file is unchanged.",
    /// Save was asked for a review without a file: ask where and save it there.
    NoPath = "no_path" => "Choose where to save this review.",
    /// An extra rule pack could not be used.
    InvalidPack = "invalid_pack" => "A rule pack could not be loaded.",
    /// There is no autosave of an earlier session to restore.
    NoRecovery = "no_recovery" => "There is no unsaved work to restore.",
    /// A decision without the id of its finding.
    NoFinding = "no_finding" => "A decision must name the finding it is about.",
    /// A decision whose status needs a justification came without one.
    JustificationRequired = "justification_required" => "Accepted and false-positive decisions need a justification.",
    /// A decision without an owner.
    OwnerRequired = "owner_required" => "A decision needs an owner.",
    /// A date that is not `YYYY-MM-DD`.
    InvalidDate = "invalid_date" => "Write the date as YYYY-MM-DD, for example 2026-11-25.",
    /// A ticket link that is not an http(s) link.
    InvalidTicket = "invalid_ticket" => "A ticket link must start with https:// or http://.",
    /// An answer to a checklist item the pack does not have.
    UnknownChecklistItem = "unknown_checklist_item" => "This checklist question is not part of the lens.",
    /// A milestone without a name.
    EmptyMilestoneName = "empty_milestone_name" => "A milestone needs a name.",
    /// A milestone name already used in this review.
    MilestoneExists = "milestone_exists" => "A milestone with this name already exists.",
    /// No milestone has this name (the message lists those there are).
    UnknownMilestone = "unknown_milestone" => "There is no milestone with this name.",
    /// No starter template has this id.
    UnknownTemplate = "unknown_template" => "There is no such template.",
    /// A report's audience and format do not go together (the executive and compliance reports
    /// are HTML or Markdown).
    ReportFormat = "report_format" => "This report is written as HTML or Markdown, not CSV.",
    /// A template, plan or threat model that could not be imported (the message names the file
    /// and what in it is wrong).
    ImportFailed = "import_failed" => "This file could not be imported.",
    /// An export the target format would refuse (the message lists why); nothing was written.
    ExportRefused = "export_refused" => "This export would break the format's limits; nothing was written.",
    /// The work was interrupted by a bug (a background thread failed); the review is unchanged.
    Internal = "internal" => "Something went wrong inside Lensboard; the review is unchanged.",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ErrorCode {
    /// Every code with its summary, keyed by the code: what the UI shows.
    pub fn summaries() -> BTreeMap<ErrorCode, &'static str> {
        Self::ALL.iter().map(|&c| (c, c.summary())).collect()
    }
}

impl From<&ModelError> for ErrorCode {
    fn from(err: &ModelError) -> Self {
        match err {
            ModelError::UnknownComponent { .. } => ErrorCode::UnknownComponent,
            ModelError::UnknownFlow { .. } => ErrorCode::UnknownFlow,
            ModelError::UnknownBoundary { .. } => ErrorCode::UnknownBoundary,
            ModelError::DuplicateId { .. } => ErrorCode::DuplicateId,
            ModelError::DanglingFlow { .. } => ErrorCode::DanglingFlow,
            ModelError::BoundaryCycle { .. } => ErrorCode::BoundaryCycle,
            ModelError::Catalog { source, .. } => ErrorCode::from(source.as_ref()),
            ModelError::TooLong { .. } | ModelError::BlankLabel { .. } => ErrorCode::InvalidLabel,
            ModelError::InvalidId { .. }
            | ModelError::NotFinite { .. }
            | ModelError::InvalidSize { .. } => ErrorCode::InvalidEdit,
        }
    }
}

impl From<&CatalogError> for ErrorCode {
    /// Every value the catalog refuses is one code: the message says what the catalog allows.
    fn from(_: &CatalogError) -> Self {
        ErrorCode::InvalidValue
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The codes the UI has switched on since the first release, in their wire form: a code may
    /// be added, but these must keep their names.
    const PUBLISHED: &[&str] = &[
        "unknown_component",
        "unknown_flow",
        "unknown_boundary",
        "invalid_label",
        "duplicate_id",
        "dangling_flow",
        "boundary_cycle",
        "invalid_value",
        "invalid_edit",
        "file_missing",
        "permission_denied",
        "not_a_file",
        "not_a_review",
        "invalid_architecture",
        "newer_version",
        "corrupt_file",
        "read_failed",
        "write_failed",
        "no_path",
        "invalid_pack",
        "no_recovery",
        "no_finding",
        "justification_required",
        "owner_required",
        "invalid_date",
        "invalid_ticket",
        "unknown_checklist_item",
        "empty_milestone_name",
        "milestone_exists",
        "unknown_milestone",
        "unknown_template",
        "internal",
    ];

    fn wire(code: ErrorCode) -> String {
        let json = serde_json::to_value(code).expect("a code serializes");
        let name = json.as_str().expect("a code is a string").to_owned();
        assert_eq!(name, code.as_str(), "the wire name is the code's name");
        name
    }

    #[test]
    fn every_published_code_still_exists_under_its_name() {
        let names: BTreeSet<String> = ErrorCode::ALL.iter().map(|&c| wire(c)).collect();
        for published in PUBLISHED {
            assert!(
                names.contains(*published),
                "{published} is gone; the UI of an older build switches on it"
            );
        }
    }

    #[test]
    fn every_code_has_its_own_summary_sentence() {
        let mut seen = BTreeSet::new();
        for &code in ErrorCode::ALL {
            let summary = code.summary();
            assert!(
                summary.starts_with(char::is_uppercase) && summary.ends_with('.'),
                "{code:?}: a summary is a sentence: {summary:?}"
            );
            assert!(
                seen.insert(summary),
                "{code:?} shares its summary with another code; the UI could not tell them apart"
            );
        }
        assert_eq!(ErrorCode::summaries().len(), ErrorCode::ALL.len());
    }

    #[test]
    fn a_code_reads_back_from_its_wire_name() {
        for &code in ErrorCode::ALL {
            let back: ErrorCode = serde_json::from_value(serde_json::Value::String(wire(code)))
                .expect("the wire name parses");
            assert_eq!(back, code);
        }
    }

    #[test]
    fn the_label_summary_states_the_model_limit() {
        let limit = crate::model::MAX_LABEL_CHARS;
        let written = format!("{},{:03}", limit / 1000, limit % 1000);
        assert!(
            ErrorCode::InvalidLabel.summary().contains(&written),
            "the summary must say the limit the model enforces ({written})"
        );
    }
}
