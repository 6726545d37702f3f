//! Accounts: registration, verification, login (with a second factor), logout, password reset,
//! language.

pub mod api_tokens;
pub mod language;
pub mod login;
pub mod login_code;
pub mod my_data;
pub mod password_reset;
pub mod register;
pub mod second_factor;
mod second_factor_check;
pub mod verify;
