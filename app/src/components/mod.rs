//! Widgets shared by several pages.

pub mod confirm;
pub mod field;
pub mod layout;
pub mod message;
pub mod screen_lock;
pub mod signature_pad;
