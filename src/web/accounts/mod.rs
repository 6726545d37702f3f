//! Accounts: registration, verification, login, logout, password reset, language.

pub mod language;
pub mod login;
pub mod my_data;
pub mod password_reset;
pub mod register;
pub mod verify;
