//! orgadm: administer an organization's people, invitations, roles and groups
//! from the command line, over one local SQLite file.
//!
//! Layers: [`cli`] (clap, prompts, output) and [`serve`] (the invitee's web
//! page) → [`org`] (the rules: every change, `apply` included, goes through
//! plan → impact → commit) → [`store`] (SQLite) and [`mail`] (lettre
//! transports).

pub mod cli;
pub mod config;
pub mod error;
pub mod files;
pub mod impact;
pub mod mail;
pub mod org;
pub mod role;
pub mod serve;
pub mod store;
pub mod time;
pub mod validate;
