//! Widgets shared by several pages.

pub mod answer_prop;
pub mod confirm;
pub mod consent_text;
pub mod device;
pub mod field;
pub mod layout;
pub mod live_view;
pub mod message;
pub mod photo_viewer;
pub mod recovery_codes;
pub mod screen_lock;
pub mod signature_pad;
