//! Validation errors for values parsed at the edge (CLI, forms, configuration).

use idp_i18n::{Msg, Tr};

/// A value that does not satisfy the domain's rules. `field` names the input; `msg` says what
/// is wrong (a catalogue message, for pages in the reader's language) and `reason` says it in
/// English (the CLI's and the admin API's words).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
#[error("{field}: {reason}")]
pub struct DomainError {
    pub field: &'static str,
    pub reason: String,
    pub msg: Msg,
}

impl DomainError {
    pub fn new(field: &'static str, msg: Msg) -> Self {
        Self {
            field,
            reason: Tr::default().msg(&msg),
            msg,
        }
    }
}
