//! File › Import… and File › Export… on the open document.
//!
//! An import becomes a new, unsaved review that remembers what the source said
//! ([`Document::imported`]), or comes into the open review again ([`Document::reimport`]): the
//! code's changes arrive as one undo step, the reviewer's positions, hand-drawn additions, values
//! set by hand and decisions stay (see [`crate::iac::reimport`]). Undoing it also gives back the
//! review's record of the previous import, so that importing again after an undo reads the
//! person's work as it was. An export writes another tool's format beside the review and leaves
//! the document as it is.

use std::path::Path;

use serde::Serialize;

use super::{Document, DocumentError, Edit};
use crate::exchange::{findings_by_resource, ExportFormat, Imported, ResourceFindings, SourceKind};
use crate::iac::reimport::{self, MergeReport};
use crate::iac::ImportReport;
use crate::review::LastImport;

/// What an import did, for the app to show: how each element of the source was read and, for an
/// import into the open review, what the code changed there and what it left to the person.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportOutcome {
    /// The source's file name.
    pub source: String,
    pub kind: SourceKind,
    pub report: ImportReport,
    /// Only for an import into the open review.
    pub merge: Option<MergeReport>,
    /// Per resource, the open findings about what it became (finding ids of the snapshot).
    pub findings: Vec<ResourceFindings>,
}

/// The review's record of its last import before and after an undo step that imported again.
#[derive(Clone, Debug)]
pub(super) struct ImportSwap {
    pub before: Option<LastImport>,
    pub after: Option<LastImport>,
}

impl Document {
    /// A new review of `imported` (read from the file named `source` at `now`, Unix seconds),
    /// without a file, that records the import so that importing again can tell the code's
    /// values from a person's.
    pub fn imported(imported: &Imported, source: &str, now: i64) -> Result<Self, DocumentError> {
        let review = reimport::new_review(&imported.import, source, now)?;
        Ok(Self::new(review))
    }

    /// Imports again into this review as one undo step (see [`crate::iac::reimport::merge`]):
    /// nothing changes when the merged architecture would not be valid.
    pub fn reimport(
        &mut self,
        imported: &Imported,
        source: &str,
        now: i64,
    ) -> Result<MergeReport, DocumentError> {
        // The merge is `into_review`'s, on a copy; the document applies its outcome as one edit.
        let current = self.review.architecture.to_data();
        let mut updated = self.review.clone();
        let report = reimport::into_review(&mut updated, &imported.import, source, now)?;
        let forward = Edit::between(&current, &updated.architecture.to_data());
        let inverse = forward.apply(&mut self.review.architecture)?;
        let after = updated.last_import;
        let before = std::mem::replace(&mut self.review.last_import, after.clone());
        self.record_step(
            forward,
            inverse,
            None,
            Some(Box::new(ImportSwap { before, after })),
        );
        Ok(report)
    }

    /// The file name of the source this review was last imported from, if any.
    pub fn imported_from(&self) -> Option<&str> {
        self.review.last_import.as_ref().map(|l| l.source.as_str())
    }

    /// Writes the review in `format` to `path`, its findings evaluated with the document's
    /// pack. The document's file and dirty state are not touched.
    pub fn export_as(&self, path: &Path, format: ExportFormat) -> Result<(), DocumentError> {
        format.write(&self.review, &self.pack, path)?;
        Ok(())
    }
}

impl super::Session {
    /// File › Import…: reads `path` ([`crate::exchange::read_source`]) and opens it as a new
    /// review in place of the open one, or, with `into`, imports it into the open review again.
    /// Nothing changes when the file cannot be imported.
    pub fn import(&mut self, path: &Path, into: bool) -> Result<ImportOutcome, DocumentError> {
        let imported = crate::exchange::read_source(path, &[])?;
        let source = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let now = crate::review::unix_now();
        let merge = if into {
            Some(self.document_mut().reimport(&imported, &source, now)?)
        } else {
            self.replace(Document::imported(&imported, &source, now)?);
            None
        };
        let document = self.document();
        let decisions = &document.review().decisions;
        let findings = findings_by_resource(&imported.import.report, document.findings(), |id| {
            decisions.contains_key(id)
        });
        Ok(ImportOutcome {
            source,
            kind: imported.kind,
            report: imported.import.report,
            merge,
            findings,
        })
    }
}
