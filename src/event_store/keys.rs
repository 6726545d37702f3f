//! Key layout of the single sled tree that holds the log.
//!
//! One tree lets a whole group commit go through `apply_batch`, which sled applies atomically
//! (also across a crash), without the re-run closures of multi-tree transactions.
//!
//! | prefix | key                              | value                                |
//! |--------|----------------------------------|--------------------------------------|
//! | `e`    | position                         | the event record                     |
//! | `s`    | stream, 0, revision              | position                             |
//! | `h`    | stream                           | stream head (last revision, metadata) |
//! | `c`    | category, 0, position            | empty: the `$ce-` index              |
//! | `t`    | event type, 0, position          | empty: the `$et-` index              |
//! | `i`    | event id                         | position, revision, stream           |
//! | `x`    | `format`                         | storage format and schema version    |
//! | `x`    | `upstream`                       | id of the PostgreSQL log replicated  |
//!
//! Integers are big-endian so that byte order is numeric order. Names never contain a NUL
//! (stream names refuse control characters; event types are checked on append).

pub const EVENT: u8 = b'e';
pub const STREAM: u8 = b's';
pub const HEAD: u8 = b'h';
pub const CATEGORY: u8 = b'c';
pub const EVENT_TYPE: u8 = b't';
pub const EVENT_ID: u8 = b'i';
pub const FORMAT_KEY: &[u8] = b"xformat";
pub const UPSTREAM_KEY: &[u8] = b"xupstream";

pub fn event(position: u64) -> [u8; 9] {
    let mut key = [EVENT; 9];
    key[1..].copy_from_slice(&position.to_be_bytes());
    key
}

pub fn stream_prefix(stream: &str) -> Vec<u8> {
    named_prefix(STREAM, stream)
}

pub fn stream_entry(stream: &str, revision: u64) -> Vec<u8> {
    let mut key = stream_prefix(stream);
    key.extend_from_slice(&revision.to_be_bytes());
    key
}

pub fn head(stream: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(stream.len() + 1);
    key.push(HEAD);
    key.extend_from_slice(stream.as_bytes());
    key
}

pub fn category_prefix(category: &str) -> Vec<u8> {
    named_prefix(CATEGORY, category)
}

pub fn event_type_prefix(event_type: &str) -> Vec<u8> {
    named_prefix(EVENT_TYPE, event_type)
}

/// An index entry: the prefix of a name followed by a position or revision.
pub fn indexed(prefix: &[u8], number: u64) -> Vec<u8> {
    let mut key = Vec::with_capacity(prefix.len() + 8);
    key.extend_from_slice(prefix);
    key.extend_from_slice(&number.to_be_bytes());
    key
}

pub fn event_id(id: &uuid::Uuid) -> [u8; 17] {
    let mut key = [EVENT_ID; 17];
    key[1..].copy_from_slice(id.as_bytes());
    key
}

/// The number in the last eight bytes of an index key.
pub fn trailing_number(key: &[u8]) -> Option<u64> {
    let start = key.len().checked_sub(8)?;
    Some(u64::from_be_bytes(key[start..].try_into().ok()?))
}

pub fn number(value: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(value.get(..8)?.try_into().ok()?))
}

/// The smallest key greater than every key starting with `prefix`.
pub fn prefix_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return end;
        }
    }
    vec![u8::MAX; prefix.len() + 1]
}

fn named_prefix(kind: u8, name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(name.len() + 10);
    key.push(kind);
    key.extend_from_slice(name.as_bytes());
    key.push(0);
    key
}
