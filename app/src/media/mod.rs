//! Files, on the server only: photos as they arrive (decoding, orientation, size) and sealing
//! files with the practice's key.

pub mod image;
pub mod photo_store;
pub mod seal;
