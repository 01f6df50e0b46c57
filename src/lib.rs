//! orgadm: administer an organization's people, invitations, roles and groups
//! from the command line, over a local SQLite file or a shared PostgreSQL
//! database.
//!
//! Layers, each arrow enforced by module privacy: [`cli`] (clap, prompts and
//! output, private to it) and [`serve`] (the invitee's web page) → [`org`]
//! (the rules: every change, `apply` included, goes through plan → impact →
//! commit; it never prints, prompts or reads the environment) → [`store`]
//! (all SQL, typed rows, SQLite and PostgreSQL backends) and [`mail`]
//! (building and transporting messages). [`error`], [`impact`], [`role`],
//! [`validate`], [`time`], [`files`] and [`config`] are leaves the layers share.

pub mod cli;
pub mod config;
pub mod csv_cell;
pub mod error;
pub mod files;
#[doc(hidden)]
pub mod fuzzing;
pub mod html;
pub mod impact;
pub mod mail;
pub mod org;
pub mod remote;
pub mod role;
pub mod serve;
pub mod store;
pub mod time;
pub mod validate;
