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
/// replaced and the link stays.
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
    Ok(())
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
}
