//! `orgadm events`: the change events (SPEC §14) as JSON lines, oldest
//! first; with `--follow`, waits for new ones until interrupted.

use std::time::Duration;

use clap::Args;

use super::backend::Backend;
use super::Ctx;
use crate::error::Result;
use crate::org::events::{check_types, PAGE};

#[derive(Args, Debug)]
pub struct EventsArgs {
    /// Only events after this sequence number (the last one you handled)
    #[arg(long, value_name = "SEQ", default_value_t = 0)]
    pub since: i64,
    /// Keep waiting for new events (until Ctrl-C or the reader goes away)
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// Only events of this type (repeatable), e.g. `person.updated`
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
}

/// How long `--follow` waits between looks for new events.
const POLL: Duration = Duration::from_millis(250);

pub fn run(ctx: &Ctx, backend: &Backend, a: EventsArgs) -> Result<()> {
    check_types(&a.types)?;
    let mut since = a.since.max(0);
    loop {
        let page = backend.events(since, &a.types, PAGE)?;
        let full = page.len() as i64 >= PAGE;
        for e in &page {
            ctx.printer.json_line(e)?;
            since = e.seq;
        }
        if full {
            continue;
        }
        if !a.follow {
            return Ok(());
        }
        std::thread::sleep(POLL);
    }
}
