//! Validation errors for values parsed at the edge (CLI, forms, configuration).

/// A value that does not satisfy the domain's rules. `field` names the input, `reason` says
/// what is wrong in words an operator understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error("{field}: {reason}")]
pub struct DomainError {
    pub field: &'static str,
    pub reason: String,
}

impl DomainError {
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }
}
