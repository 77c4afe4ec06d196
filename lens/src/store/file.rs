//! The file-system side of the store: checking what a path holds before SQLite sees it, opening
//! read-only without side effects, and the atomic temp-file-and-rename write.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Corruption, StoreError, SQLITE_MAGIC};

/// Maps an error of opening or reading `path` to the user's words for it.
pub(crate) fn read_error(path: &Path, e: io::Error) -> StoreError {
    let path = path.to_owned();
    match e.kind() {
        // A path through a file (`notes.txt/review.lensboard`) does not exist either.
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => StoreError::NotFound { path },
        io::ErrorKind::PermissionDenied => StoreError::PermissionDenied { path },
        io::ErrorKind::IsADirectory => StoreError::NotAFile {
            path,
            what: "a directory",
        },
        _ => StoreError::Read { path, source: e },
    }
}

/// Opens `path` for reading as a regular file, with the errors a user understands.
pub(crate) fn open_regular_file(path: &Path) -> Result<(File, u64), StoreError> {
    let metadata = fs::metadata(path).map_err(|e| read_error(path, e))?;
    if !metadata.is_file() {
        // Never open a FIFO or a device: reading it could block or never end.
        return Err(StoreError::NotAFile {
            path: path.to_owned(),
            what: if metadata.is_dir() {
                "a directory"
            } else {
                "a special file (a pipe, socket or device)"
            },
        });
    }
    let file = File::open(path).map_err(|e| read_error(path, e))?;
    if metadata.len() == 0 {
        return Err(StoreError::Empty {
            path: path.to_owned(),
        });
    }
    Ok((file, metadata.len()))
}

/// Reads and checks the SQLite header of `path`: that it is a non-empty regular file, starts with
/// the SQLite magic, and is as long as its header says.
pub(super) fn check_header(path: &Path) -> Result<(), StoreError> {
    let (mut file, len) = open_regular_file(path)?;
    let mut header = [0u8; 100];
    let mut filled = 0;
    while filled < header.len() {
        match file.read(&mut header[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(read_error(path, e)),
        }
    }
    if filled < SQLITE_MAGIC.len() || &header[..SQLITE_MAGIC.len()] != SQLITE_MAGIC {
        return Err(StoreError::NotSqlite {
            path: path.to_owned(),
        });
    }
    let corrupt = |reason| StoreError::Corrupt {
        path: path.to_owned(),
        reason: Box::new(reason),
    };
    if filled < header.len() {
        return Err(corrupt(Corruption::Truncated {
            actual: len,
            expected: 100,
        }));
    }
    // Page size: big-endian u16 at offset 16, where 1 means 65536.
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    // The in-header page count (offset 28) is valid when the change counter (offset 24) equals
    // "version-valid-for" (offset 92), which is always the case for files SQLite 3.7+ wrote.
    let page_count = u64::from(u32::from_be_bytes(
        header[28..32].try_into().unwrap_or([0; 4]),
    ));
    let counter = &header[24..28];
    let valid_for = &header[92..96];
    if counter == valid_for && page_count > 0 {
        let expected = page_count.saturating_mul(page_size);
        if len < expected {
            return Err(corrupt(Corruption::Truncated {
                actual: len,
                expected,
            }));
        }
    }
    Ok(())
}

/// Opens the database at `path` read-only and immutable: no lock, no journal, no WAL, no write.
pub(super) fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    let uri = immutable_uri(path);
    Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::sqlite_read_error(path, e))
}

/// `file:PATH?immutable=1` with every byte of the path outside `[A-Za-z0-9/._~-]` percent-encoded, so
/// that `?`, `#`, `%` and non-UTF-8 bytes in file names survive.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut uri = String::from("file:");
    for &byte in path_bytes(&absolute).iter() {
        if byte.is_ascii_alphanumeric() || b"/._~-".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().replace('\\', "/").into_bytes()
}

/// Why writing the temporary file failed.
#[derive(Debug)]
pub enum WriteFailure {
    Io(io::Error),
    Sqlite(rusqlite::Error),
}

impl From<io::Error> for WriteFailure {
    fn from(e: io::Error) -> Self {
        WriteFailure::Io(e)
    }
}

impl From<rusqlite::Error> for WriteFailure {
    fn from(e: rusqlite::Error) -> Self {
        WriteFailure::Sqlite(e)
    }
}

/// Replaces `target` atomically with what `write` puts into a temporary file beside it.
///
/// The temporary file (`.NAME.tmp-XXXXXX`, same directory, so the rename never crosses file
/// systems) is created empty and handed to `write` by path; it is then synced, given the
/// permissions of the file it replaces, renamed over `target`, and the directory is synced so that
/// the rename itself survives a power cut. On any failure the temporary file is removed and
/// `target` is untouched. A symbolic link at `target` is followed: the file it points to is
/// replaced and the link stays. After a successful save, temporary files of the same target left
/// behind by a save that was killed (older than [`STALE_TEMP_AGE`]) are removed.
pub fn write_atomically(
    target: &Path,
    write: impl FnOnce(&Path) -> Result<(), WriteFailure>,
) -> Result<(), StoreError> {
    let target = resolve_link(target);
    let io_error = |source| StoreError::Write {
        path: target.clone(),
        source,
    };
    let name = target.file_name().ok_or_else(|| {
        io_error(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file name",
        ))
    })?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    if target.is_dir() {
        return Err(StoreError::NotAFile {
            path: target,
            what: "a directory",
        });
    }
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".tmp-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like any new file: 0666 less the umask, instead of tempfile's private 0600.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(&dir).map_err(io_error)?;

    write(temp.path()).map_err(|failure| match failure {
        WriteFailure::Io(source) => io_error(source),
        WriteFailure::Sqlite(source) => StoreError::WriteDatabase {
            path: target.clone(),
            source,
        },
    })?;
    // The writer may have replaced the file at the path; sync what is there now.
    File::open(temp.path())
        .and_then(|f| f.sync_all())
        .map_err(io_error)?;
    if let Ok(existing) = fs::metadata(&target) {
        fs::set_permissions(temp.path(), existing.permissions()).map_err(io_error)?;
    }
    temp.persist(&target).map_err(|e| io_error(e.error))?;
    sync_dir(&dir).map_err(io_error)?;
    remove_stale_temps(&dir, &prefix, STALE_TEMP_AGE);
    Ok(())
}

/// How old a temporary file must be before a later save of the same target removes it: far longer
/// than any save takes, so that a save running at the same moment in another process keeps its own.
pub const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Removes, best effort, the regular files in `dir` named `prefix` + six characters (what
/// [`write_atomically`] creates) that were last modified more than `age` ago. Failures are
/// ignored: the save itself has succeeded, and a file that cannot be removed does no harm.
pub fn remove_stale_temps(dir: &Path, prefix: &std::ffi::OsStr, age: std::time::Duration) {
    let Some(prefix) = prefix.to_str() else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_temp = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !is_temp {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|elapsed| elapsed > age);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn resolve_link(target: &Path) -> PathBuf {
    match fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(target).unwrap_or_else(|_| target.to_owned())
        }
        _ => target.to_owned(),
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Directories cannot be opened as files on Windows; `MoveFileEx` is durable on its own there.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_immutable_uri_escapes_query_and_fragment_characters() {
        let uri = immutable_uri(Path::new("/tmp/a b?c#d%e.lensboard"));
        assert_eq!(uri, "file:/tmp/a%20b%3Fc%23d%25e.lensboard?immutable=1");
    }

    #[test]
    fn a_save_removes_old_temporary_files_of_its_target_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("r.lensboard");
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let make = |name: &str, old: bool| {
            let path = dir.path().join(name);
            let file = File::create(&path).unwrap();
            if old {
                file.set_modified(hour_ago).unwrap();
            }
            path
        };
        let stale = make(".r.lensboard.tmp-Ab12cD", true);
        let fresh = make(".r.lensboard.tmp-Xy34zW", false);
        let other_target = make(".q.lensboard.tmp-Ab12cD", true);
        let other_shape = make(".r.lensboard.tmp-notes.txt", true);
        let write = |path: &Path| fs::write(path, b"review").map_err(WriteFailure::Io);
        write_atomically(&target, write).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"review");
        assert!(!stale.exists(), "the killed save's leftover is gone");
        for kept in [&fresh, &other_target, &other_shape] {
            assert!(kept.exists(), "{} is kept", kept.display());
        }
    }
}
