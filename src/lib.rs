pub mod error;
pub mod extract;
pub mod layout;
pub mod findings { pub mod scales; }
pub mod record;
