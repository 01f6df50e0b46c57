//! Integration tests: the real `orgadm` binary in isolated environments.

mod pg;
mod support;

mod apply;
mod audit;
mod browser;
mod events;
mod exit_codes;
mod generated;
mod groups;
mod guards;
mod hardening;
mod mail;
mod people;
mod postgres;
mod pty;
mod remote;
mod remote_writes;
mod scim;
mod scim_hostile;
mod serve;
mod snapshots;
mod storage;
mod webhooks;
