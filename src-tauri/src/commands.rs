//! The commands the UI calls. Each one is a few lines over a `lens` call: decisions about
//! architectures live in `lens`, not here.

use std::sync::{Mutex, MutexGuard, PoisonError};

use lens::model::ComponentId;
use lens::ArchitectureData;
use tauri::State;

use crate::error::AppError;

/// The architecture open in the window. Edits validate before they change anything, so the data
/// behind a poisoned lock is still whole and is used as is.
pub struct OpenArchitecture(Mutex<ArchitectureData>);

impl OpenArchitecture {
    pub fn new(data: ArchitectureData) -> Self {
        Self(Mutex::new(data))
    }

    fn lock(&self) -> MutexGuard<'_, ArchitectureData> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The architecture open in the window.
#[tauri::command]
#[specta::specta]
pub fn current_architecture(open: State<'_, OpenArchitecture>) -> ArchitectureData {
    open.lock().clone()
}

/// Renames a component and returns the architecture as it now is.
#[tauri::command]
#[specta::specta]
pub fn rename_component(
    open: State<'_, OpenArchitecture>,
    id: ComponentId,
    label: String,
) -> Result<ArchitectureData, AppError> {
    let mut data = open.lock();
    lens::samples::relabel_component(&mut data, &id, &label)?;
    Ok(data.clone())
}
